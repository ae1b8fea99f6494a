"""Workers on several processes tell an author once: the proposal row is locked while they do."""

from django.utils import timezone

from events.models import Event
from pare.models import Status
from proposals.models import Proposal
from tests.processes import committed, on_postgresql, outputs, start_pythons
from tests.proposals.helpers import make_proposal

TELL = """
import django
django.setup()
from proposals.tasks import announce_publication
print(announce_publication.call({pk}))
"""


@on_postgresql
@committed
def test_four_workers_at_once_send_one_notice(tmp_path):
    proposal = make_proposal()
    event = proposal.accept(None)
    Event.objects.filter(pk=event.pk).update(status=Status.PUBLISHED, publish_at=timezone.now())
    outbox = tmp_path / "outbox"
    workers = start_pythons(
        TELL.format(pk=proposal.pk),
        range(1, 5),
        EMAIL_URL=f"filemail:///{outbox}",  # the path after the third slash
    )
    answers = [output.split() for output in outputs(workers)]
    assert sorted(answer[-1] for answer in answers) == ["False", "False", "False", "True"]
    [message] = outbox.iterdir()
    assert "camille@example.org" in message.read_text()
    assert Proposal.objects.get().notified_at is not None
