"""Workers on several processes tell an author once: the proposal row is locked while they do."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from events.models import Event
from pare.models import Status
from proposals.models import Proposal
from tests.proposals.helpers import make_proposal

TELL = """
import django
django.setup()
from proposals.tasks import announce_publication
print(announce_publication.call({pk}))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_four_workers_at_once_send_one_notice(tmp_path):
    proposal = make_proposal()
    event = proposal.accept(None)
    Event.objects.filter(pk=event.pk).update(status=Status.PUBLISHED, publish_at=timezone.now())
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    outbox = tmp_path / "outbox"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", TELL.format(pk=proposal.pk)],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "pare.settings",
                "DATABASE_URL": url,
                "EMAIL_URL": f"filemail:///{outbox}",  # the path after the third slash
                "PYTHONHASHSEED": str(seed),
            },
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in range(1, 5)
    ]
    answers = [worker.communicate(timeout=120)[0].split() for worker in workers]
    assert sorted(answer[-1] for answer in answers) == ["False", "False", "False", "True"]
    [message] = outbox.iterdir()
    assert "camille@example.org" in message.read_text()
    assert Proposal.objects.get().notified_at is not None
