"""Plain helpers that build valid, published entries; pass keyword arguments to change them."""

import datetime
import itertools

from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, EventOrganiser, Session
from news.models import Initiative, InitiativeOrganisation
from newsletters.models import SECTIONS, Issue, Subscriber, SubscriberStatus
from pare.models import Department, Organisation, Status
from resources.models import Resource, ResourceOrganisation

_numbers = itertools.count(1)
PAST = datetime.datetime(2023, 10, 1, 9, 0, tzinfo=datetime.UTC)


def _published(fields):
    fields.setdefault("status", Status.PUBLISHED)
    if fields["status"] == Status.PUBLISHED:
        fields.setdefault("publish_at", PAST)
    return fields


def _slugged(fields, prefix):
    fields.setdefault("title", f"{prefix} {next(_numbers)}")
    fields.setdefault("slug", slugify(fields["title"]))
    return fields


def department(code):
    return Department.objects.get(code=code)


def make_organisation(**fields):
    fields.setdefault("name", f"Association {next(_numbers)}")
    fields.setdefault("slug", slugify(fields["name"]))
    return Organisation.objects.create(**_published(fields))


def make_event(organisers=(), sessions=(), **fields):
    _slugged(fields, "Événement")
    fields.setdefault("first_day", timezone.localdate() + datetime.timedelta(days=30))
    if not ({"department", "abroad"} & fields.keys() or fields.get("is_online")):
        fields["department"] = "75"  # an event held in France names its department
    if isinstance(fields.get("department"), str):
        fields["department"] = department(fields["department"])
    event = Event.objects.create(**_published(fields))
    for position, organisation in enumerate(organisers):
        EventOrganiser.objects.create(event=event, organisation=organisation, position=position)
    for position, session in enumerate(sessions):
        Session.objects.create(event=event, position=position, **session)
    return event


def make_initiative(departments=(), organisations=(), **fields):
    _slugged(fields, "Initiative")
    initiative = Initiative.objects.create(**_published(fields))
    initiative.departments.set([department(code) for code in departments])
    for position, organisation in enumerate(organisations):
        InitiativeOrganisation.objects.create(
            initiative=initiative, organisation=organisation, position=position
        )
    return initiative


def make_resource(organisations=(), **fields):
    _slugged(fields, "Ressource")
    resource = Resource.objects.create(**_published(fields))
    for position, organisation in enumerate(organisations):
        ResourceOrganisation.objects.create(
            resource=resource, organisation=organisation, position=position
        )
    return resource


def make_issue(events=(), initiatives=(), resources=(), **fields):
    fields.setdefault("year", 2023)
    fields.setdefault("quarter", 3)
    issue = Issue.objects.create(**_published(fields))
    for section, entries in zip(SECTIONS, (events, initiatives, resources), strict=True):
        model = section.item_model
        model.objects.bulk_create(
            model(issue=issue, entry=entry, position=position)
            for position, entry in enumerate(entries)
        )
    return issue


def make_subscriber(email=None, **fields):
    """A subscriber who confirmed their address, unless told otherwise."""
    fields.setdefault("status", SubscriberStatus.CONFIRMED)
    if fields["status"] == SubscriberStatus.CONFIRMED:
        fields.setdefault("confirmed_at", timezone.now())
    return Subscriber.objects.create(
        email=email or f"lecteur{next(_numbers)}@example.org", **fields
    )
