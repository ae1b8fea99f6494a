"""Entry pages say when they were published and which issues they appeared in."""

import datetime

import pytest

from pare.models import Status
from tests.factories import make_event, make_initiative, make_issue, make_resource


@pytest.fixture
def entries(db):
    published = datetime.datetime(2023, 10, 16, 8, 0, tzinfo=datetime.UTC)
    event = make_event(publish_at=published)
    initiative = make_initiative(publish_at=published)
    resource = make_resource(publish_at=published)
    make_issue(year=2023, quarter=3, events=[event], initiatives=[initiative], resources=[resource])
    make_issue(year=2024, quarter=1, events=[event], status=Status.DRAFT)
    return [event, initiative, resource]


def test_each_entry_page_says_where_it_appeared_and_when_it_was_published(client, entries):
    for entry in entries:
        html = client.get(entry.get_absolute_url()).text
        assert 'Paru dans : <a href="/numeros/2023/t3/">3e trimestre 2023</a>' in html, entry
        assert "Publié le lundi 16 octobre 2023" in html
        assert "1er trimestre 2024" not in html  # a draft issue is no place to have appeared


def test_an_entry_in_no_issue_says_only_when_it_was_published(client, db):
    html = client.get(make_event().get_absolute_url()).text
    assert "Publié le" in html
    assert "Paru dans" not in html
