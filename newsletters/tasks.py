"""Work done in the background by `manage.py db_worker` (make worker)."""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletters import bounces, sending
from newsletters.email import confirmation_message, not_sent_message, review_message
from newsletters.models import (
    Issue,
    MailboxRound,
    SendJob,
    SendJobStatus,
    Subscriber,
    SubscriberImport,
    SubscriberStatus,
    mailbox,
)
from pare.throttle import Cooldown


def start_sending(issue, user=None):
    """Queue the sending of a published issue; again, it reaches only those who lack it."""
    with transaction.atomic():
        job = sending.queue(issue, user)
        send_issue.enqueue(job.pk)
    return job


def schedule_sending(issue, when, user):
    """Have the worker start the sending at that time, if the issue is public by then."""
    with transaction.atomic():
        job = SendJob.objects.create(issue=issue, scheduled_for=when, requested_by=user)
        transaction.on_commit(lambda: send_issue.using(run_after=when).enqueue(job.pk))
    return job


def cancel_scheduled(job):
    """Cancel a scheduled sending; False if the worker has already started it."""
    return bool(
        SendJob.objects.filter(
            pk=job.pk, status=SendJobStatus.QUEUED, started_at__isnull=True
        ).delete()[0]
    )


@task
def send_issue(job_id):
    """Send an issue to every confirmed subscriber who has not had it yet; retry when due."""
    job = SendJob.objects.filter(pk=job_id).select_related("issue", "requested_by").first()
    if job is None:  # a scheduled sending, cancelled
        return None
    if job.scheduled_for and not job.started_at and not job.issue.is_public:
        SendJob.objects.filter(pk=job.pk).update(
            status=SendJobStatus.INTERRUPTED,
            error=_("Le numéro n'était pas en ligne à l'heure prévue : rien n'est parti."),
        )
        if job.requested_by and job.requested_by.email:
            not_sent_message(job).send()
        return None
    progress = sending.run(job_id)
    schedule_bounce_rounds()  # what bounces, the worker reads
    retry_at = (
        SendJob.objects.filter(pk=job_id, status=SendJobStatus.QUEUED)
        .values_list("retry_at", flat=True)
        .first()
    )
    if retry_at and default_task_backend.supports_defer:
        send_issue.using(run_after=retry_at).enqueue(job_id)
    return progress


# At most one confirmation e-mail a day to a mailbox, « +tag » variants included.
CONFIRMATIONS = Cooldown("subscription-confirmation", period=24 * 60 * 60)


@task
def request_subscription(email, source, regions=(), departments=()):
    """Record a request to subscribe and ask to confirm it, at most once a day per mailbox.

    Done here rather than in the form's view, so that the answer takes the same time whether
    the address is new, waiting, subscribed or gone.
    """
    if not CONFIRMATIONS.hit(mailbox(email)):
        return
    subscriber = Subscriber.objects.request_subscription(email, source)
    if subscriber is not None:
        subscriber.regions.set(regions)
        subscriber.departments.set(departments)
        confirmation_message(subscriber).send()


@task
def tell_publishers(issue_id):
    """E-mail those who may publish that a draft issue is ready for them to read."""
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is not None:
        message = review_message(issue)
        if message.to:
            message.send()


def claim_invitations(import_id, limit):
    """Up to limit addresses of an import still to invite, each claimed by one process only."""
    now = timezone.now()
    waiting = Subscriber.objects.filter(
        imported_in=import_id, awaiting_invitation=True, status=SubscriberStatus.PENDING
    )
    claimed = [
        pk
        for pk in waiting.order_by("pk").values_list("pk", flat=True)[:limit]
        if Subscriber.objects.filter(
            pk=pk, awaiting_invitation=True, status=SubscriberStatus.PENDING
        ).update(awaiting_invitation=False, requested_at=now)
    ]
    return list(Subscriber.objects.filter(pk__in=claimed).order_by("pk"))


@task
def send_invitations(import_id):
    """Mail the confirmation link to an import's « à inviter » addresses, a minute's worth at a
    time (IMPORT_INVITATIONS_PER_MINUTE), so that the mail server and the receiving domains see
    a steady trickle rather than a flood; the next round is queued a minute later."""
    per_minute = settings.IMPORT_INVITATIONS_PER_MINUTE
    while True:
        sent = 0
        batch = claim_invitations(import_id, per_minute)
        for subscriber in batch:
            try:
                confirmation_message(subscriber, invited=True).send()
            except Exception:  # the mail server is away: the rest wait for the next round
                unsent = [waiting.pk for waiting in batch[sent:]]
                Subscriber.objects.filter(pk__in=unsent).update(awaiting_invitation=True)
                break
            sent += 1
        SubscriberImport.objects.filter(pk=import_id).update(
            invitations_sent=F("invitations_sent") + sent
        )
        if not Subscriber.objects.filter(
            imported_in=import_id, awaiting_invitation=True, status=SubscriberStatus.PENDING
        ).exists():
            return sent
        next_round = timezone.now() + datetime.timedelta(minutes=1)
        if default_task_backend.supports_defer:
            send_invitations.using(run_after=next_round).enqueue(import_id)
            return sent
        time.sleep(60)


BOUNCE_ROUND_EVERY = datetime.timedelta(minutes=15)
# A round that has not shown signs of life for that long belongs to a worker that died.
BOUNCE_ROUND_LEASE = datetime.timedelta(minutes=10)


def _mailbox_round():
    MailboxRound.objects.get_or_create(pk=1)
    return MailboxRound.objects.filter(pk=1)


def bounce_round():
    """Read the bounce mailbox, unless another process is reading it (None then)."""
    row = _mailbox_round()
    now = timezone.now()
    free = Q(running_until__isnull=True) | Q(running_until__lt=now)
    if not row.filter(free).update(running_until=now + BOUNCE_ROUND_LEASE):
        return None

    def still_running():
        row.update(running_until=timezone.now() + BOUNCE_ROUND_LEASE)

    try:
        return bounces.read_mailbox(still_running)
    finally:
        row.update(running_until=None, finished_at=timezone.now())


def schedule_bounce_rounds(current=None):
    """Queue a round of the bounce mailbox in a quarter of an hour, unless one is already queued
    or running (current: the round that asks, now over). Nothing without a mailbox.
    """
    if not settings.BOUNCE_IMAP_HOST or not process_bounces.get_backend().supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    row = _mailbox_round()
    now = timezone.now()
    with transaction.atomic():
        # Writing the row first holds its lock (on SQLite, the database's) until the end: processes
        # that schedule at the same time do it one after the other, each seeing what the last did.
        row.update(queued_for=F("queued_for"))
        pending = DBTaskResult.objects.filter(task_path=process_bounces.module_path).filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gt=now - BOUNCE_ROUND_LEASE)
        )
        if current is not None:
            pending = pending.exclude(pk=current.id)
        if pending.exists():
            return False
        at = now + BOUNCE_ROUND_EVERY
        process_bounces.using(run_after=at).enqueue()
        row.update(queued_for=at)
    return True


@task(takes_context=True)
def process_bounces(context):
    """A round of the bounce mailbox (manage.py process_bounces), then the next one."""
    try:
        return bounce_round()
    finally:
        schedule_bounce_rounds(current=context.task_result)
