"""What is kept and for how long: the daily round, and the notice once an entry is online."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Event
from pare.models import Status
from proposals import tasks
from proposals.models import Proposal, State
from tests.proposals.helpers import make_proposal, png

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def purge():
    output = StringIO()
    call_command("purge_proposals", stdout=output)
    return output.getvalue()


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_unconfirmed_proposals_are_deleted_after_three_days(immediate_tasks):
    now = timezone.now()
    old = make_proposal(
        state=State.UNCONFIRMED, created_at=now - 3 * DAY - datetime.timedelta(minutes=1)
    )
    recent = make_proposal(state=State.UNCONFIRMED, created_at=now - 2 * DAY)
    confirmed = make_proposal(created_at=now - 30 * DAY)

    assert "supprimées : 1" in purge()
    assert set(Proposal.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not Proposal.objects.filter(pk=old.pk).exists()


def test_personal_data_is_erased_a_set_time_after_the_decision(immediate_tasks, settings):
    settings.PROPOSAL_RETENTION_DAYS = 183
    now = timezone.now()
    due = make_proposal(
        state=State.DECLINED,
        decided_at=now - 184 * DAY,
        image=png(),
        image_format="PNG",
        image_alt="Affiche",
        decline_reason="Doublon",
    )
    kept = make_proposal(state=State.DECLINED, decided_at=now - 182 * DAY)
    undecided = make_proposal(created_at=now - 400 * DAY)
    accepted = make_proposal(state=State.ACCEPTED, decided_at=now - 200 * DAY)
    accepted.accept(None)  # its entry stays
    Proposal.objects.filter(pk=accepted.pk).update(decided_at=now - 200 * DAY)

    assert "effacées : 2" in purge()

    due.refresh_from_db()
    assert (due.proposer_name, due.proposer_organisation, due.proposer_email) == ("", "", "")
    assert bytes(due.image) == b"" and due.image_format == "" and due.erased_at
    assert due.title == "Formation au repérage" and due.decline_reason == "Doublon"
    assert Proposal.objects.get(pk=kept.pk).proposer_email == "camille@example.org"
    assert Proposal.objects.get(pk=undecided.pk).proposer_email == "camille@example.org"
    accepted.refresh_from_db()
    assert accepted.proposer_email == "" and Event.objects.filter(pk=accepted.event_id).exists()
    assert "effacées : 0" in purge()


def test_an_erased_proposal_link_no_longer_works(immediate_tasks):
    proposal = make_proposal(state=State.UNCONFIRMED)
    token = proposal.confirmation_token()
    proposal.erase_personal_data()
    assert Client().get(f"/proposer/confirmation/{token}/").status_code == 400


def test_the_command_queues_the_next_daily_round_in_the_worker(database_tasks):
    purge()
    purge()
    [queued] = DBTaskResult.objects.filter(task_path=tasks.housekeeping.module_path)
    assert queued.run_after == tasks.next_round()
    assert timezone.localtime(queued.run_after).hour == tasks.HOUSEKEEPING_HOUR
    assert queued.run_after - timezone.now() <= datetime.timedelta(days=1, hours=5)

    # Run by the worker, the round queues the one after.
    DBTaskResult.objects.all().delete()
    tasks.housekeeping.call()
    assert DBTaskResult.objects.filter(task_path=tasks.housekeeping.module_path).count() == 1


def publish(event, at=None):
    event.status, event.publish_at = Status.PUBLISHED, at
    event.save()


def test_the_author_is_told_with_the_link_once_the_entry_is_online(
    immediate_tasks, site_url, django_capture_on_commit_callbacks
):
    proposal = make_proposal()
    event = proposal.accept(None)
    assert not mail.outbox

    event.title = "Former au repérage, à Lyon"
    event.save()  # the editor finishes it: still a draft
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        publish(event)
    [message] = mail.outbox
    assert message.to == ["camille@example.org"]
    assert "Former au repérage, à Lyon" in message.body
    assert f"{site_url}{event.get_absolute_url()}" in message.body

    event.text = "Corrigé."
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
    assert len(mail.outbox) == 1  # once


def test_a_scheduled_entry_is_announced_when_it_falls_due(
    database_tasks, site_url, django_capture_on_commit_callbacks
):
    proposal = make_proposal()
    event = proposal.accept(None)
    later = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        publish(event, at=later)
    [queued] = DBTaskResult.objects.filter(task_path=tasks.announce_publication.module_path)
    assert queued.run_after == later
    assert tasks.announce_publication.call(proposal.pk) is False  # not yet due
    assert not mail.outbox

    Event.objects.filter(pk=event.pk).update(publish_at=timezone.now())
    assert tasks.announce_publication.call(proposal.pk) is True
    assert len(mail.outbox) == 1


def test_the_daily_round_tells_authors_a_missed_notice(immediate_tasks):
    proposal = make_proposal()
    event = proposal.accept(None)
    Event.objects.filter(pk=event.pk).update(status=Status.PUBLISHED, publish_at=timezone.now())
    assert not mail.outbox  # published without a signal (a worker was down)

    assert "prévenues d'une publication : 1" in purge()
    assert len(mail.outbox) == 1
    assert "prévenues d'une publication : 0" in purge()
