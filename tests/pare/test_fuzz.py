"""Random and hostile addresses at every public URL: never a 500, a French 400 or 404 instead.

The URLs come from the URL configuration itself (everything but the admin), so a view added
later is fuzzed too. Path converters get real values, near misses and garbage; query strings
get the filters' own keys and random ones, with broken percent-encodings, NUL and huge values.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PRIVATE_PREFIXES = ("admin/",)
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
FILTER_KEYS = [
    "page",
    "periode",
    "region",
    "departement",
    "du",
    "au",
    "type",
    "format",
    "gratuit",
    "where",
    "q",
]
NASTY = [
    "%00",
    "%FF%FE",
    "%C0%AF",
    "%E2%80%AE",
    "..%2F..%2Fetc%2Fpasswd",
    "'%20OR%201=1--",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "9" * 400,
    "-1",
    "1e308",
    "NaN",
    "2023-02-30",
    "0000-00-00",
    "99999-12-31",
    "[]",
    "%",
    "%%",
    "%2",
    "&&&",
    "===",
    "é" * 50,
    "\U0001f4a9",
]


def public_routes(patterns=None, prefix=""):
    """Every public route, as its pattern text with converters: « agenda/<slug:slug>/ »."""
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            routes += public_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


ROUTES = public_routes()
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=40
)
raw_piece = st.one_of(
    st.sampled_from(NASTY),
    text.map(lambda value: quote(value, safe="")),
    st.text(alphabet="%0123456789abcdefABCDEF&=;+?#/.-_ ", max_size=30),
)


def converter_value(converter, real_values):
    real = st.sampled_from(real_values) if real_values else st.nothing()
    if converter == "int":
        return st.one_of(
            real, st.integers(min_value=0, max_value=10**30).map(str), st.just("0" * 50)
        )
    return st.one_of(real, raw_piece, text.map(lambda value: quote(value, safe="")))


@st.composite
def addresses(draw, real_values):
    route = draw(st.sampled_from(ROUTES))

    def fill(match):
        values = real_values.get(match["name"], [])
        return draw(converter_value(match["converter"] or "str", values))

    path = "/" + CONVERTER.sub(fill, route).lstrip("^").rstrip("$")
    pairs = draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(FILTER_KEYS), raw_piece), raw_piece), max_size=5
        )
    )
    query = "&".join(f"{key}={value}" for key, value in pairs)
    return f"{path}?{query}" if query else path


@pytest.fixture
def real_values(db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    organisation = make_organisation(name="Child Focus")
    event = make_event(title="Webinaire", organisers=[organisation])
    initiative = make_initiative(title="La Boussole")
    resource = make_resource(title="Un podcast")
    make_issue(year=2023, quarter=3, events=[event])
    return {
        "slug": [organisation.slug, event.slug, initiative.slug, resource.slug],
        "year": ["2023"],
        "quarter": ["3", "5"],
    }


def assert_answered(response, address, method="get"):
    """No server error; a refusal is a readable French page (its own words, or the 400/404's)."""
    assert response.status_code < 500, address
    if method != "head" and response.status_code in (400, 404):
        assert response["Content-Type"].startswith(("text/html", "text/plain")), address
        if response["Content-Type"].startswith("text/html"):
            assert '<html lang="fr">' in response.text, address


def test_every_public_route_is_fuzzed():
    assert len(ROUTES) >= 12
    assert any("<slug:slug>" in route for route in ROUTES)
    assert not any(route.startswith("admin/") for route in ROUTES)


@FUZZ
@given(data=st.data())
def test_random_addresses_never_fail(client, real_values, data):
    address = data.draw(addresses(real_values))
    assert_answered(client.get(address), address)


@settings(FUZZ, max_examples=40)
@given(data=st.data(), method=st.sampled_from(["post", "put", "delete", "head", "options"]))
def test_other_methods_never_fail(client, real_values, data, method):
    address = data.draw(addresses(real_values))
    body = data.draw(st.dictionaries(st.sampled_from(["email", "q", "csrfmiddlewaretoken"]), text))
    send = getattr(client, method)
    response = send(address, body) if method == "post" else send(address)
    assert_answered(response, address, method)


@pytest.mark.parametrize(
    "address",
    [
        "/agenda/%FF/",
        "/numeros/99999999999999999999999/t3/",
        "/numeros/2023/t99999999999999999999/",
        "/agenda/?du=2023-02-30&au=9999-99-99",
        "/agenda/?page=%00",
        "/recherche/?q=%00%FF",
        "/partenaires/?where=%C0%AF",
        "/agenda/calendrier.ics?region=%FF&du=x",
        "/agenda/flux.xml?type=%00",
        "/" + "a/" * 200,
    ],
)
def test_known_hostile_addresses_are_answered(client, real_values, address):
    assert_answered(client.get(address), address)


def test_a_bad_request_gets_the_french_400_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/", headers={"host": "attaquant.example"})
    assert response.status_code == 400
    assert "Demande incorrecte" in response.text


def test_an_unknown_address_gets_the_french_404_page(client, db):
    response = client.get("/agenda/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
