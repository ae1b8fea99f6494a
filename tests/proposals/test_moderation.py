"""Staff moderate proposals in the admin: accept as a draft, or decline with a reason."""

import datetime
import html

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from news.models import Initiative
from pare.models import Organisation, Status
from proposals.models import Kind, Proposal, State
from resources.models import Resource
from tests.factories import department, make_organisation
from tests.pare.html import active_content
from tests.pare.test_admin import EDITORS, PUBLISHERS, staff
from tests.proposals.helpers import make_proposal, png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

CHANGELIST = "/admin/proposals/proposal/"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PARE_REQUIRE_2FA_FOR_PUBLISHERS = False


@pytest.fixture
def editor(client):
    return staff(client, EDITORS)


def change_url(proposal):
    return reverse("admin:proposals_proposal_change", args=[proposal.pk])


def test_staff_see_confirmed_proposals_newest_first_never_unconfirmed_ones(editor):
    make_proposal(title="Ancienne", created_at=timezone.now() - datetime.timedelta(days=2))
    make_proposal(title="Récente")
    make_proposal(title="Jamais confirmée", state=State.UNCONFIRMED)

    response = editor.get(CHANGELIST)
    assert response.status_code == 200
    text = response.text
    assert text.index("Récente") < text.index("Ancienne")
    assert "Jamais confirmée" not in text
    unconfirmed = Proposal.objects.get(state=State.UNCONFIRMED)
    assert editor.get(change_url(unconfirmed)).status_code == 302  # « does not exist »


def test_the_admin_index_counts_what_is_to_review(editor):
    make_proposal()
    make_proposal()
    make_proposal(state=State.DECLINED, decided_at=timezone.now())
    make_proposal(state=State.UNCONFIRMED)

    assert "Propositions (2 à examiner)" in editor.get("/admin/").text


def test_filters_by_kind_and_state(editor):
    make_proposal(title="Un colloque")
    make_proposal(title="Un podcast", kind=Kind.RESOURCE, entry_type="podcast")
    make_proposal(title="Refusée", state=State.DECLINED, decided_at=timezone.now())

    resources = editor.get(CHANGELIST, {"kind": Kind.RESOURCE}).text
    assert "Un podcast" in resources and "Un colloque" not in resources
    declined = editor.get(CHANGELIST, {"etat": State.DECLINED}).text
    assert "Refusée" in declined and "Un colloque" not in declined
    to_review = editor.get(CHANGELIST).text
    for label in ("À examiner", "Acceptée", "Refusée"):
        assert f">{label}</a>" in to_review


def test_nothing_a_proposer_wrote_is_clickable_in_the_admin(editor):
    proposal = make_proposal(
        text='Voir https://piege.example et <a href="https://piege.example">ici</a>',
        link="https://piege.example/inscription",
        image=png(),
        image_format="PNG",
        image_alt="Affiche",
    )

    response = editor.get(change_url(proposal))
    assert response.status_code == 200
    assert active_content(response) == []
    page = response.text
    assert 'href="https://piege.example' not in page
    assert "&lt;a href=" in page
    assert "<code>https://piege.example/inscription</code>" in page
    image = editor.get(reverse("admin:proposals_proposal_image", args=[proposal.pk]))
    assert image["Content-Type"] == "image/png" and image.content == png()


def test_the_image_is_for_staff_only(client, editor):
    proposal = make_proposal(image=png(), image_format="PNG", image_alt="Affiche")
    url = reverse("admin:proposals_proposal_image", args=[proposal.pk])
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_accepting_an_event_makes_a_prefilled_draft_with_the_partner_it_names(editor):
    partner = make_organisation(name="Mouvement du Nid", acronym="MdN")
    proposal = make_proposal(
        title="Projection-débat",
        entry_type="projection-debat",
        start_time=datetime.time(20),
        venue="Cinéma le Palace",
        department=department("68"),
        organisation_name="  mouvement du NID ",
        text="Une soirée.",
        link="https://exemple.org/inscription",
        image=png(),
        image_format="PNG",
        image_alt="Affiche de la soirée",
    )

    response = editor.post(reverse("admin:proposals_proposal_accept", args=[proposal.pk]))

    event = Event.objects.get()
    assert response["Location"] == reverse("admin:events_event_change", args=[event.pk])
    assert event.status == Status.DRAFT and not event.is_public
    assert (event.title, event.kind, event.venue, event.department_id) == (
        "Projection-débat",
        "projection-debat",
        "Cinéma le Palace",
        "68",
    )
    assert event.start_time == datetime.time(20) and event.first_day == proposal.first_day
    assert (event.cta_label, event.cta_url) == ("En savoir plus", "https://exemple.org/inscription")
    assert event.organisation_list == [partner]
    assert event.image and event.image_alt == "Affiche de la soirée"
    assert event.image.name.startswith("images/") and "proposition-" in event.image.name
    proposal.refresh_from_db()
    assert proposal.state == State.ACCEPTED and proposal.event == event
    assert proposal.decided_by.username == f"{EDITORS.lower()}@example.org"
    assert not mail.outbox  # the author hears once it is online
    follow = editor.get(response["Location"])
    assert "Proposition acceptée" in html.unescape(follow.text)


def test_an_unknown_organiser_becomes_a_draft_organisation(editor):
    proposal = make_proposal(
        kind=Kind.INITIATIVE, entry_type="", organisation_name="Association Nouvelle"
    )
    editor.post(reverse("admin:proposals_proposal_accept", args=[proposal.pk]))

    organisation = Organisation.objects.get(name="Association Nouvelle")
    assert organisation.status == Status.DRAFT and not organisation.is_public
    assert Initiative.objects.get().linked_organisations == [organisation]


def test_accepting_a_resource(editor):
    proposal = make_proposal(
        kind=Kind.RESOURCE, entry_type="podcast", authors="A. Auteur", contact_email="a@ex.org"
    )
    editor.post(reverse("admin:proposals_proposal_accept", args=[proposal.pk]))

    resource = Resource.objects.get()
    assert (resource.kind, resource.authors, resource.cta_email) == (
        "podcast",
        "A. Auteur",
        "a@ex.org",
    )
    assert resource.status == Status.DRAFT


def test_a_decided_proposal_is_not_decided_again(editor):
    proposal = make_proposal()
    url = reverse("admin:proposals_proposal_accept", args=[proposal.pk])
    editor.post(url)
    editor.post(url)
    assert Event.objects.count() == 1
    assert editor.get(url).status_code == 405


def test_declining_records_who_and_why_and_tells_the_author(editor):
    proposal = make_proposal()
    url = reverse("admin:proposals_proposal_decline", args=[proposal.pk])
    assert "Motif du refus" in editor.get(url).text

    missing = editor.post(url, {"reason": "", "message": ""})
    assert "Indiquez pourquoi" in html.unescape(missing.text)
    assert Proposal.objects.get().state == State.PENDING

    editor.post(url, {"reason": "Hors du champ du réseau", "message": "Merci, mais non."})
    proposal.refresh_from_db()
    assert proposal.state == State.DECLINED and proposal.decided_at
    assert proposal.decided_by.username == f"{EDITORS.lower()}@example.org"
    assert proposal.decline_reason == "Hors du champ du réseau"
    [message] = mail.outbox
    assert message.to == ["camille@example.org"]
    assert "Merci, mais non." in message.body
    assert "Formation au repérage" not in message.body
    assert proposal.notified_at is None or proposal.notified_at <= timezone.now()
    assert Proposal.objects.get().notified_at is not None


def test_staff_without_the_permission_cannot_moderate(client):
    user = User.objects.create_user("lecture@example.org", is_staff=True)
    client.force_login(user)
    proposal = make_proposal()
    assert client.get(CHANGELIST).status_code == 403
    response = client.post(reverse("admin:proposals_proposal_accept", args=[proposal.pk]))
    assert response.status_code == 403
    assert not Event.objects.exists()


@pytest.mark.parametrize("group", [EDITORS, PUBLISHERS])
def test_both_staff_groups_may_moderate(client, group):
    assert Group.objects.get(name=group).permissions.filter(codename="change_proposal").exists()
    staff(client, group)
    assert client.get(CHANGELIST).status_code == 200
