"""A proposal is no content: receiving one keeps every cached page."""

import pytest

from pare import cache
from tests.proposals.helpers import make_proposal


@pytest.mark.django_db
def test_a_new_proposal_keeps_the_cached_pages():
    before = cache.generation()
    make_proposal()
    assert cache.generation() == before
