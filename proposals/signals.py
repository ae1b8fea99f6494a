"""Tell a proposer when the entry made from their proposal is published, as soon as it is public."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from events.models import Event
from news.models import Initiative
from pare.models import Status
from proposals.models import Proposal
from resources.models import Resource


@receiver(post_save, sender=Event)
@receiver(post_save, sender=Initiative)
@receiver(post_save, sender=Resource)
def entry_saved(sender, instance, **kwargs):
    if instance.status != Status.PUBLISHED:
        return
    field = sender._meta.model_name
    proposal = Proposal.objects.filter(**{field: instance}, notified_at__isnull=True).first()
    if proposal is None:
        return
    from proposals.tasks import announce_publication

    task = announce_publication
    if instance.publish_at > timezone.now() and task.get_backend().supports_defer:
        # Scheduled: the task finds it public then, or finds nothing to do if it was withdrawn.
        task = task.using(run_after=instance.publish_at)
    transaction.on_commit(lambda: task.enqueue(proposal.pk))
