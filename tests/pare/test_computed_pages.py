"""Pages computed for every new address (filter combinations, searches) stay bounded in cost."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from pare.views import BoundedPaginator
from tests.factories import make_event

AGENDA = reverse("events:index")
SEARCH = reverse("search")


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "limit", 3)


@pytest.fixture
def events(db):
    return [make_event(title=f"Formation de prévention {n}", department="69") for n in range(4)]


def test_a_list_counts_no_further_than_its_limit(client, events, small_limit):
    response = client.get(AGENDA)
    assert "Plus de 3 résultats" in response.text
    assert response.context["paginator"].count == 3
    assert len(response.context["object_list"]) == 3


def test_a_list_within_its_limit_says_its_exact_count(client, events, small_limit):
    events[0].delete()
    response = client.get(AGENDA)
    assert "3 résultats" in response.text
    assert "Plus de" not in response.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bound is the full-text one")
def test_a_search_matching_more_than_the_limit_says_so_and_ranks_a_bounded_list(
    client, events, small_limit
):
    response = client.get(SEARCH, {"q": "prévention"})
    assert "Plus de 3 résultats pour « prévention »" in response.text
    assert len(response.context["results"]) == 3


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls made to the shared cache from outside it, whatever the backend does inside."""
    cache, calls, inside = caches["default"], [], []

    def counted(name, real):
        def call(*args, **kwargs):
            if not inside:
                calls.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return call

    def start():
        for name in ("get", "get_many", "set", "add", "set_many"):
            monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
        return calls

    return start


def test_a_warm_page_costs_one_round_trip_to_the_cache(client, events, cache_calls):
    """The generation and the page together."""
    client.get(AGENDA)
    calls = cache_calls()
    assert client.get(AGENDA).status_code == 200
    assert calls == ["get_many"]


def test_a_warm_filtered_page_costs_two_round_trips_to_the_cache(client, events, cache_calls):
    """The generation with the parameters the path reads, then the page."""
    client.get(AGENDA, {"region": "auvergne-rhone-alpes"})
    calls = cache_calls()
    assert client.get(AGENDA, {"region": "auvergne-rhone-alpes"}).status_code == 200
    assert calls == ["get_many", "get"]


def test_each_filter_shows_the_value_of_its_own_address(client, events):
    client.get(AGENDA, {"region": "auvergne-rhone-alpes"})
    html = client.get(AGENDA, {"region": "grand-est"}).text
    assert '<option value="grand-est" selected>' in html
    assert '<option value="auvergne-rhone-alpes" selected>' not in html


def test_robots_are_offered_only_the_canonical_addresses(client, db):
    robots = client.get("/robots.txt").text
    assert "Disallow: /recherche/" in robots
    assert "Disallow: /*?" in robots
    assert "Allow: /*?page=" in robots


def test_a_filtered_agenda_is_not_indexed_and_its_filter_links_are_not_followed(client, events):
    assert '<meta name="robots" content="noindex">' not in client.get(AGENDA).text
    html = client.get(AGENDA, {"type": "formation"}).text
    assert '<meta name="robots" content="noindex">' in html
    assert 'periode=passes" rel="nofollow"' in html
    assert f'<link rel="canonical" href="http://testserver{AGENDA}">' in html
