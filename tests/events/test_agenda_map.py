"""The agenda's map follows its filters; departments are grouped by region; filters that clash."""

from html import unescape

import pytest

from events.models import Registration
from tests.events.test_agenda import AGENDA, days, titles
from tests.factories import make_event
from tests.pare.test_maps import areas


@pytest.fixture
def agenda(db):
    return [
        make_event(title="Formation à Bordeaux", first_day=days(3), department="33", is_free=True),
        make_event(title="Colloque à Bordeaux", first_day=days(9), department="33"),
        make_event(
            title="Formation complète à Mérignac",
            first_day=days(12),
            department="33",
            registration=Registration.FULL,
        ),
        make_event(
            title="Rencontre à Cayenne",
            first_day=days(20),
            department="973",
            is_free=True,
            registration=Registration.OPEN,
        ),
        make_event(
            title="Table ronde close à Lyon",
            first_day=days(30),
            department="69",
            registration=Registration.CLOSED,
        ),
        make_event(title="Colloque passé à Bordeaux", first_day=days(-20), department="33"),
        make_event(title="Webinaire", first_day=days(4), is_online=True),
    ]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"gratuit": "on"},
        {"places": "on"},
        {"periode": "passes"},
        {"region": "nouvelle-aquitaine"},
        {"departement": "33", "gratuit": "on"},
    ],
)
def test_agenda_map_figures_equal_the_lists_it_links_to(client, settings, agenda, query):
    settings.PAGE_CACHE_SECONDS = 0  # each list is read from its context
    found = areas(client.get(AGENDA, query).text)
    assert sum(figure for figure, _ in found.values()) > 0
    for name, (figure, href) in found.items():
        if figure or name in {"Lozère", "Rhône", "Guyane"}:
            listed = client.get(AGENDA + href)
            assert listed.context["result_count"] == figure, (name, query)
            assert not listed.context["filter"].errors


def test_agenda_map_counts_what_the_filters_keep(client, agenda):
    assert areas(client.get(AGENDA).text)["Gironde"][0] == 3
    assert areas(client.get(AGENDA, {"gratuit": "on"}).text)["Gironde"][0] == 1
    assert areas(client.get(AGENDA, {"places": "on"}).text)["Gironde"][0] == 2
    assert areas(client.get(AGENDA, {"periode": "passes"}).text)["Gironde"][0] == 1
    assert "Gironde : 3 événements" in unescape(client.get(AGENDA).text)
    assert "Guyane : 1 événement" in unescape(client.get(AGENDA).text)


def test_a_department_chosen_is_marked_on_the_map(client, agenda):
    html = client.get(AGENDA, {"departement": "33"}).text
    assert 'aria-label="Gironde : 3 événements" class="area level-4 current" aria-current' in html


def test_places_disponibles_leaves_out_full_and_closed_events(client, agenda):
    assert titles(client.get(AGENDA, {"places": "on"})) == [
        "Formation à Bordeaux",
        "Webinaire",
        "Colloque à Bordeaux",
        "Rencontre à Cayenne",
    ]


def test_departments_are_grouped_by_region(client, agenda):
    html = client.get(AGENDA).text
    select = html[
        html.index('name="departement"') : html.index("</select>", html.index('name="departement"'))
    ]
    assert '<optgroup label="Nouvelle-Aquitaine">' in select
    group = select[select.index('<optgroup label="Nouvelle-Aquitaine">') :]
    group = group[: group.index("</optgroup>")]
    assert 'value="33"' in group and 'value="69"' not in group
    assert (
        select.index("Auvergne-Rhône-Alpes")
        < select.index("Île-de-France")
        < select.index("Normandie")
    )
    assert "Collectivités d'outre-mer" in unescape(select)


def test_a_department_outside_the_region_gets_a_clear_message(client, agenda):
    response = client.get(AGENDA, {"region": "occitanie", "departement": "33"})
    assert "Gironde n'est pas en région Occitanie" in unescape(response.text)
    assert "0 résultat" not in response.text
    assert response.context["result_count"] == 0


def test_the_format_filter_offers_every_format_by_default(client, agenda):
    assert "Tous les formats" in client.get(AGENDA).text


def test_the_filter_form_folds_unless_filters_are_in_force(client, agenda):
    assert '<details class="filters-fold">' in client.get(AGENDA).text
    assert '<details class="filters-fold" open>' in client.get(AGENDA, {"gratuit": "on"}).text
    assert '<details class="filters-fold" open>' in client.get(AGENDA, {"du": "x"}).text


def test_agenda_with_its_map_query_count_does_not_grow(page_queries, agenda):
    _, small = page_queries(AGENDA, 10, data={"gratuit": "on"})
    for code in ("01", "13", "59", "974", "2A"):
        for n in range(3):
            make_event(first_day=days(n + 1), department=code, is_free=True)
    _, large = page_queries(AGENDA, 10, data={"gratuit": "on"})
    assert large == small
