from io import StringIO

import pytest
from django.core.management import call_command

from newsletters.models import Issue


@pytest.fixture
def demo_issue(db):
    """The real 2023-Q3 issue, as load_demo loads it."""
    call_command("load_demo", stdout=StringIO())
    return Issue.objects.get(year=2023, quarter=3)


from tests.mailservers import imap_server, smtp_server  # noqa: E402, F401 (fixtures)
