import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from pare.models import Status
from tests.factories import make_issue

FEED = reverse("newsletters:feed")


def items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return root.find("channel").findall("item")


@pytest.fixture
def issues(db):
    return {
        "q3": make_issue(year=2023, quarter=3, introduction="Bonjour à toutes et à tous."),
        "q4": make_issue(year=2023, quarter=4, introduction="<script>alert(1)</script>"),
        "draft": make_issue(year=2024, quarter=1, status=Status.DRAFT),
        "scheduled": make_issue(
            year=2024, quarter=2, publish_at=timezone.now() + datetime.timedelta(days=3)
        ),
    }


def test_feed_lists_published_issues_latest_first(client, issues):
    found = items(client.get(FEED))
    assert [item.findtext("title") for item in found] == [
        "Lettre PARÉ du 4e trimestre 2023",
        "Lettre PARÉ du 3e trimestre 2023",
    ]
    assert found[1].findtext("link") == f"http://testserver{issues['q3'].get_absolute_url()}"
    assert found[1].findtext("description") == "<p>Bonjour à toutes et à tous.</p>"
    assert found[1].findtext("pubDate")


def test_staff_html_in_an_introduction_is_escaped_in_the_feed(client, issues):
    (q4, _) = items(client.get(FEED))
    assert q4.findtext("description") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_drafts_and_scheduled_issues_never_reach_the_feed(client, issues):
    text = client.get(FEED).text
    assert "2024" not in text


def test_archive_and_home_link_to_the_feed(client, issues):
    for url in (reverse("newsletters:archive"), reverse("home")):
        html = client.get(url).text
        assert (
            f'<link rel="alternate" type="application/rss+xml" title="Les numéros (RSS)" '
            f'href="{FEED}">'
        ) in html, url
        assert f'<a href="{FEED}">' in html, url


def test_feed_ignores_a_query_string_it_does_not_use(client, issues):
    assert len(items(client.get(f"{FEED}?page=%FF&q=%00"))) == 2


def test_feed_query_count_does_not_grow_with_the_data(page_queries, issues):
    _, small = page_queries(FEED, 3)
    for year in range(2000, 2020):
        make_issue(year=year, quarter=1)
    response, large = page_queries(FEED, 3)
    assert len(items(response)) == 20
    assert large == small
