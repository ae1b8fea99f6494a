"""E-mails per second that sending an issue renders and delivers (make bench-email).

The subscribers are spread over territories as readers would choose them: a third national, the
rest one of the 18 regions, one or two departments, or a region and a department elsewhere. The
sending goes to a real SMTP server on loopback (aiosmtpd, in a process of its own, which drops
what it receives): the rate is that of the whole sending, from the database to the server.
"""

import itertools
import socket
import subprocess
import sys
import time

from django.contrib.auth.models import AnonymousUser
from django.core.mail.backends.smtp import EmailBackend
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletters import sending
from newsletters.email import Editions, IssueEdition, split_regional
from newsletters.models import Issue, SendJob, Subscriber, SubscriberStatus, Territory
from pare.models import Department, Region


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """benchmarks.smtp_sink in a process of its own, so that it takes no time from the sender."""

    def __enter__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.smtp_sink", str(self.port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise CommandError(_("Le serveur SMTP de mesure n'a pas démarré."))
        return self

    def __exit__(self, *exc_info):
        self.process.terminate()
        out, _err = self.process.communicate(timeout=30)
        messages, size, seconds = out.split()
        self.messages, self.bytes, self.cpu_seconds = int(messages), int(size), float(seconds)


class Command(BaseCommand):
    help = (
        "Mesure combien d'e-mails par seconde l'envoi d'un numéro prépare et remet à un serveur "
        "SMTP sur 127.0.0.1 (qui ne les envoie pas plus loin). Rien n'est gardé en base."
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
        self.spread(created)
        territories = {
            subscriber.territory()
            for subscriber in Subscriber.objects.confirmed().prefetch_related(
                "regions", "departments"
            )
        }
        issue.deliveries.all().delete()
        SendJob.objects.filter(issue=issue).delete()
        job = SendJob.objects.create(issue=issue)

        with SmtpSink() as server:
            backend = EmailBackend(host="127.0.0.1", port=server.port, timeout=30, alias="mesure")
            started, cpu_started = time.perf_counter(), time.process_time()
            progress = sending.run(job.pk, connection=backend, batch_size=batch_size)
            seconds = time.perf_counter() - started
            cpu_seconds = time.process_time() - cpu_started
        if server.messages != progress["sent"]:
            raise CommandError(_("Le serveur SMTP n'a pas reçu tous les messages."))

        # The editions again, outside the measure: how many, and how long they take to make.
        started = time.perf_counter()
        editions = Editions(issue)
        made = {id(editions.for_territory(territory)) for territory in territories}
        editions_seconds = time.perf_counter() - started
        sections = issue.sections(AnonymousUser())
        regional_territories = sum(
            bool(split_regional(sections, territory)[0]) for territory in territories
        )
        started = time.perf_counter()
        whole = IssueEdition(issue)
        whole_seconds = time.perf_counter() - started
        regional = editions.for_territory(Territory(regions=frozenset({"84"})))

        self.stdout.write(
            _(
                "%(issue)s : HTML de %(html).1f Ko, texte de %(text).1f Ko (édition nationale) ; "
                "édition Auvergne-Rhône-Alpes : HTML de %(regional).1f Ko. Rendu complet d'une "
                "édition : %(whole)d ms.\n"
                "%(territories)d territoires choisis, dont %(own)d avec des contenus à eux : "
                "%(editions)d éditions distinctes, toutes faites en %(editions_ms)d ms.\n"
                "%(count)d e-mails envoyés (rendus, signés, sérialisés, remis au serveur SMTP sur "
                "127.0.0.1, suivis en base) en %(seconds).2f s : %(rate).0f e-mails par seconde, "
                "%(size).1f Ko chacun. Temps processeur : %(cpu).1f s pour l'envoi "
                "(%(cpu_ms).1f ms par e-mail), %(server_cpu).1f s pour le serveur SMTP."
            )
            % {
                "issue": issue.title,
                "html": len(whole.html.encode()) / 1024,
                "text": len(whole.text.encode()) / 1024,
                "regional": len(regional.html.encode()) / 1024,
                "whole": whole_seconds * 1000,
                "territories": len(territories),
                "own": regional_territories,
                "editions": len(made),
                "editions_ms": editions_seconds * 1000,
                "count": progress["sent"],
                "seconds": seconds,
                "rate": progress["sent"] / seconds if seconds else 0,
                "size": server.bytes / max(server.messages, 1) / 1024,
                "cpu": cpu_seconds,
                "cpu_ms": cpu_seconds * 1000 / max(progress["sent"], 1),
                "server_cpu": server.cpu_seconds,
            }
        )

    @staticmethod
    def spread(subscribers):
        """Give two subscribers in three a region, departments, or both."""
        regions = list(Region.objects.values_list("code", flat=True))
        departments = list(Department.objects.values_list("code", flat=True))
        region_links, department_links = [], []
        choices = itertools.cycle(
            ["national", "region", "department", "national", "two", "region and department"]
        )
        for index, (subscriber, choice) in enumerate(zip(subscribers, choices, strict=False)):
            if choice in ("region", "region and department"):
                code = regions[index % len(regions)]
                region_links.append(
                    Subscriber.regions.through(subscriber=subscriber, region_id=code)
                )
            if choice in ("department", "two", "region and department"):
                codes = {departments[(index * 7) % len(departments)]}
                if choice == "two":
                    codes.add(departments[(index * 7 + 1) % len(departments)])
                for code in codes:
                    department_links.append(
                        Subscriber.departments.through(subscriber=subscriber, department_id=code)
                    )
        Subscriber.regions.through.objects.bulk_create(region_links, batch_size=1000)
        Subscriber.departments.through.objects.bulk_create(department_links, batch_size=1000)
