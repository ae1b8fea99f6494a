"""When nothing is upcoming, the home page and the agenda say so and show the latest past events."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pare.models import Status
from tests.factories import make_event


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def past_only(db):
    for n in range(1, 8):
        make_event(title=f"Rencontre passée {n}", first_day=days(-10 * n))
    make_event(title="Brouillon passé", first_day=days(-2), status=Status.DRAFT)


def titles(html):
    section = html.split('id="latest-past-title"', 1)[1]
    return re.findall(r'class="entry-title"><a [^>]*>([^<]+)</a>', section)


@pytest.mark.parametrize("url", [reverse("home"), reverse("events:index")])
def test_a_page_with_nothing_upcoming_says_so_and_shows_the_latest_past_events(
    client, past_only, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13):  # the agenda also counts events for its map
        html = client.get(url).content.decode()

    assert "Aucun événement à venir n'est annoncé pour le moment." in html
    assert titles(html) == [f"Rencontre passée {n}" for n in range(1, 6)]


@pytest.mark.parametrize("url", [reverse("home"), reverse("events:index")])
def test_latest_past_events_stay_away_once_something_is_upcoming(client, past_only, url):
    make_event(title="Rencontre à venir", first_day=days(3))

    html = client.get(url).content.decode()

    assert "Rencontre à venir" in html
    assert "latest-past-title" not in html


def test_a_filtered_agenda_with_no_match_does_not_show_past_events(client, past_only):
    html = client.get(reverse("events:index"), {"region": "auvergne-rhone-alpes"}).content.decode()

    assert "Aucun événement ne correspond à ces filtres" in html
    assert "latest-past-title" not in html
