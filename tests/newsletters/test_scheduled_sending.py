"""A publisher schedules the sending; the worker starts it then; it can be cancelled until then."""

import datetime
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from newsletters import tasks
from newsletters.models import SendJob, SendJobStatus
from pare.models import Status
from tests.factories import make_issue, make_subscriber
from tests.newsletters.test_email_admin import email_url
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    staff,
)
from tests.processes import committed, database_url, django_env, on_postgresql

TOMORROW = timezone.localtime() + datetime.timedelta(days=1)


@pytest.fixture
def publisher(client, db):
    return staff(client, PUBLISHERS)


def schedule(client, issue, when=TOMORROW):
    return client.post(email_url(issue), {"schedule": "1", "when": when.strftime("%Y-%m-%dT%H:%M")})


def test_a_scheduled_sending_starts_when_its_time_comes(
    publisher, worker, django_capture_on_commit_callbacks
):
    issue = make_issue()
    make_subscriber("abonne@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = schedule(publisher, issue)

    assert response.status_code == 302
    job = SendJob.objects.get(issue=issue)
    assert f"{timezone.localtime(job.scheduled_for):%Y-%m-%dT%H:%M}" == f"{TOMORROW:%Y-%m-%dT%H:%M}"
    page = publisher.get(email_url(issue))
    assert "Envoi programmé pour le" in page.text
    assert "Annuler l&#x27;envoi programmé" in page.text or "Annuler l'envoi programmé" in page.text
    worker()
    assert not mail.outbox  # not yet
    worker(now=True)
    assert [message.to for message in mail.outbox] == [["abonne@example.org"]]
    job.refresh_from_db()
    assert job.status == SendJobStatus.DONE


def test_a_scheduled_sending_is_cancelled_until_it_starts(
    publisher, worker, django_capture_on_commit_callbacks
):
    issue = make_issue()
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        schedule(publisher, issue)

    publisher.post(email_url(issue), {"cancel": "1"})

    assert not SendJob.objects.exists()
    assert "L'envoi programmé est annulé." in messages_of(publisher.get(email_url(issue)))
    worker(now=True)
    assert not mail.outbox


def test_an_issue_not_public_at_the_time_is_not_sent_and_staff_are_told(
    publisher, worker, django_capture_on_commit_callbacks
):
    issue = make_issue(status=Status.DRAFT)
    make_subscriber("abonne@example.org")
    user = publisher.get(email_url(issue)).context["user"]
    user.email = "chloe@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule(publisher, issue)

    worker(now=True)

    [message] = mail.outbox
    assert message.to == ["chloe@example.org"]
    assert message.subject == "Envoi annulé : Lettre PARÉ du 3e trimestre 2023"
    job = SendJob.objects.get()
    assert job.status == SendJobStatus.INTERRUPTED
    assert "pas en ligne à l'heure prévue" in job.error


def test_only_publishers_schedule_and_only_in_the_future(client, db):
    issue = make_issue()
    staff(client, EDITORS)
    assert schedule(client, issue).status_code == 403

    staff(client, PUBLISHERS)
    response = schedule(client, issue, when=timezone.localtime() - datetime.timedelta(hours=1))
    assert response.status_code == 200
    assert "Choisissez une date et une heure à venir." in response.text
    assert not SendJob.objects.exists()


WORKER = ["manage.py", "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay"]


@on_postgresql
@committed
def test_two_real_workers_start_a_scheduled_sending_on_time_and_send_it_once(settings, smtp_server):
    """Two `db_worker` processes, as production runs them, and a real SMTP server."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    issue = make_issue()
    addresses = sorted(make_subscriber(f"abonne{n:02d}@example.org").email for n in range(30))
    workers = [
        subprocess.Popen(
            [sys.executable, *WORKER],
            env=django_env(
                DATABASE_URL=database_url(),
                EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
                TASKS_BACKEND="django_tasks_db.DatabaseBackend",
                PYTHONHASHSEED=str(seed),
            ),
            cwd=django_settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for seed in (3, 4)
    ]
    try:
        when = timezone.now() + datetime.timedelta(seconds=6)
        job = tasks.schedule_sending(issue, when, None)
        while timezone.now() < when - datetime.timedelta(milliseconds=300):
            assert smtp_server.received == []  # nothing before its time
            time.sleep(0.1)
        deadline = time.monotonic() + 60
        while len(smtp_server.received) < 30 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # a second worker sending the issue again would show now
    finally:
        for worker in workers:
            worker.terminate()
        errors = [worker.communicate(timeout=30)[1].decode() for worker in workers]
    assert sorted(r for received in smtp_server.received for r in received.recipients) == (
        addresses
    ), errors
    job.refresh_from_db()
    assert job.status == SendJobStatus.DONE
    assert job.started_at >= when
