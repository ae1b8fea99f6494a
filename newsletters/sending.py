"""Sending an issue to every confirmed subscriber: in the background, in batches, once each.

Every (issue, subscriber) pair has one Delivery row, by a unique constraint, made before anything
goes out. A worker claims a batch of rows with one UPDATE that only takes rows still waiting, under
a claim number it then reads back: two workers never hold the same row, on any database (on
PostgreSQL, SELECT … FOR UPDATE SKIP LOCKED also spares them waiting for each other). Each row is
marked sent as soon as the mail server has accepted its message, in claim order, so a worker that
dies leaves at most one row whose fate is unknown: the first one of its claim still « sending ».
That one is not sent again, the rest of its claim is. An address that unsubscribes (or is
suspended) meanwhile is dropped from the rows still waiting. The issue is rendered once per
territory its subscribers chose (newsletters.email.Editions), not once per recipient.
"""

import datetime
import smtplib
import uuid

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Case, F, Min, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletters.email import Editions
from newsletters.models import (
    Delivery,
    DeliveryStatus,
    SendJob,
    SendJobStatus,
    Subscriber,
    SubscriberStatus,
)

BATCH_SIZE = 100
MAX_ATTEMPTS = 3
# Waits before the second and the third attempt at one address.
RETRY_DELAYS = (datetime.timedelta(minutes=5), datetime.timedelta(minutes=30))
# A claim older than this belongs to a worker that died.
STALE_AFTER = datetime.timedelta(minutes=30)
# Refusals of one recipient or one message: recorded against that delivery, and retried later.
# Anything else (the server is down, the credentials are wrong) interrupts the whole sending.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


class SendingInterrupted(Exception):
    pass


def queue(issue, user=None):
    """Make the job of a published issue ready to run again (tasks.start_sending queues it)."""
    if not issue.is_public:
        raise ValueError("Only a published issue is sent.")
    job, _created = SendJob.objects.get_or_create(issue=issue)
    job.status = SendJobStatus.QUEUED
    job.requested_by = user if user and user.is_authenticated else job.requested_by
    job.retry_at = None
    job.error = ""
    job.save()
    return job


def run(job_id, *, connection=None, batch_size=BATCH_SIZE):
    """Send what remains of a job's issue; return its progress. Safe to run twice at once."""
    job = SendJob.objects.select_related("issue").get(pk=job_id)
    issue = job.issue
    jobs = SendJob.objects.filter(pk=job.pk)
    if not issue.is_public:
        jobs.update(
            status=SendJobStatus.INTERRUPTED,
            error=_("Le numéro n'est plus publié : l'envoi est arrêté."),
        )
        return issue.deliveries.progress()
    started = jobs.update(
        status=SendJobStatus.RUNNING, started_at=timezone.now(), retry_at=None, error=""
    )
    if not started:  # cancelled meanwhile
        return issue.deliveries.progress()
    prepare(issue)
    editions = Editions(issue)
    connection = connection or mailers.default
    try:
        with connection:
            while batch := claim(issue, batch_size):
                send_batch(batch, editions, connection)
    except SendingInterrupted as error:
        jobs.update(status=SendJobStatus.INTERRUPTED, error=str(error))
        return issue.deliveries.progress()
    except Exception as error:  # The connection could not open or close.
        jobs.update(status=SendJobStatus.INTERRUPTED, error=describe(error))
        return issue.deliveries.progress()
    follow_up(job)
    return issue.deliveries.progress()


def prepare(issue):
    """Give each confirmed subscriber their row; drop those who left; recover dead claims."""
    Delivery.objects.bulk_create(
        (
            Delivery(issue=issue, subscriber_id=pk)
            for pk in Subscriber.objects.confirmed()
            .exclude(deliveries__issue=issue)
            .values_list("pk", flat=True)
            .iterator()
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
    skip_unsubscribed(issue)
    now = timezone.now()
    stale = issue.deliveries.sending().filter(claimed_at__lt=now - STALE_AFTER)
    for claim_id in set(stale.values_list("claim", flat=True)):
        rows = stale.filter(claim=claim_id)
        uncertain = rows.order_by("pk").values_list("pk", flat=True).first()
        rows.filter(pk=uncertain).update(
            status=DeliveryStatus.FAILED,
            error=_(
                "L'envoi a été interrompu pendant ce message : il est peut-être parti. "
                "Il n'est pas renvoyé, pour ne pas l'envoyer deux fois."
            ),
        )
        release(rows.exclude(pk=uncertain), now)


def skip_unsubscribed(issue):
    issue.deliveries.waiting().exclude(subscriber__status=SubscriberStatus.CONFIRMED).update(
        status=DeliveryStatus.SKIPPED
    )


def release(rows, now):
    """Put claimed rows back in the queue, as if never attempted."""
    rows.update(
        status=Case(
            When(attempts__gt=1, then=Value(DeliveryStatus.RETRY)),
            default=Value(DeliveryStatus.PENDING),
        ),
        attempts=F("attempts") - 1,
        claim=None,
        next_attempt_at=now,
    )


def claim(issue, size):
    """Take up to size rows due for sending, for this worker alone, in a fixed order."""
    skip_unsubscribed(issue)
    now = timezone.now()
    claim_id = uuid.uuid4()
    due = issue.deliveries.due(now)
    with transaction.atomic():
        pks = list(
            due.order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        if not pks:
            return []
        due.filter(pk__in=pks).update(
            status=DeliveryStatus.SENDING,
            claim=claim_id,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.sending()
        .filter(claim=claim_id)
        .select_related("subscriber")
        .prefetch_related("subscriber__regions", "subscriber__departments")
        .order_by("pk")
    )


def send_batch(batch, editions, connection):
    for index, delivery in enumerate(batch):
        try:
            sent = connection.send_messages([editions.message_for(delivery.subscriber)])
        except RECIPIENT_ERRORS as error:
            record_failure(delivery, error)
            continue
        except Exception as error:
            raise interrupt(batch[index:], error) from error
        if not sent:
            raise interrupt(batch[index:], _("le serveur de messagerie n'a rien accepté"))
        Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
        )


def describe(error):
    return str(error) if isinstance(error, str) else f"{type(error).__name__} : {error}"


def interrupt(rest, error):
    """Stop here: the message that failed counts an attempt, the rest of the batch does not.

    Return the exception to raise; the failed message goes first when the sending resumes.
    """
    now = timezone.now()
    failed, *untouched = rest
    record_failure(failed, error, retry_at=now)
    release(Delivery.objects.filter(pk__in=[row.pk for row in untouched], claim=failed.claim), now)
    return SendingInterrupted(
        _("Envoi interrompu : %(error)s. Reprenez-le quand le problème est réglé.")
        % {"error": describe(error)}
    )


def record_failure(delivery, error, retry_at=None):
    """Retry later, up to MAX_ATTEMPTS attempts in all; then give up on this address."""
    final = delivery.attempts >= MAX_ATTEMPTS
    if retry_at is None and not final:
        retry_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.RETRY,
        next_attempt_at=None if final else retry_at,
        claim=None,
        error=describe(error)[:2000],
    )


def follow_up(job):
    """Done, or queued again for when retries fall due or a dead worker's claim can be recovered.

    tasks.send_issue then comes back at job.retry_at.
    """
    deliveries = Delivery.objects.filter(issue=job.issue_id)
    next_retry = deliveries.filter(status=DeliveryStatus.RETRY).aggregate(at=Min("next_attempt_at"))
    oldest_claim = deliveries.sending().aggregate(at=Min("claimed_at"))
    due = [
        at
        for at in (next_retry["at"], oldest_claim["at"] and oldest_claim["at"] + STALE_AFTER)
        if at
    ]
    jobs = SendJob.objects.filter(pk=job.pk)
    if not due:
        jobs.update(status=SendJobStatus.DONE, finished_at=timezone.now())
        return
    jobs.update(status=SendJobStatus.QUEUED, retry_at=min(due))
