"""Work done in the background by `manage.py db_worker` (make worker)."""

from django.db import transaction
from django.tasks import default_task_backend, task

from newsletters import sending
from newsletters.email import confirmation_message
from newsletters.models import SendJob, SendJobStatus, Subscriber, mailbox
from pare.throttle import Cooldown


def start_sending(issue, user=None):
    """Queue the sending of a published issue; again, it reaches only those who lack it."""
    with transaction.atomic():
        job = sending.queue(issue, user)
        send_issue.enqueue(job.pk)
    return job


@task
def send_issue(job_id):
    """Send an issue to every confirmed subscriber who has not had it yet; retry when due."""
    progress = sending.run(job_id)
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
