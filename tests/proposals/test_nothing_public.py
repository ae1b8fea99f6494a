"""Nothing a proposer wrote is public before a publisher published the entry made from it."""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse

from events.models import Event
from news.models import Initiative
from pare.models import Status
from proposals.models import Kind, Proposal
from resources.models import Resource
from tests.proposals.helpers import confirmation_path, event_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

MARKER = "Zqxmarqueur"
PUBLIC_PAGES = [
    reverse("home"),
    reverse("events:index"),
    reverse("news:index"),
    reverse("resources:index"),
    reverse("organisations:index"),
    reverse("newsletters:archive"),
    reverse("events:feed"),
    reverse("events:calendar"),
    "/sitemap.xml",
]
DATA = {
    Kind.EVENT: event_data(title=f"Colloque {MARKER}", organisation_name=f"Asso {MARKER}"),
    Kind.INITIATIVE: {
        **event_data(title=f"Action {MARKER}", organisation_name=f"Asso {MARKER}"),
        "department": "59",
    },
    Kind.RESOURCE: {
        **event_data(title=f"Podcast {MARKER}", organisation_name=f"Asso {MARKER}"),
        "entry_type": "podcast",
        "authors": MARKER,
    },
}
MODELS = {Kind.EVENT: Event, Kind.INITIATIVE: Initiative, Kind.RESOURCE: Resource}


def nowhere_public(reader, *urls):
    for url in (*PUBLIC_PAGES, *urls):
        response = reader.get(url)
        assert response.status_code in (200, 404), url
        assert MARKER not in response.content.decode(), url
    search = reader.get(reverse("search"), {"q": MARKER})
    assert "0 résultat" in search.text


def staff(group):
    user = User.objects.create_user(f"{group}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", MODELS)
def test_from_proposal_to_publication_nothing_shows_before_a_publisher_publishes(
    client, settings, kind
):
    settings.PARE_REQUIRE_2FA_FOR_PUBLISHERS = False
    reader = Client()
    client.post(f"/proposer/{kind}/", DATA[kind])
    nowhere_public(reader)
    path = confirmation_path(mail.outbox[0])
    client.post(path)
    nowhere_public(reader)

    editor = staff("Rédaction")
    proposal = Proposal.objects.get()
    editor.post(reverse("admin:proposals_proposal_accept", args=[proposal.pk]))
    entry = MODELS[kind].objects.get()
    organisation = entry.linked_organisations[0]
    nowhere_public(reader, entry.get_absolute_url(), organisation.get_absolute_url())

    # The editor finishes it; it stays a draft (editors may not publish: tests/pare/test_admin.py).
    entry.text = f"{entry.text} Complété."
    entry.save()
    nowhere_public(reader, entry.get_absolute_url())

    entry.status = Status.PUBLISHED
    entry.save()
    assert reader.get(entry.get_absolute_url()).status_code == 200
    assert MARKER in reader.get(entry.get_absolute_url()).text
