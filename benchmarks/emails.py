"""E-mails per second that sending an issue renders and hands over (make bench-email).

The subscribers are spread over territories as readers would choose them: a third national, the
rest one of the 18 regions, or one or two departments; each territory's edition is rendered once.
"""

import itertools
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletters import sending
from newsletters.email import IssueEdition
from newsletters.models import Issue, SendJob, Subscriber, SubscriberStatus, Territory
from pare.models import Department, Region


class SerialisingBackend(BaseEmailBackend):
    """Turns each message into the bytes an SMTP server would receive, then drops them."""

    def __init__(self, **kwargs):
        super().__init__(alias="benchmark", **kwargs)
        self.count = self.bytes = 0

    def send_messages(self, messages):
        for message in messages:
            self.bytes += len(message.message().as_bytes())
        self.count += len(messages)
        return len(messages)


class Command(BaseCommand):
    help = (
        "Mesure combien d'e-mails par seconde l'envoi d'un numéro prépare et remet au serveur "
        "de messagerie (un faux serveur, qui ne les envoie pas). Rien n'est gardé en base."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=10_000)
        parser.add_argument("--batch-size", type=int, default=sending.BATCH_SIZE)

    def handle(self, *args, subscribers, batch_size, **options):
        issue = Issue.objects.published().first()
        if issue is None:
            raise CommandError(_("Aucun numéro publié : lancez d'abord « manage.py load_demo »."))
        with transaction.atomic():
            self.measure(issue, subscribers, batch_size)
            transaction.set_rollback(True)

    def measure(self, issue, count, batch_size):
        # Benchmark recipients only: the real subscribers are set aside for the run.
        Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).update(
            status=SubscriberStatus.PENDING
        )
        created = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"mesure{number}@example.invalid",
                status=SubscriberStatus.CONFIRMED,
                confirmed_at=timezone.now(),
            )
            for number in range(count)
        )
        territories = self.spread(created)
        issue.deliveries.all().delete()
        SendJob.objects.filter(issue=issue).delete()
        job = SendJob.objects.create(issue=issue)

        started = time.perf_counter()
        edition = IssueEdition(issue)
        render_seconds = time.perf_counter() - started
        regional = IssueEdition(issue, territory=Territory(regions=frozenset({"84"})))

        backend = SerialisingBackend()
        started = time.perf_counter()
        progress = sending.run(job.pk, connection=backend, batch_size=batch_size)
        seconds = time.perf_counter() - started

        self.stdout.write(
            _(
                "%(issue)s : HTML de %(html).1f Ko, texte de %(text).1f Ko, rendus en "
                "%(render)d ms ; édition Auvergne-Rhône-Alpes : HTML de %(regional).1f Ko.\n"
                "%(territories)d territoires choisis, une édition rendue au plus pour chacun.\n"
                "%(count)d e-mails envoyés (rendus, signés, sérialisés, remis au serveur, suivis "
                "en base) en %(seconds).2f s : %(rate).0f e-mails par seconde, %(size).1f Ko "
                "chacun."
            )
            % {
                "issue": issue.title,
                "html": len(edition.html.encode()) / 1024,
                "text": len(edition.text.encode()) / 1024,
                "regional": len(regional.html.encode()) / 1024,
                "territories": territories,
                "render": render_seconds * 1000,
                "count": progress["sent"],
                "seconds": seconds,
                "rate": progress["sent"] / seconds if seconds else 0,
                "size": backend.bytes / max(backend.count, 1) / 1024,
            }
        )

    @staticmethod
    def spread(subscribers):
        """Give two subscribers in three a region or departments; return how many territories."""
        regions = list(Region.objects.values_list("code", flat=True))
        departments = list(Department.objects.values_list("code", flat=True))
        region_links, department_links, territories = [], [], {()}
        choices = itertools.cycle(["national", "region", "department", "national", "two"])
        for index, (subscriber, choice) in enumerate(zip(subscribers, choices, strict=False)):
            if choice == "region":
                code = regions[index % len(regions)]
                region_links.append(
                    Subscriber.regions.through(subscriber=subscriber, region_id=code)
                )
                territories.add(("r", code))
            elif choice in ("department", "two"):
                codes = {departments[index % len(departments)]}
                if choice == "two":
                    codes.add(departments[(index + 1) % len(departments)])
                for code in codes:
                    department_links.append(
                        Subscriber.departments.through(subscriber=subscriber, department_id=code)
                    )
                territories.add(tuple(sorted(codes)))
        Subscriber.regions.through.objects.bulk_create(region_links, batch_size=1000)
        Subscriber.departments.through.objects.bulk_create(department_links, batch_size=1000)
        return len(territories)
