"""A partner's confidential address is in no output: page, list, feed, calendar, search, e-mail."""

import html

import pytest
from django.urls import reverse

from newsletters.email import TEST_TOKEN, IssueEdition
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)
from tests.pare.test_xss import site_urls

SECRET = "12 impasse des Tilleuls"
PUBLIC = "4 place de la Mairie"
NOTICE = "Adresse communiquée aux professionnels sur demande"


@pytest.fixture
def shelter(db):
    shelter = make_organisation(
        name="Foyer Refuge",
        department_id="33",
        address=f"{SECRET}\n33000 Bordeaux",
        is_address_confidential=True,
        email="contact@refuge.example",
        description="Un lieu d'accueil.",
    )
    office = make_organisation(name="Maison des Droits", address=PUBLIC, department_id="69")
    event = make_event(organisers=[shelter, office], slug="evenement", department="33")
    initiative = make_initiative(organisations=[shelter], slug="initiative", departments=["33"])
    resource = make_resource(organisations=[shelter], slug="ressource")
    issue = make_issue(events=[event], initiatives=[initiative], resources=[resource])
    return [shelter, event, initiative, resource, issue], office


def test_a_confidential_address_is_in_no_public_output(client, settings, shelter):
    settings.PAGE_CACHE_SECONDS = 0
    entries, office = shelter
    urls = [
        *site_urls(entries),
        office.get_absolute_url(),
        reverse("search") + "?q=Tilleuls",
        reverse("search") + "?q=impasse",
        reverse("organisations:index") + "?departement=33",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert SECRET not in html.unescape(response.content.decode()), url
    assert client.get(reverse("search") + "?q=Tilleuls").context["result_count"] == 0
    edition = IssueEdition(entries[-1])
    assert SECRET not in html.unescape(edition.html_for(TEST_TOKEN))
    assert SECRET not in edition.text_for(TEST_TOKEN)


def test_readers_are_told_whom_to_ask_instead(client, shelter):
    entries, office = shelter
    page = html.unescape(client.get(entries[0].get_absolute_url()).text)
    assert f"{NOTICE} : adressez-vous au contact ci-dessous." in page
    assert "contact@refuge.example" in page


def test_an_address_that_is_not_confidential_is_shown(client, shelter):
    _, office = shelter
    page = client.get(office.get_absolute_url()).text
    assert PUBLIC in page
    assert NOTICE not in page
