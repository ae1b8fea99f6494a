import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pare.models import SiteProfile, Status
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

FUTURE = timezone.now() + datetime.timedelta(days=3)


@pytest.fixture
def issue(db):
    mdn = make_organisation(name="Mouvement du Nid", slug="mouvement-du-nid")
    events = [
        make_event(
            title="Projection-débat à Mulhouse",
            first_day=datetime.date(2023, 10, 24),
            start_time=datetime.time(20),
            venue="Cinéma le Palace",
            city="Mulhouse",
            department="68",
            is_free=True,
            registration_note="sur inscription",
            cta_label="S'inscrire",
            cta_url="https://www.mouvementdunid.org",
            organisers=[mdn],
        ),
        make_event(
            title="Webinaire PARÉ",
            first_day=datetime.date(2023, 11, 14),
            start_time=datetime.time(14, 30),
            end_time=datetime.time(16, 30),
            is_online=True,
            online_details="sur Teams",
        ),
        make_event(
            title="Conférence à Gap",
            first_day=datetime.date(2023, 11, 21),
            last_day=datetime.date(2023, 11, 23),
            department="05",
        ),
        make_event(
            title="Formation à Clichy",
            first_day=datetime.date(2023, 11, 23),
            last_day=datetime.date(2023, 11, 24),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(17, 30),
            price="400 € TTC par participant",
            cta_label="En savoir plus",
            cta_email="formation@mouvementdunid.org",
        ),
        make_event(title="Colloque à Rennes", first_day=datetime.date(2023, 12, 1)),
    ]
    initiatives = [
        make_initiative(title="La Boussole", departments=["59"], phone="07 57 76 46 58"),
        make_initiative(title="Un projet de BTS", departments=["43", "63"]),
        make_initiative(title="La MIST"),
    ]
    resources = [make_resource(title="Un livre", kind="livre", summary="Agir, prévenir, guérir.")]
    return make_issue(
        year=2023,
        quarter=3,
        introduction="Dans cette newsletter dédiée à la lutte contre la prostitution des mineurs…",
        events=events,
        initiatives=initiatives,
        resources=resources,
    )


def test_issue_page_shows_sections_in_order_with_entries_in_staff_order(client, issue):
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    sections = [html.index(f'id="{slug}-title"') for slug in ("agenda", "actualites", "ressources")]
    assert sections == sorted(sections)
    titles = [
        "Projection-débat à Mulhouse",
        "Webinaire PARÉ",
        "Conférence à Gap",
        "Formation à Clichy",
        "Colloque à Rennes",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Rencontres, colloques, conférences et formations" in html
    assert "Nouvelles actions, initiatives et bonnes pratiques" in html


def test_issue_page_writes_dates_times_places_and_costs_in_words(client, issue):
    html = client.get(issue.get_absolute_url()).text
    for text in (
        "Mardi 24 octobre 2023",
        "Mardi 14 novembre 2023",
        "14h30 à 16h30",
        "Du 21 au 23 novembre 2023",
        "23 et 24 novembre 2023",
        "9h30 à 17h30",
        "Vendredi 1er décembre 2023",
        "20h",
        "En visio sur Teams",
        "Cinéma le Palace, Mulhouse",
        "Gratuit, sur inscription",
        "400 € TTC par participant",
        "Haute-Loire et Puy-de-Dôme",
        "National",
    ):
        assert text in html, text
    # Its events are over by now: their calls to register and to add to a calendar are gone.
    assert 'href="mailto:formation@mouvementdunid.org"' not in html
    assert "S&#x27;inscrire" not in html and "Ajouter à mon agenda" not in html
    assert html.count("Événement passé") == 2 * issue.event_items.count()  # mark, and in place
    assert 'href="/partenaires/mouvement-du-nid/"' in html


def test_issue_page_reorders_when_staff_reorder(client, issue):
    issue.event_items.update(position=5)
    issue.event_items.filter(entry__title="Colloque à Rennes").update(position=0)
    html = client.get(issue.get_absolute_url()).text
    assert html.index("Colloque à Rennes") < html.index("Projection-débat à Mulhouse")


def test_issue_page_hides_entries_that_are_not_public(client, issue):
    draft = make_event(title="Brouillon caché", status=Status.DRAFT)
    scheduled = make_resource(title="Ressource programmée", publish_at=FUTURE)
    issue.event_items.create(entry=draft, position=99)
    issue.resource_items.create(entry=scheduled, position=99)
    html = client.get(issue.get_absolute_url()).text
    assert "Brouillon caché" not in html
    assert "Ressource programmée" not in html


def test_issue_page_shows_the_footer_from_the_site_profile(client, issue):
    SiteProfile.objects.create(
        publisher_name="Fondation Droit d'Enfance",
        contact_name="Chloé Baudry",
        contact_email="chloe.baudry@droitdenfance.org",
        donation_url="https://www.droitdenfance.org",
    )
    html = client.get(issue.get_absolute_url()).text
    assert "Chloé Baudry" in html
    assert "Faire un don" in html


def test_archive_groups_published_issues_by_year_newest_first(client, db):
    make_issue(year=2023, quarter=3)
    make_issue(year=2023, quarter=4)
    make_issue(year=2024, quarter=1)
    make_issue(year=2024, quarter=2, status=Status.DRAFT)
    make_issue(year=2024, quarter=3, publish_at=FUTURE)
    response = client.get(reverse("newsletters:archive"))
    html = response.text
    assert [issue.period for issue in response.context["issues"]] == [
        "1er trimestre 2024",
        "4e trimestre 2023",
        "3e trimestre 2023",
    ]
    assert html.index('id="annee-2024"') < html.index('id="annee-2023"')
    assert "2e trimestre 2024" not in html
    assert "3e trimestre 2024" not in html


def test_home_shows_latest_issue_and_upcoming_events(client, issue):
    make_issue(year=2023, quarter=4, status=Status.DRAFT, introduction="Pas encore")
    upcoming = make_event(title="Rencontre prochaine")
    response = client.get(reverse("home"))
    assert response.context["issue"] == issue
    assert "Pas encore" not in response.text
    assert upcoming.title in response.text
    assert f'href="{issue.get_absolute_url()}#agenda"' in response.text


@pytest.mark.parametrize(
    "status_and_date",
    [{"status": Status.DRAFT}, {"status": Status.PUBLISHED, "publish_at": FUTURE}],
)
def test_unpublished_issue_answers_404_to_the_public_and_shows_a_preview_to_staff(
    client, admin_client, db, status_and_date
):
    hidden = make_issue(year=2025, quarter=1, **status_and_date)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    preview = admin_client.get(hidden.get_absolute_url())
    assert preview.status_code == 200
    assert "Aperçu" in preview.text


def test_issue_address_is_readable_and_stable(issue):
    assert issue.get_absolute_url() == "/numeros/2023/t3/"


def test_issue_page_query_count_does_not_grow_with_entries(page_queries, issue):
    url = issue.get_absolute_url()
    _, small = page_queries(url, 10)
    organisation = make_organisation()
    for n in range(20):
        event = make_event(
            organisers=[organisation],
            sessions=[{"title": "Module", "first_day": datetime.date(2023, 11, 1)}],
        )
        issue.event_items.create(entry=event, position=10 + n)
        initiative = make_initiative(departments=["69", "01"], organisations=[organisation])
        issue.initiative_items.create(entry=initiative, position=10 + n)
        issue.resource_items.create(entry=make_resource(), position=10 + n)
    response, large = page_queries(url, 10)
    assert len(response.context["sections"][0]["entries"]) == 25
    assert large == small
