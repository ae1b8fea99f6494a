from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event, EventOrganiser, Session
from news.models import Initiative, InitiativeOrganisation
from newsletters import demo
from newsletters.models import SECTIONS, Issue
from pare.models import Organisation, SiteProfile, Status
from resources.models import Resource, ResourceOrganisation

PUBLISHED = {"status": Status.PUBLISHED, "publish_at": demo.PUBLISH_AT}
CALL_TO_ACTION = {"cta_label": "", "cta_url": "", "cta_email": ""}
ORGANISATION_DEFAULTS = {
    "acronym": "",
    "description": "",
    "website": "",
    "department": None,
    "abroad": "",
    "address": "",
    "is_address_confidential": False,
    "email": "",
    "phone": "",
}
EVENT_DEFAULTS = {
    **CALL_TO_ACTION,
    "start_time": None,
    "end_time": None,
    "text": "",
    "is_online": False,
    "online_details": "",
    "venue": "",
    "address": "",
    "city": "",
    "department": None,
    "abroad": "",
    "is_free": False,
    "price": "",
    "registration": "sans-objet",
    "registration_note": "",
    "capacity": "",
}
INITIATIVE_DEFAULTS = {
    **CALL_TO_ACTION,
    "happened_on": None,
    "text": "",
    "phone": "",
    "email": "",
    "social_network": "",
    "social_account": "",
}
RESOURCE_DEFAULTS = {
    **CALL_TO_ACTION,
    "authors": "",
    "publisher": "",
    "released_on": None,
    "text": "",
    "summary": "",
}
RELATIONS = ("slug", "organisers", "organisations", "sessions", "departments")


def _values(data, defaults):
    """The row's field values: every field the demo sets, so a rerun undoes local edits."""
    values = {**defaults, **{k: v for k, v in data.items() if k not in RELATIONS}, **PUBLISHED}
    if "department" in values:
        values["department_id"] = values.pop("department")
    return values


class Loader:
    def __init__(self):
        self.created = self.updated = self.deleted = 0
        self.organisations = {}

    def sync(self, model, lookup, values):
        """Create or update one validated row; leave it untouched when nothing differs."""
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **values)
            self.created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            self.updated += 1
        else:
            return row
        row.full_clean()
        row.save()
        return row

    def prune(self, queryset, kept):
        self.deleted += queryset.exclude(pk__in=kept).delete()[0]

    def link(self, model, owner_field, owner, slugs):
        """Tie the organisations to the entry in this order, and only them."""
        kept = [
            self.sync(
                model,
                {owner_field: owner, "organisation": self.organisations[slug]},
                {"position": position},
            ).pk
            for position, slug in enumerate(slugs)
        ]
        self.prune(model.objects.filter(**{owner_field: owner}), kept)

    def load(self):
        self.sync(SiteProfile, {"pk": 1}, demo.SITE_PROFILE)
        for data in demo.ORGANISATIONS:
            self.organisations[data["slug"]] = self.sync(
                Organisation, {"slug": data["slug"]}, _values(data, ORGANISATION_DEFAULTS)
            )
        events = [self.load_event(data) for data in demo.EVENTS]
        initiatives = [self.load_initiative(data) for data in demo.INITIATIVES]
        resources = [self.load_resource(data) for data in demo.RESOURCES]
        return self.load_issue(events, initiatives, resources)

    def load_event(self, data):
        values = _values(data, EVENT_DEFAULTS)
        values.setdefault("last_day", data["first_day"])
        event = self.sync(Event, {"slug": data["slug"]}, values)
        self.link(EventOrganiser, "event", event, data.get("organisers", []))
        kept = [
            self.sync(
                Session,
                {"event": event, "position": position},
                {"start_time": None, "end_time": None, **session},
            ).pk
            for position, session in enumerate(data.get("sessions", []))
        ]
        self.prune(event.sessions.all(), kept)
        return event

    def load_initiative(self, data):
        created = self.created
        initiative = self.sync(
            Initiative, {"slug": data["slug"]}, _values(data, INITIATIVE_DEFAULTS)
        )
        codes = data["departments"]
        if set(initiative.departments.values_list("code", flat=True)) != set(codes):
            initiative.departments.set(codes)
            self.updated += self.created == created
        self.link(InitiativeOrganisation, "initiative", initiative, data["organisations"])
        return initiative

    def load_resource(self, data):
        resource = self.sync(Resource, {"slug": data["slug"]}, _values(data, RESOURCE_DEFAULTS))
        self.link(ResourceOrganisation, "resource", resource, data["organisations"])
        return resource

    def load_issue(self, events, initiatives, resources):
        lookup = {"year": demo.ISSUE["year"], "quarter": demo.ISSUE["quarter"]}
        issue = self.sync(Issue, lookup, {"introduction": demo.ISSUE["introduction"], **PUBLISHED})
        for section, entries in zip(SECTIONS, (events, initiatives, resources), strict=True):
            model = section.item_model
            kept = [
                self.sync(model, {"issue": issue, "entry": entry}, {"position": position}).pk
                for position, entry in enumerate(entries)
            ]
            self.prune(model.objects.filter(issue=issue), kept)
        issue.clean_publication()
        return issue


class Command(BaseCommand):
    help = "Charge le vrai numéro du 3e trimestre 2023 comme contenu de démonstration."

    def handle(self, *args, **options):
        loader = Loader()
        try:
            with transaction.atomic():
                issue = loader.load()
        except ValidationError as error:
            raise CommandError(
                _("Les données de démonstration sont invalides : %(error)s") % {"error": error}
            ) from error
        self.stdout.write(
            _(
                "Démo chargée : %(organisations)d organisations, %(events)d événements, "
                "%(initiatives)d initiatives, %(resources)d ressources et le numéro du "
                "%(period)s (créations : %(created)d, mises à jour : %(updated)d, "
                "suppressions : %(deleted)d)."
            )
            % {
                "organisations": len(demo.ORGANISATIONS),
                "events": len(demo.EVENTS),
                "initiatives": len(demo.INITIATIVES),
                "resources": len(demo.RESOURCES),
                "period": issue.period,
                "created": loader.created,
                "updated": loader.updated,
                "deleted": loader.deleted,
            }
        )
