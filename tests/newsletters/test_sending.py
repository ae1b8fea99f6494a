"""Sending an issue in the background: to every confirmed subscriber, exactly once each."""

import datetime
import functools
import re
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from benchmarks import emails
from newsletters import sending, tasks
from newsletters.models import (
    Delivery,
    DeliveryStatus,
    SendJob,
    SendJobStatus,
    Subscriber,
    SubscriberStatus,
)
from pare.models import Status
from tests.factories import make_event, make_issue, make_subscriber


class FlakyBackend(EmailBackend):
    """Hands messages to the locmem outbox, then fails like a mail server that went away."""

    def __init__(self, fail_after, error=ConnectionRefusedError, **kwargs):
        super().__init__(alias="flaky", **kwargs)
        self.fail_after, self.error = fail_after, error

    def send_messages(self, messages):
        if self.fail_after <= 0:
            raise self.error("Le serveur ne répond plus.")
        self.fail_after -= len(messages)
        return super().send_messages(messages)


class RefusingBackend(EmailBackend):
    """A server that refuses some recipients and takes the rest."""

    def __init__(self, refused, **kwargs):
        super().__init__(alias="refusing", **kwargs)
        self.refused = refused

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] in self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


def subscribers(count, prefix="abonne", **fields):
    fields.setdefault("status", SubscriberStatus.CONFIRMED)
    fields.setdefault("confirmed_at", timezone.now())
    Subscriber.objects.bulk_create(
        Subscriber(email=f"{prefix}{number}@example.org", **fields) for number in range(count)
    )


def recipients():
    return [message.to[0] for message in mail.outbox]


@pytest.fixture
def issue(db):
    return make_issue(events=[make_event(title="Colloque régional")])


def test_an_interrupted_sending_resumes_and_reaches_1000_subscribers_exactly_once(issue):
    subscribers(1000)
    subscribers(5, prefix="en-attente", status=SubscriberStatus.PENDING, confirmed_at=None)
    job = SendJob.objects.create(issue=issue)

    first = sending.run(job.pk, connection=FlakyBackend(fail_after=437), batch_size=100)

    job.refresh_from_db()
    assert job.status == SendJobStatus.INTERRUPTED
    assert "Le serveur ne répond plus." in job.error
    assert first == {"sent": 437, "failed": 0, "skipped": 0, "remaining": 563, "total": 1000}
    assert len(mail.outbox) == 437

    second = sending.run(job.pk, batch_size=100)

    job.refresh_from_db()
    assert job.status == SendJobStatus.DONE
    assert second == {"sent": 1000, "failed": 0, "skipped": 0, "remaining": 0, "total": 1000}
    confirmed = set(Subscriber.objects.confirmed().values_list("email", flat=True))
    assert len(mail.outbox) == 1000
    assert set(recipients()) == confirmed
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 1000
    assert all(message.subject == issue.title for message in mail.outbox)


def test_sending_twice_sends_nothing_more(issue):
    subscribers(30)
    job = SendJob.objects.create(issue=issue)

    sending.run(job.pk, batch_size=7)
    sending.run(job.pk, batch_size=7)

    assert sorted(recipients()) == sorted(set(recipients()))
    assert len(mail.outbox) == 30


def test_two_workers_never_claim_the_same_rows(issue):
    subscribers(25)
    sending.prepare(issue)

    first = sending.claim(issue, 10)
    second = sending.claim(issue, 10)
    third = sending.claim(issue, 10)

    claimed = [row.pk for row in first + second + third]
    assert [len(first), len(second), len(third)] == [10, 10, 5]
    assert len(set(claimed)) == 25
    assert sending.claim(issue, 10) == []


def test_a_subscriber_added_since_gets_the_issue_when_it_is_sent_again(issue):
    subscribers(3)
    job = SendJob.objects.create(issue=issue)
    sending.run(job.pk)
    make_subscriber("nouvelle@example.org")

    sending.run(job.pk)

    assert recipients().count("nouvelle@example.org") == 1
    assert len(mail.outbox) == 4


def test_an_unsubscribed_address_is_never_mailed_again(issue):
    subscribers(10)
    job = SendJob.objects.create(issue=issue)
    sending.run(job.pk, connection=FlakyBackend(fail_after=4), batch_size=3)
    leaving = Subscriber.objects.exclude(email__in=recipients()).first()
    leaving.unsubscribe()

    progress = sending.run(job.pk)

    assert leaving.email not in recipients()
    assert len(mail.outbox) == 9
    assert progress["skipped"] == 1
    assert Delivery.objects.get(subscriber=leaving).status == DeliveryStatus.SKIPPED


def test_a_refused_recipient_is_retried_three_times_then_given_up(issue, monkeypatch):
    subscribers(4)
    refused = "abonne2@example.org"
    job = SendJob.objects.create(issue=issue)
    backend = RefusingBackend(refused={refused})

    sending.run(job.pk, connection=backend)
    delivery = Delivery.objects.get(subscriber__email=refused)
    assert delivery.status == DeliveryStatus.RETRY
    assert delivery.attempts == 1
    assert "550" in delivery.error
    job.refresh_from_db()
    assert job.status == SendJobStatus.QUEUED
    assert job.retry_at == delivery.next_attempt_at

    # Nothing is due before the retry time.
    sending.run(job.pk, connection=backend)
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1

    later = timezone.now()
    for hours in (1, 2):
        later += datetime.timedelta(hours=hours)
        monkeypatch.setattr(timezone, "now", lambda at=later: at)
        sending.run(job.pk, connection=backend)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == sending.MAX_ATTEMPTS
    job.refresh_from_db()
    assert job.status == SendJobStatus.DONE
    assert sorted(recipients()) == sorted(f"abonne{n}@example.org" for n in range(4) if n != 2)
    assert issue.deliveries.progress() == {
        "sent": 3,
        "failed": 1,
        "skipped": 0,
        "remaining": 0,
        "total": 4,
    }


def test_a_dead_workers_claim_is_recovered_without_sending_anything_twice(issue, monkeypatch):
    subscribers(6)
    sending.prepare(issue)
    dead = sending.claim(issue, 4)
    # The worker sent the first two messages, marked them, then died while sending the third.
    Delivery.objects.filter(pk__in=[row.pk for row in dead[:2]]).update(status=DeliveryStatus.SENT)
    uncertain, untouched = dead[2], dead[3]
    job = SendJob.objects.create(issue=issue)

    sending.run(job.pk)
    assert len(mail.outbox) == 2  # Only the unclaimed rows: the claim may still be alive.
    job.refresh_from_db()
    assert job.status == SendJobStatus.QUEUED

    later = timezone.now() + sending.STALE_AFTER + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    sending.run(job.pk)

    assert uncertain.subscriber.email not in recipients()
    assert recipients().count(untouched.subscriber.email) == 1
    assert len(mail.outbox) == 3
    assert Delivery.objects.get(pk=uncertain.pk).status == DeliveryStatus.FAILED
    assert "peut-être parti" in Delivery.objects.get(pk=uncertain.pk).error
    job.refresh_from_db()
    assert job.status == SendJobStatus.DONE


def test_a_sending_with_retries_comes_back_when_they_fall_due(issue, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    subscribers(3)
    backend = RefusingBackend(refused={"abonne1@example.org"})
    monkeypatch.setattr(sending, "run", functools.partial(sending.run, connection=backend))
    job = SendJob.objects.create(issue=issue)

    tasks.send_issue.call(job.pk)

    job.refresh_from_db()
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "newsletters.tasks.send_issue"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert task.run_after == job.retry_at
    assert job.retry_at > timezone.now()


def test_start_runs_the_sending_in_the_tasks_framework(issue, immediate_tasks, admin_user):
    subscribers(12)

    job = tasks.start_sending(issue, admin_user)

    job.refresh_from_db()
    assert job.requested_by == admin_user
    assert job.status == SendJobStatus.DONE
    assert len(mail.outbox) == 12


def test_start_queues_a_task_for_the_database_worker(issue, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections it finds inside a transaction, as this test's is.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    subscribers(2)

    job = tasks.start_sending(issue)

    [task] = DBTaskResult.objects.all()
    assert task.task_path == "newsletters.tasks.send_issue"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert not mail.outbox

    call_command("db_worker", batch=True, reload=False, startup_delay=False, stdout=StringIO())

    assert len(mail.outbox) == 2
    job.refresh_from_db()
    assert job.status == SendJobStatus.DONE


def test_a_draft_issue_is_not_sent(db):
    subscribers(2)
    draft = make_issue(status=Status.DRAFT)

    with pytest.raises(ValueError):
        tasks.start_sending(draft)
    job = SendJob.objects.create(issue=draft)
    sending.run(job.pk)

    assert not mail.outbox
    job.refresh_from_db()
    assert job.status == SendJobStatus.INTERRUPTED


def test_benchmark_command_reports_emails_per_second(demo_issue):
    out = StringIO()

    call_command(emails.Command(), subscribers=50, stdout=out)

    report = out.getvalue()
    assert "e-mails par seconde" in report
    assert "50 e-mails envoyés" in report and "serveur SMTP sur 127.0.0.1" in report
    assert re.search(
        r"\d+ territoires choisis, dont \d+ avec des contenus à eux : \d+ éditions", report
    )
    assert not Subscriber.objects.exists()
    assert not mail.outbox
