import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from newsletters.models import Issue


@pytest.fixture
def demo_issue(db):
    """The real 2023-Q3 issue, as load_demo loads it."""
    call_command("load_demo", stdout=StringIO())
    return Issue.objects.get(year=2023, quarter=3)


@pytest.fixture
def worker(settings, monkeypatch):
    """The database worker, run in batch mode; now=True brings every deferred task due."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(now=False):
        if now:
            DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
        call_command("db_worker", batch=True, reload=False, startup_delay=False, stdout=StringIO())

    return run


from tests.mailservers import imap_server, smtp_server  # noqa: E402, F401 (fixtures)
