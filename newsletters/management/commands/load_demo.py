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
    """The row's field values: every field the demo sets, for the rows it creates."""
    values = {**defaults, **{k: v for k, v in data.items() if k not in RELATIONS}, **PUBLISHED}
    if "department" in values:
        values["department_id"] = values.pop("department")
    return values


CONTENT_MODELS = (Issue, Event, Initiative, Resource, Organisation)


class Loader:
    """Create the demo's rows, each validated, in a database that has no content yet."""

    def __init__(self):
        self.created = 0
        self.organisations = {}

    def create(self, model, **values):
        row = model(**values)
        row.full_clean()
        row.save()
        self.created += 1
        return row

    def link(self, model, owner_field, owner, slugs):
        """Tie the organisations to the entry, in this order."""
        for position, slug in enumerate(slugs):
            self.create(
                model,
                **{owner_field: owner, "organisation": self.organisations[slug]},
                position=position,
            )

    def load(self):
        if not SiteProfile.objects.exists():
            self.create(SiteProfile, pk=1, **demo.SITE_PROFILE)
        for data in demo.ORGANISATIONS:
            self.organisations[data["slug"]] = self.create(
                Organisation, slug=data["slug"], **_values(data, ORGANISATION_DEFAULTS)
            )
        events = [self.load_event(data) for data in demo.EVENTS]
        initiatives = [self.load_initiative(data) for data in demo.INITIATIVES]
        resources = [self.load_resource(data) for data in demo.RESOURCES]
        return self.load_issue(events, initiatives, resources)

    def load_event(self, data):
        values = _values(data, EVENT_DEFAULTS)
        values.setdefault("last_day", data["first_day"])
        event = self.create(Event, slug=data["slug"], **values)
        self.link(EventOrganiser, "event", event, data.get("organisers", []))
        for position, session in enumerate(data.get("sessions", [])):
            self.create(
                Session,
                event=event,
                position=position,
                **{"start_time": None, "end_time": None, **session},
            )
        return event

    def load_initiative(self, data):
        initiative = self.create(
            Initiative, slug=data["slug"], **_values(data, INITIATIVE_DEFAULTS)
        )
        initiative.departments.set(data["departments"])
        self.link(InitiativeOrganisation, "initiative", initiative, data["organisations"])
        return initiative

    def load_resource(self, data):
        resource = self.create(Resource, slug=data["slug"], **_values(data, RESOURCE_DEFAULTS))
        self.link(ResourceOrganisation, "resource", resource, data["organisations"])
        return resource

    def load_issue(self, events, initiatives, resources):
        issue = self.create(
            Issue,
            year=demo.ISSUE["year"],
            quarter=demo.ISSUE["quarter"],
            introduction=demo.ISSUE["introduction"],
            **PUBLISHED,
        )
        for section, entries in zip(SECTIONS, (events, initiatives, resources), strict=True):
            for position, entry in enumerate(entries):
                self.create(section.item_model, issue=issue, entry=entry, position=position)
        issue.clean_publication()
        return issue


class Command(BaseCommand):
    help = "Charge le vrai numéro du 3e trimestre 2023 comme contenu de démonstration."

    def handle(self, *args, **options):
        # Staff may have edited, reordered or deleted what the demo once created: every
        # `make serve` runs this command, and it leaves their work as it is.
        if any(model.objects.exists() for model in CONTENT_MODELS):
            self.stdout.write(
                _("La base a déjà des contenus : la démo n'est pas chargée, rien n'est changé.")
            )
            return
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
                "%(period)s (%(created)d lignes créées)."
            )
            % {
                "organisations": len(demo.ORGANISATIONS),
                "events": len(demo.EVENTS),
                "initiatives": len(demo.INITIATIVES),
                "resources": len(demo.RESOURCES),
                "period": issue.period,
                "created": loader.created,
            }
        )
