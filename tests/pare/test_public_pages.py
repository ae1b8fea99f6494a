"""What every public page promises: it renders, hides the unpublished, never fails on bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pare.models import Status
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

FUTURE = timezone.now() + datetime.timedelta(days=3)
MAKERS = {
    "event": make_event,
    "initiative": make_initiative,
    "resource": make_resource,
    "organisation": lambda **kw: make_organisation(name=kw.pop("title"), **kw),
}
LISTS = {
    "event": reverse("events:index"),
    "initiative": reverse("news:index"),
    "resource": reverse("resources:index"),
    "organisation": reverse("organisations:index"),
}
HIDDEN = [{"status": Status.DRAFT}, {"status": Status.PUBLISHED, "publish_at": FUTURE}]


@pytest.fixture
def site(db):
    organisation = make_organisation(name="Child Focus", abroad="Belgique")
    event = make_event(title="Webinaire", organisers=[organisation], is_online=True)
    initiative = make_initiative(
        title="La Boussole", departments=["59"], organisations=[organisation]
    )
    resource = make_resource(title="Un podcast", kind="podcast", organisations=[organisation])
    issue = make_issue(events=[event], initiatives=[initiative], resources=[resource])
    return {
        "organisation": organisation,
        "event": event,
        "initiative": initiative,
        "resource": resource,
        "issue": issue,
    }


def test_every_page_renders(client, site):
    urls = [
        reverse("home"),
        reverse("newsletters:archive"),
        *LISTS.values(),
        *(entry.get_absolute_url() for entry in site.values()),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr">' in response.text
        assert response.text.count("<h1") == 1, url


@pytest.mark.parametrize("kind", MAKERS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_unpublished_entries_appear_nowhere_and_answer_404(
    client, admin_client, site, kind, hidden
):
    entry = MAKERS[kind](title="Contenu secret", slug="contenu-secret", **hidden)
    url = entry.get_absolute_url()
    assert client.get(url).status_code == 404
    for page in (*LISTS.values(), reverse("home"), site["issue"].get_absolute_url()):
        assert "Contenu secret" not in client.get(page).text, page
    assert url not in client.get("/sitemap.xml").text
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert "Aperçu" in preview.text


def test_organisation_page_lists_what_it_organises_or_carries(client, site):
    make_event(title="Événement brouillon", organisers=[site["organisation"]], status=Status.DRAFT)
    html = client.get(site["organisation"].get_absolute_url()).text
    for title in ("Webinaire", "La Boussole", "Un podcast"):
        assert title in html
    assert "Événement brouillon" not in html


def test_organisation_page_lists_coming_events_then_past_ones(client, site):
    make_event(
        title="Colloque de l'an dernier",
        organisers=[site["organisation"]],
        first_day=timezone.localdate() - datetime.timedelta(days=365),
    )
    response = client.get(site["organisation"].get_absolute_url())
    assert [event.title for event in response.context["events"]] == ["Webinaire"]
    assert [event.title for event in response.context["past_events"]] == [
        "Colloque de l'an dernier"
    ]
    assert response.text.index("Webinaire") < response.text.index("Événements passés")


def test_directory_filters_by_region_and_abroad(client, site):
    make_organisation(name="Akatij", department_id="973")
    make_organisation(name="La MIST")
    directory = LISTS["organisation"]

    def names(query):
        return [o.name for o in client.get(directory, query).context["object_list"]]

    assert names({"where": "etranger"}) == ["Child Focus"]
    assert names({"where": "guyane"}) == ["Akatij"]
    assert names({"where": "national"}) == ["La MIST"]
    assert names({}) == ["Akatij", "Child Focus", "La MIST"]


def test_initiatives_filter_by_region_with_national_ones(client, site):
    make_initiative(title="Lyon", departments=["69"])
    make_initiative(title="Nationale")
    response = client.get(LISTS["initiative"], {"region": "auvergne-rhone-alpes"})
    assert sorted(i.title for i in response.context["object_list"]) == ["Lyon", "Nationale"]


def test_resources_filter_by_kind(client, site):
    make_resource(title="Un livre", kind="livre")
    response = client.get(LISTS["resource"], {"type": "livre"})
    assert [r.title for r in response.context["object_list"]] == ["Un livre"]


def test_event_page_carries_schema_org_event_data(client, site):
    html = client.get(site["event"].get_absolute_url()).text
    assert '<script type="application/ld+json" nonce="' in html
    assert '"@type": "Event"' in html
    assert '"OnlineEventAttendanceMode"' in html.replace("https://schema.org/", "")


def test_pages_are_shareable(client, site):
    html = client.get(site["event"].get_absolute_url()).text
    assert '<link rel="canonical" href="http://testserver/agenda/webinaire/">' in html
    assert '<meta property="og:title" content="Webinaire">' in html
    assert '<meta name="description"' in html


def test_sitemap_lists_published_pages_and_robots_points_to_it(client, site):
    sitemap = client.get("/sitemap.xml").text
    for entry in site.values():
        assert f"http://testserver{entry.get_absolute_url()}" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.text


def test_unknown_address_gets_the_french_404_page(client, db):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "region=%00",
        "page=%FF%FE",
        "du=9999-99-99&au=0000-00-00",
        "type=formation&type=colloque",
        "region[]=x",
        "gratuit=peut-etre",
        "periode=demain",
        "where=%27%20OR%201=1--",
        "page=" + "9" * 1000,
    ],
)
def test_malformed_query_strings_never_fail(client, site, query):
    for url in LISTS.values():
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, (url, query)


def test_list_pages_run_a_bounded_number_of_queries(page_queries, site):
    urls = [reverse("home"), reverse("newsletters:archive"), *LISTS.values()]
    before = {url: page_queries(url, 10)[1] for url in urls}
    organisation = make_organisation()
    for n in range(25):
        make_event(
            organisers=[organisation],
            sessions=[{"title": "Module", "first_day": timezone.localdate()}],
        )
        make_initiative(departments=["69", "38"], organisations=[organisation])
        make_resource(organisations=[organisation])
        make_organisation(department_id="69")
        make_issue(year=2000 + n, quarter=1)
    after = {url: page_queries(url, 10)[1] for url in urls}
    assert after == before


def test_entry_pages_run_a_bounded_number_of_queries(page_queries, site):
    organisation = site["organisation"]
    before = {key: page_queries(entry.get_absolute_url(), 10)[1] for key, entry in site.items()}
    for _ in range(25):
        make_event(organisers=[organisation])
        make_initiative(organisations=[organisation])
        make_resource(organisations=[organisation])
    after = {key: page_queries(entry.get_absolute_url(), 10)[1] for key, entry in site.items()}
    assert after == before


def test_server_error_page_is_french_inside_the_layout_and_needs_no_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr">' in html
    assert "Le site rencontre un problème" in html
    assert 'class="site-header"' in html
