from io import StringIO

import pytest
from django.core.management import call_command

from newsletters.models import Issue


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks at once, inside the test."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://pare.example.org"
    return settings.SITE_URL


@pytest.fixture
def demo_issue(db):
    """The real 2023-Q3 issue, as load_demo loads it."""
    call_command("load_demo", stdout=StringIO())
    return Issue.objects.get(year=2023, quarter=3)


from tests.mailservers import imap_server, smtp_server  # noqa: E402, F401 (fixtures)
