"""Reach without tracking: daily totals counted on the server, across processes, of no one."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters import reach
from newsletters.email import IssueEdition
from newsletters.models import ReachCount, ReachKind, SendJob
from tests.factories import make_event, make_issue, make_subscriber
from tests.processes import committed, on_postgresql, outputs, start_pythons

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def issue(db):
    return make_issue(events=[make_event(title="Colloque", slug="colloque")])


def total(kind, **filters):
    return sum(ReachCount.objects.filter(kind=kind, **filters).values_list("count", flat=True))


def test_issue_views_are_counted_including_those_served_from_the_cache(client, issue, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    url = issue.get_absolute_url()

    for _view in range(3):
        assert client.get(url, HTTP_USER_AGENT=BROWSER).status_code == 200

    [row] = ReachCount.objects.all()
    assert (row.kind, row.target, row.day, row.count) == (
        ReachKind.VIEW,
        url,
        timezone.localdate(),
        3,
    )
    assert row.issue is None


def test_a_counted_view_keeps_the_page_within_its_query_budget(
    client, issue, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 3600
    client.get(issue.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    with django_assert_max_num_queries(2):
        client.get(issue.get_absolute_url(), HTTP_USER_AGENT=BROWSER)


def test_counting_sets_no_cookie_and_keeps_nothing_about_the_reader(client, issue):
    response = client.get(issue.get_absolute_url(), HTTP_USER_AGENT=BROWSER)

    assert not response.cookies
    fields = {field.name for field in ReachCount._meta.get_fields()}
    assert fields == {"id", "day", "kind", "issue", "target", "count"}
    assert BROWSER not in str(list(ReachCount.objects.values()))


@pytest.mark.parametrize("agent", [GOOGLEBOT, "facebookexternalhit/1.1", ""])
def test_robots_are_not_counted(client, issue, agent):
    assert client.get(issue.get_absolute_url(), HTTP_USER_AGENT=agent).status_code == 200
    assert not ReachCount.objects.exists()


def test_staff_with_a_session_are_not_counted(admin_client, issue):
    admin_client.get(issue.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert not ReachCount.objects.exists()


def test_a_setting_turns_counting_off(client, issue, settings):
    settings.REACH_COUNTING = False
    event = issue.event_items.get().entry
    client.get(issue.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.get(reverse("events:event_calendar", args=[event.slug]), HTTP_USER_AGENT=BROWSER)
    client.get(
        reverse("newsletters:from_email", args=[issue.year, issue.quarter]),
        HTTP_USER_AGENT=BROWSER,
    )
    assert not ReachCount.objects.exists()
    html = IssueEdition(issue).html
    assert "/numeros/lien/" not in html


def test_calendar_downloads_are_counted(client, issue):
    url = reverse("events:event_calendar", args=["colloque"])
    client.get(url, HTTP_USER_AGENT=BROWSER)
    client.get(url, HTTP_USER_AGENT=BROWSER)
    assert total(ReachKind.CALENDAR, target=url) == 2


def test_opening_the_email_in_the_browser_is_counted_then_shows_the_issue(client, issue):
    response = client.get(
        reverse("newsletters:from_email", args=[issue.year, issue.quarter]),
        HTTP_USER_AGENT=BROWSER,
        follow=True,
    )
    assert response.redirect_chain == [(issue.get_absolute_url(), 302)]
    assert total(ReachKind.BROWSER, issue=issue) == 1
    assert total(ReachKind.VIEW, target=issue.get_absolute_url()) == 1


def test_email_links_count_their_clicks_through_a_redirect(client, issue, site_url):
    subscriber = make_subscriber()
    html = IssueEdition(issue).message_for(subscriber).alternatives[0].content
    event_url = f"{site_url}/agenda/colloque/"
    assert f'href="{event_url}"' not in html
    redirects = {
        href.removeprefix(site_url)
        for href in re.findall(r'href="([^"]+/numeros/lien/[^"]+)"', html)
    }
    assert redirects
    # Personal links stay direct: the redirect never learns who clicked.
    assert f'href="{site_url}/lettre/desinscription/{subscriber.unsubscribe_token}/"' in html

    targets = {}
    for redirect in redirects:
        response = client.get(redirect, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 302
        targets[response["Location"]] = redirect
    assert event_url in targets
    client.get(targets[event_url], HTTP_USER_AGENT=BROWSER)
    assert total(ReachKind.CLICK, issue=issue, target=event_url) == 2


@pytest.mark.parametrize("token", ["1-000000000000", "abc", "99999-123456789abc"])
def test_a_forged_link_is_refused_in_french(client, issue, token):
    response = client.get(reverse("newsletters:link", args=[token]), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400
    assert "Ce lien n'est pas valable" in response.text
    assert not ReachCount.objects.exists()


def test_admin_shows_the_issues_totals_and_a_chart_without_javascript(admin_client, issue):
    SendJob.objects.create(issue=issue)  # The chart starts on the day of sending.
    day = timezone.localdate()
    ReachCount.objects.create(
        day=day, kind=ReachKind.VIEW, target=issue.get_absolute_url(), count=7
    )
    ReachCount.objects.create(day=day, kind=ReachKind.BROWSER, issue=issue, count=4)
    ReachCount.objects.create(
        day=day, kind=ReachKind.CLICK, issue=issue, target="https://example.net/", count=2
    )
    ReachCount.objects.create(
        day=day,
        kind=ReachKind.CALENDAR,
        target=reverse("events:event_calendar", args=["colloque"]),
        count=3,
    )

    page = admin_client.get(reverse("admin:newsletters_issue_change", args=[issue.pk])).text

    assert "Vues de la page du numéro : 7" in page
    assert "« Afficher dans le navigateur » : 4" in page
    assert "Ajouts à un agenda (.ics) : 3" in page
    assert "Clics sur un lien de la lettre : 2" in page
    assert "2 — https://example.net/" in page
    assert '<svg role="img"' in page and "au plus 7" in page
    assert page.count("<rect") == reach.CHART_DAYS


COUNTER = """
import django
django.setup()
from newsletters import reach
for _ in range({times}):
    reach.count("view", target="/numeros/2023/t3/")
"""


@on_postgresql
@committed
def test_processes_count_into_the_same_total():
    outputs(start_pythons(COUNTER.format(times=50), (1, 2, 3)))
    assert total(ReachKind.VIEW, target="/numeros/2023/t3/") == 150
