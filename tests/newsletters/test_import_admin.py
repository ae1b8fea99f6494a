"""« Importer une lettre » in the admin: the same import and the same report as the command."""

import html
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Event
from newsletters.models import Issue
from pare.models import Status
from tests.newsletters.test_demo import snapshot
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    no_second_factor,  # noqa: F401 (autouse fixture)
    staff,
    url,
)

SEED = Path(__file__).parent / "exports" / "newsletter-2023-t3.txt"


def upload(client, data, name="lettre.txt"):
    return client.post(url(Issue, "import"), {"export": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
@pytest.mark.parametrize("group", [EDITORS, PUBLISHERS])
def test_editors_and_publishers_find_the_page_from_the_issue_list(client, group):
    staff(client, group)

    listing = client.get(url(Issue, "changelist"))
    page = client.get(url(Issue, "import"))

    assert f'href="{url(Issue, "import")}"' in listing.text
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text


@pytest.mark.django_db
def test_staff_who_may_not_create_entries_cannot_import(client):
    viewer = get_user_model().objects.create_user("lecture@example.org", is_staff=True)
    client.force_login(viewer)

    response = upload(client, SEED.read_bytes())

    assert response.status_code == 403
    assert not Issue.objects.exists()


@pytest.mark.django_db
def test_an_import_shows_the_report_with_every_note_and_a_link_to_its_entry(client):
    staff(client, EDITORS)

    response = upload(client, SEED.read_bytes())

    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Numéro créé en brouillon : Lettre PARÉ du 3e trimestre 2023." in text
    assert "événements : 9" in text and "initiatives : 11" in text and "ressources : 7" in text
    mulhouse = Event.objects.get(city="Mulhouse")
    assert f'href="{url(Event, "change", mulhouse.pk)}"' in response.text
    for note in mulhouse.review_note_list:
        assert note in text
    assert Issue.objects.get().status == Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier soumis est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "n'est pas un texte lisible"),
        (b"Un simple texte.\n", "n'est pas l'export d'une lettre"),
        (SEED.read_bytes() + b" " * (2 * 1024 * 1024), "dépasse 2 Mo"),
    ],
    ids=["empty", "binary", "not-an-export", "too-big"],
)
def test_bad_input_gets_a_400_with_the_reason_and_stores_nothing(client, data, message):
    staff(client, EDITORS)
    before = snapshot()

    response = upload(client, data)

    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert 'aria-invalid="true"' in response.text
    assert snapshot() == before


def test_a_published_quarter_is_refused_on_the_page_too(client, demo_issue):
    staff(client, PUBLISHERS)
    before = snapshot()

    response = upload(client, SEED.read_bytes())

    assert response.status_code == 400
    assert "est déjà publié" in html.unescape(response.text)
    assert snapshot() == before
