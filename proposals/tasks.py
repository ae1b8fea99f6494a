"""Work done in the background by `manage.py db_worker` (make worker)."""

import datetime

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from proposals.models import Proposal, State

HOUSEKEEPING_HOUR = 4


@task
def send_confirmation(proposal_id):
    """Ask the proposer to confirm their address, unless they already did."""
    from proposals.email import confirmation_message

    proposal = Proposal.objects.filter(pk=proposal_id, state=State.UNCONFIRMED).first()
    if proposal is not None:
        confirmation_message(proposal).send()


def _tell(queryset, message):
    """Send message for the proposal of queryset once, then note that its author was told."""
    with transaction.atomic():
        proposal = queryset.select_for_update(of=("self",)).filter(notified_at__isnull=True).first()
        if proposal is None or not proposal.proposer_email:
            return False
        message(proposal).send()
        proposal.notified_at = timezone.now()
        proposal.save(update_fields=("notified_at",))
    return True


@task
def announce_publication(proposal_id):
    """Tell the proposer their proposal is online, with its link, once its entry is public."""
    from proposals.email import published_message

    return _tell(
        Proposal.objects.awaiting_publication_notice().filter(pk=proposal_id), published_message
    )


@task
def announce_decline(proposal_id):
    from proposals.email import declined_message

    return _tell(Proposal.objects.filter(pk=proposal_id, state=State.DECLINED), declined_message)


@task
def housekeeping():
    """The daily round: forget what must be forgotten, then come back tomorrow."""
    from proposals import housekeeping as daily

    report = daily.run()
    schedule_housekeeping()
    return report


def next_round(now=None):
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time(HOUSEKEEPING_HOUR))
    )


def schedule_housekeeping():
    """Queue tomorrow's round, unless one is queued already (or tasks cannot wait)."""
    from django_tasks_db.models import DBTaskResult

    if not housekeeping.get_backend().supports_defer:
        return
    queued = DBTaskResult.objects.filter(
        task_path=housekeeping.module_path,
        status=TaskResultStatus.READY,
        run_after__gt=timezone.now(),
    )
    if not queued.exists():
        housekeeping.using(run_after=next_round()).enqueue()
