"""Proposing from the public site: the forms, the confirmation link, and every refusal."""

import datetime
import html
import io
import os
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from proposals.models import Proposal, State
from tests.factories import make_issue
from tests.pare.test_images import png_declaring, with_gps
from tests.proposals.helpers import (
    confirmation_path,
    event_data,
    image_upload,
    make_proposal,
)

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def test_the_page_is_linked_from_the_agenda_the_issues_the_partners_and_the_footer(client, db):
    issue = make_issue()
    index = reverse("proposals:index")
    for url in (reverse("newsletters:archive"), issue.get_absolute_url(), "/partenaires/"):
        assert f'href="{index}"' in client.get(url).text
    assert 'href="/proposer/evenement/"' in client.get(reverse("events:index")).text


def test_each_kind_has_its_own_form_in_french(client, db):
    event = client.get("/proposer/evenement/").text
    assert '<label for="id_first_day" class="required">Premier jour</label>' in event
    assert 'type="date"' in event and 'name="department"' in event
    initiative = client.get("/proposer/initiative/").text
    assert 'name="first_day"' not in initiative and 'name="department"' in initiative
    resource = client.get("/proposer/ressource/").text
    assert 'name="authors"' in resource and "Podcast" in resource
    assert client.get("/proposer/autre-chose/").status_code == 404


@pytest.mark.parametrize("url", ["/proposer/", "/proposer/evenement/", "/proposer/envoyee/"])
def test_public_pages_run_a_bounded_number_of_queries(page_queries, db, url):
    response, _ = page_queries(url, 4)
    assert response.status_code == 200


def test_a_proposal_is_stored_unconfirmed_and_a_link_is_mailed(propose):
    response = propose(data=event_data(proposer_email=" Camille@Example.org "))

    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:sent")
    proposal = Proposal.objects.get()
    assert proposal.state == State.UNCONFIRMED
    assert proposal.proposer_email == "camille@example.org"
    assert proposal.department.code == "68"
    assert proposal.text == "Une soirée pour comprendre.\n\nEntrée libre."
    [message] = mail.outbox
    assert message.to == ["camille@example.org"]
    assert message.subject.startswith("Confirmez votre proposition")
    # Nothing the proposer wrote goes into a mailbox before a person read it.
    assert "Palace" not in message.body and "Mineurs" not in message.body
    assert "exemple.org" not in message.body


def test_the_link_shows_a_page_and_its_button_hands_the_proposal_to_staff(client, propose):
    propose()
    path = confirmation_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Oui, je confirme ma proposition" in page.text
    assert Proposal.objects.get().state == State.UNCONFIRMED  # a mail scanner opening it

    done = client.post(path)
    assert "est transmise à l'équipe" in done.text
    proposal = Proposal.objects.get()
    assert proposal.state == State.PENDING and proposal.confirmed_at is not None
    client.post(path)
    assert Proposal.objects.get().confirmed_at == proposal.confirmed_at


def test_a_tampered_or_expired_link_is_a_french_400(client, propose):
    propose()
    path = confirmation_path(mail.outbox[0])
    tampered = client.get(path[:-3] + "xx/")
    assert tampered.status_code == 400
    assert "incomplet ou a été modifié" in tampered.text

    Proposal.objects.update(created_at=timezone.now() - datetime.timedelta(days=10))
    assert client.get(path).status_code == 400  # its key changed with the date: invalid
    proposal = Proposal.objects.get()
    four_days_ago = time.time() - 4 * 24 * 3600
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: four_days_ago)
        token = proposal.confirmation_token()  # mailed four days ago: one day too late
    expired = client.get(f"/proposer/confirmation/{token}/")
    assert expired.status_code == 400 and "a expiré" in expired.text


def test_the_image_is_checked_and_stored_without_its_metadata(propose):
    propose(
        data=event_data(image_alt="Affiche de la soirée"),
        image=image_upload(with_gps(), name="photo.jpg"),
    )
    proposal = Proposal.objects.get()
    assert proposal.image_format == "JPEG"
    stored = Image.open(io.BytesIO(bytes(proposal.image)))
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert stored.size == (800, 1200)  # turned upright


# --- Refusals: a French message, a 4xx, and nothing stored ---


def refused(response, status, text):
    assert response.status_code == status, response.status_code
    assert text in html.unescape(response.text)
    assert not Proposal.objects.exists()
    assert not mail.outbox


def test_the_honeypot_refuses_robots(propose):
    refused(
        propose(data=event_data(site_web="https://spam.example")),
        400,
        "Un champ qui doit rester vide a été rempli",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "x" * 251}, "au plus 250 caractères"),
        ({"text": "x" * 5001}, "au plus 5000 caractères"),
        ({"proposer_name": "x" * 151}, "au plus 150 caractères"),
        ({"city": "x" * 101}, "au plus 100 caractères"),
        ({"link": "javascript:alert(1)"}, "Saisissez une URL valide"),
        ({"proposer_email": "pas-une-adresse"}, "adresse de courriel valide"),
        ({"consent": None}, "Cochez cette case"),
        ({"proposer_email": ""}, "Indiquez votre adresse e-mail"),
        ({"city": "", "department": ""}, "ou cochez « En ligne »"),
        ({"last_day": "2000-01-01"}, "ne peut pas précéder le premier"),
        ({"department": "999"}, "Sélectionnez un choix valide"),
        ({"entry_type": "rave"}, "Sélectionnez un choix valide"),
        ({"contact_email": "inscription@example.org"}, "pas les deux"),
    ],
)
def test_every_field_has_a_limit_and_a_french_message(propose, changes, message):
    refused(propose(data=event_data(**changes)), 400, message)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a not an image", "n'est pas une image JPEG, PNG ou WebP"),
        (png_declaring(7_000, 7_000), "7000 × 7000 pixels"),
    ],
)
def test_the_existing_image_checks_apply(propose, data, message):
    refused(propose(data=event_data(image_alt="Affiche"), image=image_upload(data)), 400, message)


def test_an_image_needs_its_alternative_text(propose):
    refused(propose(image=image_upload()), 400, "le texte alternatif manque")


def noise(side=300):
    """A PNG that does not compress: about 270 kB."""
    output = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(output, "PNG")
    return output.getvalue()


def test_a_request_over_the_size_limit_is_refused_with_a_413(propose, settings):
    settings.PROPOSAL_MAX_REQUEST_BYTES = 50_000
    refused(
        propose(data=event_data(image_alt="Affiche"), image=image_upload(noise())),
        413,
        "L'envoi est trop lourd",
    )


def test_the_client_address_limit(propose, settings):
    settings.PROPOSALS_PER_ADDRESS_PER_HOUR = 3
    for number in range(3):
        email = f"personne{number}@example.org"
        assert propose(data=event_data(proposer_email=email)).status_code == 302
    other_address = propose(
        data=event_data(proposer_email="autre@example.org"), REMOTE_ADDR="192.0.2.9"
    )
    assert other_address.status_code == 302

    Proposal.objects.all().delete()
    mail.outbox.clear()
    response = propose(data=event_data(proposer_email="quatre@example.org"))
    refused(response, 429, "Trop de propositions sont parties de votre connexion")
    assert response["Retry-After"] == "3600"


def test_the_client_address_limit_counts_invalid_attempts_too(propose, settings):
    settings.PROPOSALS_PER_ADDRESS_PER_HOUR = 2
    assert propose(data=event_data(title="")).status_code == 400
    assert propose(data=event_data(title="")).status_code == 400
    refused(propose(), 429, "Trop de propositions")


def test_the_email_address_limit(propose, settings):
    settings.PROPOSALS_PER_EMAIL_PER_DAY = 2
    for number in range(2):
        assert propose(REMOTE_ADDR=f"192.0.2.{number}").status_code == 302
    Proposal.objects.all().delete()
    mail.outbox.clear()
    response = propose(
        data=event_data(proposer_email="CAMILLE@example.org"), REMOTE_ADDR="198.51.100.7"
    )
    refused(response, 429, "Cette adresse e-mail a déjà envoyé")


def test_text_is_cleaned_of_control_characters(propose):
    propose(data=event_data(text="Ligne\r\nsuivante\x07\u202e et fin\x00"))
    # A NUL byte is refused by Django itself; the rest is cleaned.
    assert not Proposal.objects.exists()
    propose(data=event_data(text="Ligne\r\nsuivante\x07\u202e et fin"))
    assert Proposal.objects.get().text == "Ligne\nsuivante et fin"


def test_a_confirmation_is_not_sent_for_what_is_already_confirmed(db, immediate_tasks):
    from proposals.tasks import send_confirmation

    proposal = make_proposal(state=State.PENDING)
    send_confirmation.enqueue(proposal.pk)
    assert not mail.outbox
