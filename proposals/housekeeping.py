"""The daily round (manage.py purge_proposals, and the worker each day): what is kept, and for how
long.

- A proposal whose author never confirmed their address is deleted after CONFIRMATION_MAX_AGE.
- The author's name, organisation, address and image are erased PROPOSAL_RETENTION_DAYS after
  the decision; the entry made from an accepted proposal stays.
- An author whose entry went online while no worker ran is told now.
"""

from proposals.models import Proposal


def run():
    deleted, _ = Proposal.objects.unconfirmed_expired().delete()
    erased = 0
    for proposal in Proposal.objects.due_for_erasure().iterator():
        proposal.erase_personal_data()
        erased += 1
    from proposals.tasks import announce_publication

    told = sum(
        bool(announce_publication.call(pk))
        for pk in Proposal.objects.awaiting_publication_notice().values_list("pk", flat=True)
    )
    return {"deleted": deleted, "erased": erased, "told": told}
