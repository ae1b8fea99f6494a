"""Every agenda filter and sort is served by an index (PostgreSQL's plans, read with EXPLAIN)."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from events.filters import EventFilter
from events.models import Event, EventKind
from news.models import Initiative
from pare.filters import OrganisationFilter
from pare.models import Department, Organisation, Region, Status
from resources.filters import ResourceFilter
from resources.models import Resource

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="les plans d'exécution lus ici sont ceux de PostgreSQL",
)
TODAY = datetime.date.today().isoformat()
LATER = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()


@pytest.fixture
def agenda(db):
    """Five years of published events, analysed, so that the planner has real choices to make."""
    departments = list(Department.objects.order_by("code"))
    kinds = EventKind.values
    start = datetime.date.today() - datetime.timedelta(days=4 * 365)
    Event.objects.bulk_create(
        Event(
            title=f"Événement {n}",
            slug=f"evenement-{n}",
            kind=kinds[n % len(kinds)],
            first_day=start + datetime.timedelta(days=n % (5 * 365)),
            last_day=start + datetime.timedelta(days=n % (5 * 365) + n % 3),
            department=departments[n % len(departments)],
            is_online=n % 10 == 0,
            is_free=n % 3 == 0,
            status=Status.PUBLISHED,
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
        for n in range(6000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")


def plan(queryset):
    """The plan PostgreSQL chooses when a sequential scan is the last resort, as on big tables."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


def filtered(filterset_class, model, query):
    request = RequestFactory().get("/", query)
    filterset = filterset_class(request.GET, queryset=model.objects.published(), request=request)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ({"region": "auvergne-rhone-alpes"}, "pare_department_region_id"),
        ({"departement": "69"}, "events_event_department_id"),
    ],
)
def test_selective_agenda_filters_use_their_own_index(agenda, query, index):
    text = plan(filtered(EventFilter, Event, query))
    assert index in text, text
    assert "Seq Scan on events_event" not in text, text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"periode": "passes"},
        {"du": TODAY, "au": LATER},
        {"type": "formation"},
        {"format": "en-ligne"},
        {"format": "sur-place"},
        {"gratuit": "on"},
        {"region": "grand-est", "du": TODAY, "au": LATER, "type": "colloque", "gratuit": "on"},
    ],
)
def test_other_agenda_filters_and_the_sort_never_scan_the_table(agenda, query):
    # The planner picks among the publication, day-span and kind indexes by selectivity.
    text = plan(filtered(EventFilter, Event, query))
    assert "Seq Scan on events_event" not in text, text
    assert "Index" in text, text


@pytest.mark.django_db
def test_resource_kind_filter_uses_an_index():
    text = plan(filtered(ResourceFilter, Resource, {"type": "livre"}))
    assert "Seq Scan on resources_resource" not in text, text


@pytest.mark.django_db
def test_initiative_region_filter_uses_indexes():
    region = Region.objects.get(slug="bretagne")
    text = plan(Initiative.objects.published().in_region(region, with_national=True))
    assert "Seq Scan on news_initiative" not in text, text


@pytest.mark.django_db
def test_directory_region_filter_uses_indexes():
    text = plan(filtered(OrganisationFilter, Organisation, {"where": "bretagne"}))
    assert "Seq Scan on pare_organisation " not in text, text
