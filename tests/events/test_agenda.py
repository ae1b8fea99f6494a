import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventKind
from pare.models import Status
from tests.factories import make_event

AGENDA = reverse("events:index")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def agenda(db):
    return {
        "webinar": make_event(
            title="Webinaire national",
            kind=EventKind.WEBINAR,
            first_day=days(5),
            is_online=True,
            is_free=True,
        ),
        "lyon": make_event(
            title="Formation à Lyon",
            kind=EventKind.TRAINING,
            first_day=days(10),
            department="69",
            city="Lyon",
            price="400 € TTC",
        ),
        "gap": make_event(
            title="Conférence à Gap",
            kind=EventKind.CONFERENCE,
            first_day=days(20),
            last_day=days(22),
            department="05",
            city="Gap",
            is_free=True,
        ),
        "cayenne": make_event(
            title="Table ronde à Cayenne",
            kind=EventKind.ROUND_TABLE,
            first_day=days(40),
            department="973",
            city="Cayenne",
            is_free=True,
        ),
        "clermont": make_event(
            title="Colloque à Clermont-Ferrand",
            kind=EventKind.SYMPOSIUM,
            first_day=days(60),
            department="63",
            city="Clermont-Ferrand",
        ),
        "past": make_event(
            title="Formation passée", kind=EventKind.TRAINING, first_day=days(-30), department="69"
        ),
        "draft": make_event(
            title="Brouillon secret",
            kind=EventKind.TRAINING,
            first_day=days(15),
            department="69",
            status=Status.DRAFT,
        ),
        "scheduled": make_event(
            title="Annonce programmée",
            kind=EventKind.TRAINING,
            first_day=days(15),
            department="69",
            publish_at=timezone.now() + datetime.timedelta(days=2),
        ),
    }


def titles(response):
    return [event.title for event in response.context["object_list"]]


def test_agenda_lists_upcoming_published_events_in_date_order(client, agenda):
    response = client.get(AGENDA)
    assert response.status_code == 200
    assert titles(response) == [
        "Webinaire national",
        "Formation à Lyon",
        "Conférence à Gap",
        "Table ronde à Cayenne",
        "Colloque à Clermont-Ferrand",
    ]
    assert response.context["result_count"] == 5
    assert "5 résultats" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "auvergne-rhone-alpes"}, ["Formation à Lyon", "Colloque à Clermont-Ferrand"]),
        ({"region": "guyane"}, ["Table ronde à Cayenne"]),
        ({"region": "provence-alpes-cote-dazur"}, ["Conférence à Gap"]),
        ({"departement": "973"}, ["Table ronde à Cayenne"]),
        ({"departement": "69"}, ["Formation à Lyon"]),
        ({"type": "formation"}, ["Formation à Lyon"]),
        ({"format": "en-ligne"}, ["Webinaire national"]),
        (
            {"format": "sur-place"},
            [
                "Formation à Lyon",
                "Conférence à Gap",
                "Table ronde à Cayenne",
                "Colloque à Clermont-Ferrand",
            ],
        ),
        ({"gratuit": "on"}, ["Webinaire national", "Conférence à Gap", "Table ronde à Cayenne"]),
        ({"periode": "passes"}, ["Formation passée"]),
        ({"region": "auvergne-rhone-alpes", "type": "colloque"}, ["Colloque à Clermont-Ferrand"]),
        ({"region": "auvergne-rhone-alpes", "gratuit": "on"}, []),
        ({"gratuit": "on", "format": "sur-place"}, ["Conférence à Gap", "Table ronde à Cayenne"]),
    ],
)
def test_each_filter_alone_and_combined(client, agenda, query, expected):
    assert titles(client.get(AGENDA, query)) == expected


def test_date_range_keeps_a_multi_day_event_that_overlaps_it(client, agenda):
    only_the_middle_day = {"du": days(21).isoformat(), "au": days(21).isoformat()}
    assert titles(client.get(AGENDA, only_the_middle_day)) == ["Conférence à Gap"]
    window = {"du": days(15).isoformat(), "au": days(45).isoformat()}
    assert titles(client.get(AGENDA, window)) == ["Conférence à Gap", "Table ronde à Cayenne"]


def test_date_range_and_region_combine(client, agenda):
    query = {"region": "auvergne-rhone-alpes", "du": days(30).isoformat()}
    assert titles(client.get(AGENDA, query)) == ["Colloque à Clermont-Ferrand"]


def test_filters_live_in_the_query_string_and_keep_their_state(client, agenda):
    response = client.get(AGENDA, {"region": "guyane", "gratuit": "on"})
    html = response.text
    assert '<option value="guyane" selected>' in html
    assert 'name="gratuit" id="id_gratuit" checked' in html


def test_nothing_matching_is_said_plainly(client, agenda):
    response = client.get(AGENDA, {"region": "corse"})
    assert titles(response) == []
    assert "Aucun événement ne correspond à ces filtres" in response.text
    assert "0 résultat" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"region": "atlantide"}, "Sélectionnez un choix valide"),
        ({"departement": "999"}, "Sélectionnez un choix valide"),
        ({"du": "2023-13-45"}, "Saisissez une date valide"),
        ({"type": "<script>"}, "Sélectionnez un choix valide"),
        ({"du": "2024-05-02", "au": "2024-05-01"}, "La date de fin précède la date de début"),
    ],
)
def test_a_value_that_makes_no_sense_gets_a_message_not_an_error(client, agenda, query, message):
    response = client.get(AGENDA, query)
    assert response.status_code == 200
    assert message in response.text
    assert "Certains filtres ne sont pas valides" in response.text
    assert titles(response) == []


@pytest.mark.parametrize("page", ["1000000000", "abc", "-1", "0", "1" * 400])
def test_a_page_number_that_makes_no_sense_shows_a_page_and_says_so(client, agenda, page):
    response = client.get(AGENDA, {"page": page})
    assert response.status_code == 200
    assert "existe pas : voici la page 1." in response.text
    assert len(titles(response)) == 5


def test_pagination_keeps_the_filters(client, db, settings):
    for n in range(25):
        make_event(title=f"Formation {n:02d}", first_day=days(n + 1), department="69")
    response = client.get(AGENDA, {"region": "auvergne-rhone-alpes"})
    assert len(titles(response)) == 20
    assert "region=auvergne-rhone-alpes&amp;page=2" in response.text
    second = client.get(AGENDA, {"region": "auvergne-rhone-alpes", "page": 2})
    assert len(titles(second)) == 5


def test_drafts_and_scheduled_events_are_never_listed(client, agenda):
    for query in ({}, {"region": "auvergne-rhone-alpes"}, {"type": "formation"}, {"du": days(14)}):
        html = client.get(AGENDA, query).text
        assert "Brouillon secret" not in html
        assert "Annonce programmée" not in html


def test_agenda_query_count_does_not_grow_with_the_data(page_queries, agenda):
    query = {"region": "auvergne-rhone-alpes", "gratuit": ""}
    _, small = page_queries(AGENDA, 10, data=query)
    for n in range(30):
        make_event(
            title=f"Autre {n}",
            first_day=days(n + 2),
            department="69",
            sessions=[
                {"title": "Module", "first_day": days(n + 2)},
            ],
        )
    _, large = page_queries(AGENDA, 10, data=query)
    assert large == small


def test_an_agenda_with_nothing_to_come_says_so_and_leads_to_past_events(client, db):
    make_event(title="Colloque de l'an dernier", first_day=days(-300))
    html = client.get(AGENDA).text
    assert "0 résultat<" in html
    assert "Aucun événement à venir n'est annoncé pour le moment." in html
    assert 'href="?periode=passes" rel="nofollow">Voir les événements passés' in html
    past = client.get(AGENDA, {"periode": "passes"}).text
    assert "1 résultat<" in past and "Colloque de l&#x27;an dernier" in past


def test_result_counts_follow_french_plurals(client, agenda):
    assert "0 résultat<" in client.get(AGENDA, {"region": "bretagne"}).text
    counted = re.search(r">(\d+) résultats?<", client.get(AGENDA).text)
    assert int(counted[1]) > 1 and counted[0].endswith("résultats<")


def test_an_event_that_is_over_says_so_on_its_page(client, db):
    over = make_event(title="Colloque passé", first_day=days(-3), last_day=days(-1))
    ongoing = make_event(title="Formation en cours", first_day=days(-1), last_day=days(1))
    assert "Événement passé" in client.get(over.get_absolute_url()).text
    assert "Événement passé" not in client.get(ongoing.get_absolute_url()).text


@pytest.mark.parametrize("url", [AGENDA, reverse("news:index"), reverse("resources:index")])
def test_a_reader_on_a_phone_can_skip_the_filters_to_the_results(client, db, url):
    html = client.get(url).text
    assert 'href="#resultats">Aller aux résultats' in html
    assert html.index('id="resultats"') > html.index('href="#resultats"')
