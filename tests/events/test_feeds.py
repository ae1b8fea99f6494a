import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventKind
from pare.models import Status
from tests.factories import make_event

FEED = reverse("events:feed")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def channel(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return root.find("channel")


def titles(response):
    return [item.findtext("title") for item in channel(response).iter("item")]


@pytest.fixture
def agenda(db):
    now = timezone.now()
    return {
        "lyon": make_event(
            title="Formation à Lyon",
            kind=EventKind.TRAINING,
            first_day=days(10),
            department="69",
            city="Lyon",
            text="Repérer les signaux.",
            publish_at=now - datetime.timedelta(days=3),
        ),
        "gap": make_event(
            title="Conférence à Gap",
            kind=EventKind.CONFERENCE,
            first_day=days(20),
            department="05",
            publish_at=now - datetime.timedelta(days=1),
        ),
        "webinar": make_event(
            title="Webinaire",
            kind=EventKind.WEBINAR,
            first_day=days(5),
            is_online=True,
            publish_at=now - datetime.timedelta(days=2),
        ),
        "past": make_event(title="Formation passée", first_day=days(-30), department="69"),
        "draft": make_event(title="Brouillon secret", first_day=days(15), status=Status.DRAFT),
        "scheduled": make_event(
            title="Annonce programmée",
            first_day=days(15),
            publish_at=now + datetime.timedelta(days=2),
        ),
    }


def test_feed_lists_newly_announced_events_latest_first(client, agenda):
    assert titles(client.get(FEED)) == ["Conférence à Gap", "Webinaire", "Formation à Lyon"]


def test_feed_items_carry_link_date_place_and_categories(client, agenda):
    items = {item.findtext("title"): item for item in channel(client.get(FEED)).iter("item")}
    lyon = items["Formation à Lyon"]
    assert lyon.findtext("link") == f"http://testserver{agenda['lyon'].get_absolute_url()}"
    assert lyon.findtext("guid") == lyon.findtext("link")
    assert [c.text for c in lyon.findall("category")] == ["Formation", "Auvergne-Rhône-Alpes"]
    description = lyon.findtext("description")
    assert "Lyon" in description
    assert "Repérer les signaux." in description
    assert lyon.findtext("pubDate")


def test_feed_honours_the_agenda_filters(client, agenda):
    response = client.get(FEED, {"region": "auvergne-rhone-alpes"})
    assert titles(response) == ["Formation à Lyon"]
    assert (
        channel(response).findtext("title").endswith("nouveaux événements : Auvergne-Rhône-Alpes")
    )
    assert channel(response).findtext("link").endswith("/agenda/?region=auvergne-rhone-alpes")
    assert titles(client.get(FEED, {"format": "en-ligne"})) == ["Webinaire"]


def test_drafts_and_scheduled_events_never_reach_the_feed(client, agenda):
    for query in ({}, {"periode": "passes"}, {"type": "autre"}):
        text = client.get(FEED, query).text
        assert "Brouillon secret" not in text
        assert "Annonce programmée" not in text


def test_the_agenda_and_home_pages_link_to_the_feed(client, agenda):
    html = client.get(reverse("events:index"), {"region": "auvergne-rhone-alpes"}).text
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Nouveaux événements (RSS)" '
        f'href="{FEED}?region=auvergne-rhone-alpes">'
    ) in html
    assert f'<a href="{FEED}?region=auvergne-rhone-alpes" rel="nofollow">' in html
    home = client.get(reverse("home")).text
    assert f'type="application/rss+xml" title="Nouveaux événements (RSS)" href="{FEED}"' in home
    assert f'<a href="{FEED}">' in home


@pytest.mark.parametrize(
    "query",
    ["region=%00", "du=9999-99-99", "type=<script>", "region[]=x", "periode=demain", "page=%FF"],
)
def test_malformed_query_strings_give_a_feed_not_an_error(client, agenda, query):
    assert isinstance(titles(client.get(f"{FEED}?{query}")), list)


def test_feed_query_count_does_not_grow_with_the_data(page_queries, agenda):
    _, small = page_queries(FEED, 5)
    for n in range(40):
        make_event(first_day=days(n + 1), department="69")
    response, large = page_queries(FEED, 5)
    assert len(titles(response)) == 30
    assert large == small
