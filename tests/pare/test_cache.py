import datetime
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pare.cache import code_version
from pare.models import Status
from tests.factories import make_event, make_issue, make_organisation

AGENDA = reverse("events:index")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.fixture
def event(db):
    return make_event(title="Formation à Lyon", department="69")


def test_second_anonymous_request_is_served_from_the_cache(client, event):
    first, computed = queries_for(client, AGENDA)
    second, cached = queries_for(client, AGENDA)
    assert computed > 0
    assert cached == 0
    assert second.content == first.content


def test_publishing_shows_at_once(client, event):
    draft = make_event(title="Colloque à Rennes", status=Status.DRAFT)
    assert "Colloque à Rennes" not in client.get(AGENDA).text
    draft.status = Status.PUBLISHED
    draft.save()
    assert "Colloque à Rennes" in client.get(AGENDA).text


def test_unpublishing_hides_at_once(client, event):
    assert "Formation à Lyon" in client.get(event.get_absolute_url()).text
    event.status = Status.DRAFT
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Formation à Lyon" not in client.get(AGENDA).text


def test_a_scheduled_entry_appears_when_it_falls_due(client, event):
    make_event(
        title="Annonce programmée", publish_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert "Annonce programmée" not in client.get(AGENDA).text
    time.sleep(1.2)
    assert "Annonce programmée" in client.get(AGENDA).text


def test_reordering_an_issue_shows_at_once(client, db):
    first, second = make_event(title="Premier"), make_event(title="Second")
    issue = make_issue(events=[first, second])
    html = client.get(issue.get_absolute_url()).text
    assert html.index("Premier") < html.index("Second")
    item = issue.event_items.get(entry=second)
    item.position = 0
    item.save()
    issue.event_items.filter(entry=first).update(position=5)
    html = client.get(issue.get_absolute_url()).text
    assert html.index("Second") < html.index("Premier")


def test_staff_previews_are_never_cached_for_the_public(client, admin_client, db):
    draft = make_event(title="Brouillon", status=Status.DRAFT)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert admin_client.get(AGENDA).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_conditional_get_answers_304(client, event):
    response = client.get(AGENDA)
    etag = response["ETag"]
    assert client.get(AGENDA, headers={"if-none-match": etag}).status_code == 304


def templates_rendered(client, url):
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        response = client.get(url)
    finally:
        template_rendered.disconnect(record)
    return response, names


@pytest.fixture
def pages_computed(settings):
    """The page cache off: every request renders its page, as for a filter never asked before."""
    settings.PAGE_CACHE_SECONDS = 0


def test_a_computed_page_reuses_each_entry_rendering(client, pages_computed, db):
    make_event(title="Formation à Lyon", organisers=[make_organisation(name="Alter Égaux")])
    first, before = templates_rendered(client, AGENDA)
    second, after = templates_rendered(client, AGENDA)
    assert "partials/_organisations.html" in before
    assert "partials/_organisations.html" not in after
    assert second.content == first.content


def test_a_change_to_an_organiser_shows_in_the_entries_at_once(client, pages_computed, db):
    organisation = make_organisation(name="Alter Égaux")
    make_event(title="Formation à Lyon", organisers=[organisation])
    assert "Alter Égaux" in client.get(AGENDA).text
    organisation.name = "Alter Égaux Grand Est"
    organisation.save()
    assert "Alter Égaux Grand Est" in client.get(AGENDA).text


def test_an_organiser_scheduled_for_later_appears_once_it_falls_due(client, pages_computed, db):
    # Long enough for an agenda page (and its map) on a loaded machine.
    organisation = make_organisation(
        name="Alter Égaux", publish_at=timezone.now() + datetime.timedelta(seconds=3)
    )
    make_event(title="Formation à Lyon", organisers=[organisation])
    link = f'href="{organisation.get_absolute_url()}">Alter Égaux</a>'
    assert "Alter Égaux" not in client.get(AGENDA).text
    time.sleep((organisation.publish_at - timezone.now()).total_seconds() + 0.2)
    assert link in client.get(AGENDA).text


def test_a_change_made_while_a_page_is_computed_is_not_kept_stale(client, event):
    """The page read the old title, then the title changed: that rendering must not be served."""

    def rename_once(sender, template, **kwargs):
        if template.name == "events/_event.html":
            template_rendered.disconnect(rename_once)
            event.title = "Formation à Villeurbanne"
            event.save()

    template_rendered.connect(rename_once)
    try:
        assert "Formation à Lyon" in client.get(AGENDA).text
    finally:
        template_rendered.disconnect(rename_once)
    assert "Formation à Villeurbanne" in client.get(AGENDA).text


def test_a_new_release_never_serves_what_an_earlier_one_cached(client, event, monkeypatch):
    queries_for(client, AGENDA)
    assert queries_for(client, AGENDA)[1] == 0
    monkeypatch.setattr("pare.cache.code_version", lambda: "une-autre-version")
    assert queries_for(client, AGENDA)[1] > 0


def test_the_code_version_follows_the_templates(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>Avant</p>")
    code_version.cache_clear()
    try:
        before = code_version()
        code_version.cache_clear()
        page.write_text("<p>Après</p>")
        assert code_version() != before
    finally:
        code_version.cache_clear()


def test_the_code_version_is_the_same_in_every_process_whatever_its_hash_seed():
    script = (
        "import django; django.setup(); from pare.cache import code_version; print(code_version())"
    )
    versions = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "pare.settings", "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert versions == {code_version()}


def test_parameters_the_page_does_not_read_share_its_cached_page(client, event):
    queries_for(client, AGENDA + "?region=auvergne-rhone-alpes&utm_source=lettre")
    response, count = queries_for(
        client, AGENDA + "?utm_medium=email&region=auvergne-rhone-alpes&fbclid=abc"
    )
    assert count == 0
    assert "Formation à Lyon" in response.text
    assert "utm_" not in response.text and "fbclid" not in response.text


def test_parameters_the_page_reads_still_make_pages_of_their_own(client, event):
    queries_for(client, AGENDA + "?region=auvergne-rhone-alpes&utm_source=a")
    response, count = queries_for(client, AGENDA + "?region=bretagne&utm_source=a")
    assert count > 0
    assert "Formation à Lyon" not in response.text


def test_junk_query_strings_do_not_grow_the_cache(client, event):
    from django.core.cache import cache

    client.get(AGENDA)
    client.get(AGENDA + "?utm_source=0")
    before = len(cache._cache)
    for number in range(50):
        client.get(f"{AGENDA}?utm_source={number}&x{number}=1")
        client.get(f"{event.get_absolute_url()}?ref={number}")
    assert len(cache._cache) - before <= 2  # the event page and its parameter list, once


def test_a_page_that_copies_its_whole_query_string_is_not_cached_with_one(rf, event):
    from django.http import HttpResponse

    from pare.cache import PublicPageCacheMiddleware

    def echo(request):
        return HttpResponse(request.GET.urlencode())

    middleware = PublicPageCacheMiddleware(echo)
    assert middleware(rf.get("/echo/?a=1")).content == b"a=1"
    assert middleware(rf.get("/echo/?a=2")).content == b"a=2"


def test_a_page_cached_for_one_host_is_not_served_for_another(client, event, settings):
    settings.ALLOWED_HOSTS = ["pare.example", "www.pare.example"]
    client.get(AGENDA, HTTP_HOST="pare.example")
    html = client.get(AGENDA, HTTP_HOST="www.pare.example").text
    assert '<link rel="canonical" href="http://www.pare.example/agenda/">' in html
