"""Whether one can still register shows in every output; an event that is over offers no call."""

import html
import json
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Registration
from newsletters.email import TEST_TOKEN, IssueEdition
from tests.events.test_agenda import days
from tests.factories import make_event, make_issue

LINES = {
    Registration.OPEN: "Inscriptions ouvertes",
    Registration.FULL: "Complet",
    Registration.CLOSED: "Inscriptions closes",
}
AVAILABILITY = {
    Registration.OPEN: "https://schema.org/InStock",
    Registration.FULL: "https://schema.org/SoldOut",
    Registration.CLOSED: "https://schema.org/SoldOut",
}


def outputs(client, event, issue):
    """Every text a reader may get that shows the event, by name."""
    agenda_calendar = Calendar.from_ical(client.get(reverse("events:calendar")).content)
    event_calendar = Calendar.from_ical(
        client.get(reverse("events:event_calendar", args=[event.slug])).content
    )
    edition = IssueEdition(issue)
    return {
        "agenda": client.get(reverse("events:index")).text,
        "event page": client.get(event.get_absolute_url()).text,
        "issue page": client.get(issue.get_absolute_url()).text,
        "e-mail (HTML)": edition.html_for(TEST_TOKEN),
        "e-mail (text)": edition.text_for(TEST_TOKEN),
        "calendar file": str(event_calendar.walk("VEVENT")[0]["DESCRIPTION"]),
        "subscribed calendar": str(agenda_calendar.walk("VEVENT")[0]["DESCRIPTION"]),
        "RSS": html.unescape(client.get(reverse("events:feed")).content.decode()),
    }


@pytest.mark.parametrize("status", list(LINES))
def test_registration_status_is_in_every_output(client, db, settings, status):
    settings.PAGE_CACHE_SECONDS = 0
    event = make_event(
        slug="colloque", registration=status, cta_label="S'inscrire", cta_url="https://ex.org/i"
    )
    issue = make_issue(events=[event])
    for name, text in outputs(client, event, issue).items():
        assert LINES[status] in html.unescape(text), name
    page = client.get(event.get_absolute_url()).text
    data = json.loads(re.search(r'application/ld\+json"[^>]*>(.*?)</script>', page, re.S)[1])
    assert data["offers"]["availability"] == AVAILABILITY[status]


def test_no_line_where_there_is_nothing_to_register_for(client, db):
    event = make_event(slug="webinaire")
    issue = make_issue(events=[event])
    for name, text in outputs(client, event, issue).items():
        for line in LINES.values():
            assert line not in text, (name, line)


def test_an_event_that_is_over_loses_its_calls_to_register_and_to_add_to_a_calendar(client, db):
    over = make_event(
        slug="passe",
        first_day=days(-3),
        registration=Registration.OPEN,
        cta_label="S'inscrire",
        cta_url="https://ex.org/inscription",
    )
    issue = make_issue(events=[over])
    edition = IssueEdition(issue)
    texts = {
        "event page": client.get(over.get_absolute_url()).text,
        "past agenda": client.get(reverse("events:index"), {"periode": "passes"}).text,
        "issue page": client.get(issue.get_absolute_url()).text,
        "e-mail (HTML)": edition.html_for(TEST_TOKEN),
        "e-mail (text)": edition.text_for(TEST_TOKEN),
    }
    for name, text in texts.items():
        assert "https://ex.org/inscription" not in text, name
        assert "Ajouter à mon agenda" not in text, name
        assert "Inscriptions ouvertes" not in text, name
        assert "Événement passé" in text, name
    assert 'class="entry-over"' in texts["event page"]
