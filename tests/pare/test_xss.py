"""Classic XSS payloads typed into every text field of every model stay inert wherever shown."""

import datetime
import html
import json
import xml.etree.ElementTree as ET

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, Session
from news.models import Initiative
from newsletters.email import TEST_TOKEN, IssueEdition, confirmation_message
from newsletters.models import (
    Bounce,
    Delivery,
    Issue,
    IssueLink,
    ReachCount,
    SendJob,
    Subscriber,
    SubscriberImport,
)
from pare.apps import site_apps
from pare.models import Department, Organisation, Page, Region, SiteProfile
from proposals.models import Proposal
from resources.models import Resource
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
    make_subscriber,
)
from tests.pare.html import active_content, active_content_in, parse

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
    "<a href=javascript:alert(1)>x</a>",
    "{{ 7331337|add:1 }}{% debug %}",
    "<style>*{display:none}</style>",
    "Titre\r\nATTACH:https://evil.example/x",
    'x" style="background:url(javascript:alert(1))',
]
# A URL that passes URLField validation yet tries to break out of the attribute it lands in.
URL_PAYLOAD = 'https://example.org/?q="><svg/onload=alert(1)>'
MODELS = [Organisation, Event, Session, Initiative, Resource, Issue, SiteProfile, Page]
OPTIONAL_URLS = [
    ("events:feed", {}),
    ("events:calendar", {}),
    ("newsletters:feed", {}),
    ("search", {}),
    ("subscriptions:subscribe", {}),
    ("subscriptions:sent", {}),
]


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField)
        and not field.choices
        and field.editable
        and field.name != "review_notes"  # they keep an entry a draft: never on a public page
    ]


def hostile(model, payload):
    """The payload in every text field (cut to its length); a hostile but valid URL in URLs."""
    values = {}
    for field in text_fields(model):
        if isinstance(field, models.URLField):
            values[field.name] = URL_PAYLOAD[: field.max_length]
        else:
            values[field.name] = payload[: field.max_length] if field.max_length else payload
    return values


def without_cta(values):
    """The button needs a label and one target; keep its label, give it the hostile link."""
    values.pop("cta_email", None)
    return values


@pytest.fixture
def hostile_site(db, request):
    payload = request.param
    SiteProfile(**hostile(SiteProfile, payload)).save()
    Page.objects.update(**hostile(Page, payload))
    values = hostile(Organisation, payload)
    organisation = make_organisation(name=values.pop("name"), department=None, **values)
    session = {
        **hostile(Session, payload),
        "first_day": timezone.localdate() + datetime.timedelta(days=40),
    }
    event = make_event(
        organisers=[organisation],
        sessions=[session],
        slug="evenement",
        **without_cta(hostile(Event, payload)),
    )
    initiative_values = without_cta(hostile(Initiative, payload))
    initiative = make_initiative(
        organisations=[organisation], slug="initiative", departments=["69"], **initiative_values
    )
    resource = make_resource(
        organisations=[organisation], slug="ressource", **without_cta(hostile(Resource, payload))
    )
    issue = make_issue(
        events=[event], initiatives=[initiative], resources=[resource], **hostile(Issue, payload)
    )
    return payload, [organisation, event, initiative, resource, issue]


def site_urls(entries):
    urls = [
        reverse("home"),
        reverse("newsletters:archive"),
        reverse("events:index"),
        reverse("news:index"),
        reverse("resources:index"),
        reverse("organisations:index"),
        "/sitemap.xml",
        "/nulle-part/",
        *(page.get_absolute_url() for page in Page.objects.all()),
        *(entry.get_absolute_url() for entry in entries),
    ]
    event = entries[1]
    for name, kwargs in [*OPTIONAL_URLS, ("events:event_calendar", {"slug": event.slug})]:
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    if "/recherche/" in urls:
        urls.remove("/recherche/")
        urls.append("/recherche/?q=alert")
    return urls


def check_html(response, payload):
    problems = active_content(response)
    elements = parse(response.content.decode())
    for element in elements:
        ours = element.tag == "svg" and element.attrs.get("class") == "france-map"  # pare/maps.py
        if element.tag in {"svg", "iframe", "style"} and not ours:
            problems.append(f"<{element.tag}> in the page")
        if element.tag == "img" and element.attrs.get("src") == "x":
            problems.append("<img src=x>")
        if "style" in element.attrs:
            problems.append(f"style attribute on <{element.tag}>")
        if element.tag == "script" and element.attrs.get("type") == "application/ld+json":
            data = json.loads(element.text)  # still one JSON document: nothing broke out
            assert isinstance(data, dict)
    text = response.content.decode()
    assert "7331338" not in text, "a template tag in content was evaluated"
    return problems


def check_feed(response):
    """Feed readers render descriptions as HTML: what they render must be inert too."""
    problems = []
    root = ET.fromstring(response.content)
    for description in root.iter("description"):
        fragment = description.text or ""
        problems += [f"feed: {p}" for p in active_content_in(fragment)]
        for element in parse(fragment):
            if element.tag in {"script", "svg", "iframe", "style", "img"}:
                problems.append(f"feed: <{element.tag}>")
    return problems


def check_calendar(response):
    calendar = Calendar.from_ical(response.content)
    lines = response.content.decode().splitlines()
    problems = [f"calendar line injected: {line}" for line in lines if line.startswith("ATTACH")]
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    if len(events) != sum(line == "BEGIN:VEVENT" for line in lines):
        problems.append("calendar structure broken")
    return problems


@pytest.mark.parametrize("hostile_site", PAYLOADS, indirect=True)
def test_payloads_in_every_text_field_are_inert_on_every_page(client, settings, hostile_site):
    settings.PAGE_CACHE_SECONDS = 0
    payload, entries = hostile_site
    seen_payload = False
    for url in site_urls(entries):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        content_type = response["Content-Type"]
        if content_type.startswith("text/html"):
            problems = check_html(response, payload)
            visible = html.unescape(response.content.decode())
            seen_payload |= payload.splitlines()[0][:20] in visible
        elif "xml" in content_type:
            problems = check_feed(response) if b"<rss" in response.content[:200] else []
            ET.fromstring(response.content)
        elif content_type.startswith("text/calendar"):
            problems = check_calendar(response)
        else:
            problems = []
        assert problems == [], (url, problems)
    assert seen_payload, "the payload should be shown (as text), or this test proves nothing"


def test_every_model_with_text_is_covered():
    """A model added later, with text a reader may see, must join MODELS."""
    with_text = {
        model
        for model in apps.get_models()
        if model._meta.app_config in site_apps()
        and not model.__name__.startswith("Historical")
        and text_fields(model)
    }
    # Official names loaded from django-localflavor, and sending errors, bounces, reach totals
    # and subscribers' records and imports, which only the admin shows.
    not_written_for_readers = {
        Region,
        Department,
        SendJob,
        Delivery,
        Subscriber,
        SubscriberImport,
        Bounce,
        ReachCount,
        IssueLink,
    }
    # Proposals, shown to their author and staff only: tests/proposals/test_xss.py.
    assert with_text == set(MODELS) | not_written_for_readers | {Proposal}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ],
)
def test_staff_cannot_enter_a_script_link(db, url):
    for model in (Organisation, Event, Initiative, Resource, SiteProfile):
        url_fields = [f.name for f in text_fields(model) if isinstance(f, models.URLField)]
        form_class = forms.modelform_factory(model, fields=url_fields)
        form = form_class(dict.fromkeys(url_fields, url))
        assert not form.is_valid()
        assert set(form.errors) == set(url_fields), model


def assert_inert_email(html_part, payload):
    problems = active_content_in(html_part)
    for element in parse(html_part):
        if element.tag in {"svg", "iframe", "form", "input"}:
            problems.append(f"<{element.tag}> in the e-mail")
        if element.tag == "img" and element.attrs.get("src") == "x":
            problems.append("<img src=x>")
    assert problems == []
    styles = [e.text for e in parse(html_part) if e.tag == "style"]
    assert not any("display:none" in style.replace(" ", "") for style in styles)
    assert "7331338" not in html_part
    assert payload.splitlines()[0][:20] in html.unescape(html_part)


@pytest.mark.parametrize("hostile_site", PAYLOADS, indirect=True)
def test_payloads_are_inert_in_the_issue_email(hostile_site):
    payload, entries = hostile_site
    edition = IssueEdition(entries[-1])
    assert_inert_email(edition.html_for(TEST_TOKEN), payload)
    mime = edition.message("lectrice@example.org", TEST_TOKEN).message()
    assert mime["ATTACH"] is None  # no header injected through a line break


@pytest.mark.parametrize("hostile_site", PAYLOADS, indirect=True)
def test_payloads_are_inert_in_the_confirmation_email(hostile_site):
    payload, _entries = hostile_site
    message = confirmation_message(make_subscriber())
    [(html_part, _mimetype)] = message.alternatives
    assert_inert_email(html_part, payload)
    assert message.message()["ATTACH"] is None
