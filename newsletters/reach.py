"""Reach without tracking: daily totals of views, opens, calendar downloads and clicks.

Nothing about the reader is read or kept: no cookie, no address, no identifier, only one more on
the day's total of a page or a link. Totals are added in the database (an UPDATE … + 1, or the
row's INSERT), so every process counts into the same row. Robots, recognised from the
crawler-user-agents list, are not counted; REACH_COUNTING = False counts nothing.
"""

import datetime
import hmac

from crawleruseragents import is_crawler
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from events.models import Event
from newsletters.models import IssueLink, ReachCount, ReachKind

LINK_SALT = "newsletters.reach.link"


def is_robot(request):
    agent = request.headers.get("User-Agent", "")
    return not agent or is_crawler(agent)


def count(kind, *, issue_id=None, target=""):
    """Add one to today's total of this page or link."""
    day = timezone.localdate()
    rows = ReachCount.objects.filter(day=day, kind=kind, issue_id=issue_id, target=target)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ReachCount.objects.create(day=day, kind=kind, issue_id=issue_id, target=target, count=1)
    except IntegrityError:  # Another process created the row meanwhile.
        rows.update(count=F("count") + 1)


def should_count(request):
    return (
        settings.REACH_COUNTING
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not is_robot(request)
    )


# The public pages counted, by URL name: the issue's page and an event's calendar file.
COUNTED_PAGES = {
    "newsletters:detail": ReachKind.VIEW,
    "events:event_calendar": ReachKind.CALENDAR,
}


class ReachMiddleware:
    """Count the views of counted pages, those the page cache serves included (it sits above).

    Staff (who hold a session) and robots are not counted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and should_count(request):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return response
            kind = COUNTED_PAGES.get(match.view_name)
            if kind:
                count(kind, target=request.path_info)
        return response


def _link_mac(pk):
    return salted_hmac(LINK_SALT, str(pk), algorithm="sha256").hexdigest()[:12]


def link_urls(issue, urls):
    """{address: the redirect through which it counts its clicks}, for an issue's e-mail."""
    urls = set(urls)
    IssueLink.objects.bulk_create(
        (IssueLink(issue=issue, url=url) for url in urls), ignore_conflicts=True
    )
    links = IssueLink.objects.filter(issue=issue, url__in=urls).values_list("pk", "url")
    return {
        url: reverse("newsletters:link", kwargs={"token": f"{pk}-{_link_mac(pk)}"})
        for pk, url in links
    }


def read_link(token):
    """The IssueLink a redirect's token names, or None if it was not made here."""
    number, _dash, mac = token.partition("-")
    if not number.isdigit() or len(number) > 18:
        return None
    if not hmac.compare_digest(_link_mac(int(number)), mac):
        return None
    return IssueLink.objects.filter(pk=int(number)).first()


CHART_DAYS = 60


def totals(issue):
    """The issue's totals: views, opens from the e-mail, calendar downloads, clicks by link."""
    rows = ReachCount.objects.all()
    calendars = [
        reverse("events:event_calendar", kwargs={"slug": slug})
        for slug in Event.objects.filter(issue_items__issue=issue).values_list("slug", flat=True)
    ]
    by_kind = dict(
        rows.filter(
            Q(kind=ReachKind.VIEW, target=issue.get_absolute_url())
            | Q(kind__in=(ReachKind.BROWSER, ReachKind.CLICK), issue=issue)
            | Q(kind=ReachKind.CALENDAR, target__in=calendars)
        )
        .values_list("kind")
        .annotate(total=Sum("count"))
    )
    links = (
        rows.filter(kind=ReachKind.CLICK, issue=issue)
        .values_list("target")
        .annotate(total=Sum("count"))
        .order_by("-total", "target")[:20]
    )
    return {
        "kinds": [(label, by_kind.get(kind, 0)) for kind, label in ReachKind.choices],
        "links": list(links),
    }


def views_per_day(issue, start):
    """(day, views) of the issue's page for CHART_DAYS days from start, zeros included."""
    days = [start + datetime.timedelta(days=n) for n in range(CHART_DAYS)]
    counts = dict(
        ReachCount.objects.filter(
            kind=ReachKind.VIEW, target=issue.get_absolute_url(), day__range=(days[0], days[-1])
        ).values_list("day", "count")
    )
    return [(day, counts.get(day, 0)) for day in days]


def views_chart(issue, start):
    """A bar chart of views per day, as SVG drawn on the server: no JavaScript."""
    series = views_per_day(issue, start)
    highest = max((views for _day, views in series), default=0) or 1
    width, height, bar = 4 * CHART_DAYS, 80, 3
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{} : {}</title></rect>',
        (
            (
                4 * index,
                height - round(height * views / highest),
                bar,
                round(height * views / highest),
                date_format(day, "j F Y"),
                views,
            )
            for index, (day, views) in enumerate(series)
        ),
    )
    label = _("Vues de la page du numéro par jour, du %(start)s au %(end)s ; au plus %(max)d.") % {
        "start": date_format(series[0][0], "j F Y"),
        "end": date_format(series[-1][0], "j F Y"),
        "max": highest,
    }
    return format_html(
        '<svg role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
        'fill="#7a1f5c"><path d="M0 0H{}V{}H0Z" fill="#f4f1f6"/>{}</svg>',
        label,
        width,
        height,
        width,
        height,
        width,
        height,
        bars,
    )
