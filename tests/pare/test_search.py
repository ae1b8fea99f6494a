import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pare import search
from pare.models import Status
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

SEARCH = reverse("search")
FUTURE = timezone.now() + datetime.timedelta(days=3)
HIDDEN = [{"status": Status.DRAFT}, {"publish_at": FUTURE}]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French full-text search runs on PostgreSQL"
)
fallback_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the fallback serves the other databases"
)


@pytest.fixture(autouse=True)
def fresh_pages(settings):
    """Compute every page afresh: these tests read the context of the response."""
    settings.PAGE_CACHE_SECONDS = 0


def results(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return response.context["results"]


def titles(client, q, **params):
    return [str(result.title) for result in results(client, q, **params)]


def plain_titles(client, q, **params):
    return [t.replace("<mark>", "").replace("</mark>", "") for t in titles(client, q, **params)]


@pytest.fixture
def site(db):
    organisation = make_organisation(
        name="Child Focus", abroad="Belgique", description="Fondation pour les enfants disparus."
    )
    return {
        "event": make_event(
            title="Formation à la prévention",
            text="Une journée pour repérer les signaux d'alerte.",
            city="Lyon",
            department="69",
        ),
        "initiative": make_initiative(
            title="La Boussole",
            text="Un lieu d'écoute et de PRÉVENTION pour les jeunes de Roubaix.",
            departments=["59"],
        ),
        "resource": make_resource(
            title="Le livre blanc",
            summary="Résumé : « Un état des lieux de la prostitution des mineurs. »",
            authors="Collectif",
        ),
        "organisation": organisation,
        "issue": make_issue(introduction="Ce numéro parle de prévention dans les régions."),
    }


def test_the_header_of_every_page_has_a_labelled_search_box(client, site):
    for url in (reverse("home"), reverse("events:index"), SEARCH):
        html = client.get(url).text
        assert '<form class="site-search" method="get" action="/recherche/" role="search">' in html
        assert '<label for="site-search-q">Rechercher sur le site</label>' in html
        assert 'name="q" id="site-search-q"' in html


def test_the_results_page_has_one_h1_and_a_labelled_field_keeping_the_query(client, site):
    response = client.get(SEARCH, {"q": "prévention"})
    html = response.text
    assert html.count("<h1") == 1
    assert '<label for="id_q">Mots recherchés</label>' in html
    assert 'value="prévention"' in html
    assert "3 résultats pour « prévention »" in html
    assert '<meta name="robots" content="noindex">' in html


def test_search_covers_every_kind_of_public_entry(client, site):
    kinds = {
        "Formation": "event",
        "Boussole": "initiative",
        "prostitution": "resource",
        "disparus": "organisation",
        "régions": "issue",
    }
    for word, kind in kinds.items():
        found = results(client, word)
        assert [result.kind for result in found] == [kind], word
        assert found[0].url == site[kind].get_absolute_url()


def test_accents_and_case_do_not_matter(client, site):
    expected = {"Formation à la prévention", "La Boussole", "Lettre PARÉ du 3e trimestre 2023"}
    for q in ("prévention", "prevention", "PREVENTION", "Prévention"):
        assert set(plain_titles(client, q)) == expected, q
        assert titles(client, q)[0] == "Formation à la <mark>prévention</mark>", q


def test_a_plural_finds_the_singular(client, site):
    assert plain_titles(client, "formations") == ["Formation à la prévention"]


def test_a_title_match_ranks_above_a_text_match(client, db):
    make_resource(title="Un guide", text="Ce guide parle de la prévention, entre autres sujets.")
    make_event(title="Colloque", text="Des tables rondes sur le repérage.")
    make_resource(title="La prévention", text="Un autre guide.")
    assert plain_titles(client, "prévention") == ["La prévention", "Un guide"]


def test_every_word_must_match(client, site):
    assert plain_titles(client, "prévention Lyon") == ["Formation à la prévention"]
    assert plain_titles(client, "prévention Marseille") == []


def test_matching_words_are_marked_in_the_title_and_the_snippet(client, site):
    (result,) = results(client, "Roubaix")
    assert "<mark>Roubaix</mark>" in str(result.snippet)
    (result,) = results(client, "signaux")
    assert str(result.title) == "Formation à la prévention"
    assert "<mark>signaux</mark>" in str(result.snippet)
    html = client.get(SEARCH, {"q": "signaux"}).text
    assert "<mark>signaux</mark>" in html


def test_html_in_content_never_runs_in_results(client, db):
    make_initiative(
        title="<b>Gras</b> et prévention",
        text="Avant <script>alert('x')</script> la prévention <img src=x onerror=alert(1)> après.",
    )
    html = client.get(SEARCH, {"q": "prévention"}).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>Gras</b>" not in html
    assert "&lt;b&gt;Gras&lt;/b&gt; et <mark>prévention</mark>" in html
    assert "<mark>prévention</mark>" in html


def test_the_query_itself_is_escaped(client, site):
    html = client.get(SEARCH, {"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("kind", ["event", "initiative", "resource", "organisation", "issue"])
@pytest.mark.parametrize("hidden", HIDDEN)
def test_drafts_and_scheduled_entries_are_never_found(client, admin_client, db, kind, hidden):
    makers = {
        "event": lambda **kw: make_event(title="Zanzibar secret", **kw),
        "initiative": lambda **kw: make_initiative(title="Zanzibar secret", **kw),
        "resource": lambda **kw: make_resource(title="Zanzibar secret", **kw),
        "organisation": lambda **kw: make_organisation(name="Zanzibar secret", **kw),
        "issue": lambda **kw: make_issue(introduction="Zanzibar secret", **kw),
    }
    makers[kind](**hidden)
    for reader in (client, admin_client):
        response = reader.get(SEARCH, {"q": "zanzibar"})
        assert response.context["results"] == []
        assert "Zanzibar secret" not in response.text


def test_results_are_paginated_and_a_bad_page_number_shows_a_page(client, db):
    for n in range(25):
        make_event(title=f"Prévention {n:02d}")
    assert len(results(client, "prévention")) == 20
    html = client.get(SEARCH, {"q": "prévention"}).text
    assert "q=pr%C3%A9vention&amp;page=2" in html
    assert len(results(client, "prévention", page=2)) == 5
    for page in ("abc", "0", "999", "%FF"):
        response = client.get(SEARCH, {"q": "prévention", "page": page})
        assert response.status_code == 200
        assert "existe pas : voici la page" in response.text


def test_an_empty_search_asks_for_words_without_querying_content(page_queries, site):
    response, _ = page_queries(SEARCH, 1)
    assert "Saisissez un ou plusieurs mots" in response.text
    assert response.context["results"] == []


@pytest.mark.parametrize(
    "q",
    [
        "a\x00b",
        "x" * 500,
        "!!!",
        "'",
        '"',
        '"prévention',
        "-",
        "or",
        "de la",
        "prévention & | ! :*",
        "%",
        "_",
        "\\",
        "ﬁ ﬂ œuvre",
    ],
)
def test_odd_queries_never_fail(client, site, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["q[]=x", "q=%FF%FE", "page=%00&q=a", "q=a&q=b", "q=%00"])
def test_malformed_query_strings_never_fail(client, site, query):
    assert client.get(f"{SEARCH}?{query}").status_code == 200


def test_too_long_or_invalid_queries_say_so(client, site):
    response = client.get(SEARCH, {"q": "x" * 500})
    assert "Cette recherche n" in response.text
    assert response.context["results"] == []


def test_search_runs_a_bounded_number_of_queries(page_queries, site):
    page_queries(SEARCH, 7, data={"q": "prévention"})
    organisation = make_organisation()
    for n in range(30):
        make_event(title=f"Prévention {n}", organisers=[organisation], department="69")
        make_initiative(title=f"Prévention {n}", departments=["69"], organisations=[organisation])
        make_resource(title=f"Prévention {n}", organisations=[organisation])
        make_organisation(name=f"Prévention {n}", department_id="69")
        make_issue(year=1990 + n, quarter=1, introduction="La prévention.")
    response, _ = page_queries(SEARCH, 7, data={"q": "prévention"})
    assert len(response.context["results"]) == 20
    page_queries(SEARCH, 7, data={"q": "prévention", "page": 4})


@postgresql_only
def test_french_stemming_finds_other_forms_of_a_word(client, site):
    assert plain_titles(client, "signal") == ["Formation à la prévention"]
    assert "<mark>signaux</mark>" in str(results(client, "signal")[0].snippet)
    assert plain_titles(client, "Préventions")[0] == "Formation à la prévention"
    assert plain_titles(client, "jeune") == ["La Boussole"]


@postgresql_only
def test_search_engine_syntax_is_understood(client, site):
    assert set(plain_titles(client, "prévention -Lyon")) == {
        "La Boussole",
        "Lettre PARÉ du 3e trimestre 2023",
    }
    assert plain_titles(client, '"repérer les signaux"') == ["Formation à la prévention"]
    assert set(plain_titles(client, "Roubaix or Lyon")) == {
        "La Boussole",
        "Formation à la prévention",
    }


@postgresql_only
def test_each_kind_is_searched_through_its_gin_index(db):
    query = search.full_text_query("prévention")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    for source in search.sources().values():
        plan = (
            source.model.objects.alias(document=source.stored_vector())
            .filter(document=query)
            .order_by()
            .values("pk")
            .explain()
        )
        assert f"{source.kind}_search_idx" in plan, plan


@fallback_only
def test_the_fallback_folds_accents_ligatures_and_plurals():
    assert search.fold("Œuvre Prévention ÉLÈVES") == "oeuvre prevention eleves"
    assert search.terms("Les formations de la prévention, des jeux") == [
        "formation",
        "prevention",
        "jeu",
    ]
    assert search.terms("Les Préventions") == ["prevention"]


@fallback_only
def test_the_fallback_matches_inside_words_a_documented_limit(client, db):
    make_organisation(name="Réseau partenaire")
    assert plain_titles(client, "art") == ["Réseau partenaire"]


@postgresql_only
def test_each_model_declares_the_weights_its_stored_column_computes(db):
    for source in search.sources().values():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute"
                " ON attrelid = adrelid AND attnum = adnum"
                " WHERE adrelid = %s::regclass AND attname = 'search_vector'",
                [source.model._meta.db_table],
            )
            (expression,) = cursor.fetchone()
        stored = {
            weight: tuple(re.findall(r"COALESCE\(\(?(\w+)", part))
            for part, weight in re.findall(r"setweight\((.*?), '(\w)'::\"char\"\)", expression)
        }
        assert stored == source.weights, source.kind
