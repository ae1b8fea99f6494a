"""A large, realistic dataset for the benchmark: ten years of a busy network."""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from events.models import Event, EventKind, EventOrganiser, Session
from news.models import Initiative, InitiativeOrganisation
from newsletters.models import Issue, IssueEvent, IssueInitiative, IssueResource
from pare.models import Department, Organisation, Status
from resources.models import Resource, ResourceKind, ResourceOrganisation

SIZES = {
    "organisations": 1_000,
    "events": 20_000,
    "initiatives": 4_000,
    "resources": 3_000,
    "issues": 40,
}
SENTENCES = (
    "Face à l'augmentation des cas de prostitution de mineurs constatée par les professionnels "
    "de terrain, l'association propose une formation gratuite aux acteurs de la prévention.",
    "Cette journée sera l'occasion de s'interroger sur l'impact des réseaux sociaux sur la vie "
    "affective et sexuelle des adolescents.",
    "Les équipes de prévention spécialisée construisent des animations collectives ou "
    "individuelles, pensées dans une démarche pédagogique et participative.",
    "Ouverte aux professionnels, aux jeunes et aux familles, cette ligne d'écoute permet de "
    "repérer, protéger et orienter les mineurs concernés.",
    "Le colloque réunit chercheurs, magistrats, éducateurs et associations autour de la "
    "protection des mineurs victimes d'exploitation sexuelle.",
)
BATCH = 2_000


def text(n):
    picked = [SENTENCES[(n + i) % len(SENTENCES)] for i in range(3)]
    return "\n\n".join(picked)


def published():
    return {"status": Status.PUBLISHED, "publish_at": timezone.now() - datetime.timedelta(days=1)}


def exists():
    return Event.objects.count() >= SIZES["events"]


@transaction.atomic
def build(write=print):
    departments = list(Department.objects.order_by("code"))
    in_france = itertools.cycle(departments)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * 9)
    span = (today + datetime.timedelta(days=365)) - start

    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Association partenaire {n}",
                slug=f"association-partenaire-{n}",
                description=text(n),
                department=next(in_france) if n % 10 else None,
                abroad="Belgique" if n % 10 == 0 and n % 20 else "",
                **published(),
            )
            for n in range(SIZES["organisations"])
        ),
        batch_size=BATCH,
    )
    write(f"{len(organisations)} organisations")

    kinds = list(EventKind.values)
    events = []
    for n in range(SIZES["events"]):
        first_day = start + datetime.timedelta(days=(n * 7919) % span.days)
        online = n % 10 == 0
        events.append(
            Event(
                title=f"{EventKind(kinds[n % len(kinds)]).label} sur la prévention n°{n}",
                slug=f"evenement-{n}",
                kind=kinds[n % len(kinds)],
                text=text(n),
                first_day=first_day,
                last_day=first_day + datetime.timedelta(days=n % 3),
                start_time=datetime.time(9 + n % 8, 30 if n % 2 else 0),
                is_online=online,
                department=None if online else next(in_france),
                city="" if online else "Ville",
                is_free=n % 5 < 2,
                price="" if n % 5 < 2 else "120 € par participant",
                cta_label="S'inscrire",
                cta_url="https://example.org/inscription",
                **published(),
            )
        )
    events = Event.objects.bulk_create(events, batch_size=BATCH)
    EventOrganiser.objects.bulk_create(
        (
            EventOrganiser(event=event, organisation=organisations[n % len(organisations)])
            for n, event in enumerate(events)
        ),
        batch_size=BATCH,
    )
    Session.objects.bulk_create(
        (
            Session(
                event=event,
                title=f"Module {m + 1}",
                first_day=event.first_day,
                last_day=event.first_day,
                position=m,
            )
            for event in events[::20]
            for m in range(2)
        ),
        batch_size=BATCH,
    )
    write(f"{len(events)} événements")

    initiatives = Initiative.objects.bulk_create(
        (
            Initiative(
                title=f"Initiative de prévention n°{n}",
                slug=f"initiative-{n}",
                text=text(n),
                **published(),
            )
            for n in range(SIZES["initiatives"])
        ),
        batch_size=BATCH,
    )
    Initiative.departments.through.objects.bulk_create(
        (
            Initiative.departments.through(initiative=initiative, department=next(in_france))
            for n, initiative in enumerate(initiatives)
            for _ in range(n % 3)  # none (national), one or two departments
        ),
        batch_size=BATCH,
    )
    InitiativeOrganisation.objects.bulk_create(
        (
            InitiativeOrganisation(initiative=initiative, organisation=organisations[n % 997])
            for n, initiative in enumerate(initiatives)
        ),
        batch_size=BATCH,
    )
    write(f"{len(initiatives)} initiatives")

    resource_kinds = list(ResourceKind.values)
    resources = Resource.objects.bulk_create(
        (
            Resource(
                kind=resource_kinds[n % len(resource_kinds)],
                title=f"Ressource sur l'exploitation sexuelle des mineurs n°{n}",
                slug=f"ressource-{n}",
                authors="Autrice et auteur",
                text=text(n),
                summary=text(n + 1),
                released_on=start + datetime.timedelta(days=n % span.days),
                cta_label="Découvrir",
                cta_url="https://example.org/ressource",
                **published(),
            )
            for n in range(SIZES["resources"])
        ),
        batch_size=BATCH,
    )
    ResourceOrganisation.objects.bulk_create(
        (
            ResourceOrganisation(resource=resource, organisation=organisations[n % 991])
            for n, resource in enumerate(resources)
        ),
        batch_size=BATCH,
    )
    write(f"{len(resources)} ressources")

    existing = set(Issue.objects.values_list("year", "quarter"))
    quarters = [
        (year, quarter)
        for year in range(today.year - 9, today.year + 1)
        for quarter in (1, 2, 3, 4)
        if (year, quarter) not in existing
    ][: SIZES["issues"]]
    issues = Issue.objects.bulk_create(
        Issue(year=year, quarter=quarter, introduction=text(year + quarter), **published())
        for year, quarter in quarters
    )
    for n, issue in enumerate(issues):
        IssueEvent.objects.bulk_create(
            IssueEvent(issue=issue, entry=events[n * 9 + i], position=i) for i in range(9)
        )
        IssueInitiative.objects.bulk_create(
            IssueInitiative(issue=issue, entry=initiatives[n * 11 + i], position=i)
            for i in range(11)
        )
        IssueResource.objects.bulk_create(
            IssueResource(issue=issue, entry=resources[n * 7 + i], position=i) for i in range(7)
        )
    write(f"{len(issues)} numéros")
