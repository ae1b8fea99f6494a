"""The worker reads the bounce mailbox every quarter of an hour: one round at a time, one queued."""

import datetime
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletters import bounces, tasks
from newsletters.models import Bounce, SubscriberStatus
from tests.factories import make_issue, make_subscriber
from tests.mailservers import Received
from tests.newsletters.test_bounces import dsn
from tests.processes import (
    committed,
    database_url,
    django_env,
    on_postgresql,
    outputs,
    start_pythons,
)


def rounds(status=TaskResultStatus.READY):
    return DBTaskResult.objects.filter(task_path=tasks.process_bounces.module_path, status=status)


def schedule():
    out = StringIO()
    call_command("process_bounces", "--schedule", stdout=out)
    return out.getvalue()


def bounce_of(subscriber, issue):
    """A hard bounce of the issue's message to subscriber, as their mail server sends it."""
    headers = f"To: {subscriber.email}\nSubject: {issue.title}"
    received = Received(
        bounces.return_path(subscriber, issue), [subscriber.email], None, headers.encode()
    )
    return dsn(received)


@pytest.mark.django_db
def test_without_a_mailbox_nothing_is_queued(settings):
    settings.BOUNCE_IMAP_HOST = ""
    assert "Aucune boîte de retours réglée" in schedule()
    assert tasks.schedule_bounce_rounds() is False
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_worker_gets_one_round_a_quarter_of_an_hour_ahead(settings):
    settings.BOUNCE_IMAP_HOST = "imap.example.org"
    before = timezone.now()

    assert "programmés" in schedule()
    assert "déjà programmés" in schedule()
    assert tasks.schedule_bounce_rounds() is False

    [queued] = rounds()
    assert before + tasks.BOUNCE_ROUND_EVERY <= queued.run_after
    assert queued.run_after <= timezone.now() + tasks.BOUNCE_ROUND_EVERY


@pytest.mark.django_db
def test_a_round_left_running_by_a_dead_worker_does_not_stop_the_rounds(settings):
    settings.BOUNCE_IMAP_HOST = "imap.example.org"
    tasks.schedule_bounce_rounds()
    long_ago = timezone.now() - tasks.BOUNCE_ROUND_LEASE - datetime.timedelta(minutes=1)
    rounds().update(status=TaskResultStatus.RUNNING, started_at=long_ago)

    assert tasks.schedule_bounce_rounds() is True
    assert rounds().count() == 1


def mailbox(box):
    """The settings of the bounce mailbox, for child processes."""
    return {
        "BOUNCE_IMAP_HOST": box.host,
        "BOUNCE_IMAP_PORT": str(box.port),
        "BOUNCE_IMAP_SSL": "false",
        "BOUNCE_IMAP_USER": box.user,
        "BOUNCE_IMAP_PASSWORD": box.password,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


@on_postgresql
@committed
def test_the_worker_runs_the_round_when_due_and_queues_the_next(imap_server):
    issue = make_issue()
    gone = make_subscriber()
    imap_server.append(bounce_of(gone, issue))
    schedule()
    rounds().update(run_after=timezone.now())

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        env=django_env(DATABASE_URL=database_url(), PYTHONHASHSEED="1", **mailbox(imap_server)),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert worker.returncode == 0, worker.stderr
    [done] = rounds(TaskResultStatus.SUCCESSFUL)
    assert done.return_value == {"handled": 1, "unknown": 0}
    gone.refresh_from_db()
    assert gone.status == SubscriberStatus.SUSPENDED
    assert imap_server.messages() == []
    [following] = rounds()
    assert following.run_after > timezone.now() + datetime.timedelta(minutes=14)


ROUND = """
import time
import django
django.setup()
from django.core.management import call_command
time.sleep(max(0, {start} - time.time()))
call_command("process_bounces")
"""


@on_postgresql
@committed
def test_four_processes_at_once_read_each_message_once_and_queue_one_round(imap_server):
    issue = make_issue()
    subscribers = [make_subscriber() for _ in range(30)]
    for subscriber in subscribers:
        imap_server.append(bounce_of(subscriber, issue))
    start = time.time() + 8  # once every process has set Django up

    reports = outputs(start_pythons(ROUND.format(start=start), range(1, 5), **mailbox(imap_server)))

    assert any("Un autre passage lit la boîte" in report for report in reports), reports
    handled = sum(int(report.split()[0]) for report in reports if "retours traités" in report)
    assert handled == 30
    # Each message handled once: one bounce recorded for each subscriber, none twice.
    assert sorted(Bounce.objects.values_list("subscriber", flat=True)) == sorted(
        subscriber.pk for subscriber in subscribers
    )
    assert imap_server.messages() == []
    assert rounds().count() == 1


SCHEDULE = """
import os
import time
import django
django.setup()
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from newsletters import tasks
queued = DBTaskResult.objects.filter(task_path=tasks.process_bounces.module_path)
for slot in range({slots}):
    time.sleep(max(0, {start} + slot * {period} - time.time()))
    print("queued" if tasks.schedule_bounce_rounds() else "found", flush=True)
    if os.environ["PYTHONHASHSEED"] == "1":  # one process counts, then empties the queue
        time.sleep(max(0, {start} + (slot + 0.5) * {period} - time.time()))
        print(queued.filter(status=TaskResultStatus.READY).count(), flush=True)
        queued.update(status=TaskResultStatus.SUCCESSFUL)  # as if the round had run
"""


@on_postgresql
@committed
def test_processes_scheduling_at_the_same_moment_queue_one_round():
    slots, period, start = 15, 0.4, time.time() + 8
    code = SCHEDULE.format(slots=slots, period=period, start=start)
    printed = outputs(
        start_pythons(
            code,
            range(1, 5),
            BOUNCE_IMAP_HOST="imap.example.org",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        )
    )
    counter, *others = [out.split() for out in printed]
    answers = [counter[0::2], *others]
    counts = counter[1::2]
    assert counts == ["1"] * slots  # never two rounds queued
    for slot in range(slots):
        assert [process[slot] for process in answers].count("queued") == 1, slot
