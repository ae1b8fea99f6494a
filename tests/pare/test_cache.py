import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pare.models import Status
from tests.factories import make_event, make_issue

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
