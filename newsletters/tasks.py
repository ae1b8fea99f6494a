"""Work done in the background by `manage.py db_worker` (make worker)."""

from django.tasks import task

from newsletters.models import Subscriber, SubscriberStatus


@task
def send_issue(job_id):
    """Send an issue to every confirmed subscriber who has not had it yet."""
    from newsletters import sending

    return sending.run(job_id)


@task
def send_confirmation(subscriber_id):
    """Ask a new subscriber to confirm their address, unless they already did."""
    from newsletters.email import confirmation_message

    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=SubscriberStatus.PENDING
    ).first()
    if subscriber is not None:
        confirmation_message(subscriber).send()
