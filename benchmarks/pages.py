"""Measure every public page against Django's own ceiling, under concurrent load on loopback."""

import datetime
import gzip
import http.client
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from benchmarks import dataset
from events.models import Event
from newsletters.models import Issue

WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class Command(BaseCommand):
    help = (
        "Construit un jeu de données de dix ans (sauf s'il existe déjà), lance gunicorn sur "
        "127.0.0.1 et mesure chaque page publique par rapport à une vue Django minimale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=8, help="secondes de charge par page")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--output", default="benchmarks/RESULTS.md")

    def handle(self, *args, **options):
        self.options = options
        if connection.vendor != "postgresql":
            self.stderr.write("Les objectifs valent pour PostgreSQL : DATABASE_URL=postgres://…")
        if dataset.exists():
            self.stdout.write("Jeu de données déjà présent.")
        else:
            started = time.monotonic()
            dataset.build(write=self.stdout.write)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # fresh statistics, as a live database has
            self.stdout.write(f"Jeu de données construit en {time.monotonic() - started:.0f} s.")

        pages = self.pages()
        workers = os.cpu_count() or 1
        rows = []
        with self.server(workers, cached=True) as base:
            ceiling = self.load(base, "/sante/", options["connections"])
            rows.append(("Plafond : vue minimale", "/sante/", ceiling, 0, 0))
            for name, path in pages:
                rows.append(
                    (name, path, self.load(base, path, options["connections"]), *self.queries(path))
                )
        # A filter combination nobody asked for yet: the page is computed, with the entries'
        # renderings already cached by other pages; then with nothing cached at all.
        for name_suffix, fragments in (("page calculée", True), ("tout calculé", False)):
            with self.server(workers, cached=False, fragments=fragments) as base:
                for name, path in pages:
                    if name.startswith(("Agenda filtré", "Recherche")):
                        result = self.load(base, path, workers)
                        rows.append(
                            (
                                f"{name} ({name_suffix}, 1 connexion par worker)",
                                path,
                                result,
                                *self.queries(path),
                            )
                        )

        table = self.table(rows, ceiling, workers)
        Path(options["output"]).parent.mkdir(parents=True, exist_ok=True)
        Path(options["output"]).write_text(table, encoding="utf-8")
        self.stdout.write(table)

    def pages(self):
        today = timezone.localdate()
        issue = Issue.objects.published().first()
        event = Event.objects.published().upcoming().order_by("first_day").first()
        filtered = (
            f"{reverse('events:index')}?region=auvergne-rhone-alpes"
            f"&du={today.isoformat()}&au={(today + datetime.timedelta(days=90)).isoformat()}"
        )
        pages = [
            ("Accueil", reverse("home")),
            ("Archives", reverse("newsletters:archive")),
            ("Numéro", issue.get_absolute_url()),
            ("Agenda", reverse("events:index")),
            ("Agenda filtré (région et dates)", filtered),
            ("Événement", event.get_absolute_url()),
        ]
        for name, url_name, query in (
            ("Agenda au format iCalendar", "events:calendar", "?region=auvergne-rhone-alpes"),
            ("Recherche", "search", "?q=formations+pr%C3%A9vention"),
        ):
            try:
                pages.append((name, reverse(url_name) + query))
            except NoReverseMatch:
                self.stderr.write(f"{name} : pas encore d'adresse, page non mesurée.")
        return pages

    def server(self, workers, cached, fragments=True):
        command = self

        class Server:
            def __enter__(self):
                env = {
                    **os.environ,
                    "PAGE_CACHE_SECONDS": "86400" if cached else "0",
                    "FRAGMENT_CACHE_SECONDS": "86400" if fragments else "0",
                }
                env.setdefault("DATABASE_URL", command.database_url())
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "pare.wsgi",
                        "--bind",
                        f"127.0.0.1:{command.options['port']}",
                        "--workers",
                        str(workers),
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                    cwd=settings.BASE_DIR,
                )
                command.wait_until_up()
                return f"http://127.0.0.1:{command.options['port']}"

            def __exit__(self, *exc):
                self.process.terminate()
                self.process.wait(timeout=30)

        return Server()

    def database_url(self):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            return f"sqlite:///{db['NAME']}"
        return (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )

    def wait_until_up(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.options["port"], timeout=2)
                conn.request("GET", "/sante/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn n'a pas démarré")

    def load(self, base, path, connections):
        """Requests per second, p50 and p99 in milliseconds."""
        self.warm(path)
        if shutil.which("wrk"):
            output = subprocess.run(
                [
                    "wrk",
                    "--latency",
                    "-t",
                    "2",
                    "-c",
                    str(connections),
                    "-d",
                    f"{self.options['duration']}s",
                    base + path,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
            latency = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(output)}
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
            if errors:
                raise RuntimeError(f"{path} : {errors.group(1)} réponses en erreur")
            return rps, latency["50"], latency["99"]
        return self.python_load(path, connections)

    def warm(self, path):
        for _ in range(3):
            conn = http.client.HTTPConnection("127.0.0.1", self.options["port"], timeout=30)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} répond {response.status}")

    def python_load(self, path, connections):
        """A small closed-loop load client, for machines without wrk."""
        latencies, stop = [], time.monotonic() + self.options["duration"]

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", self.options["port"], timeout=30)
            while time.monotonic() < stop:
                started = time.perf_counter()
                conn.request("GET", path)
                conn.getresponse().read()
                latencies.append((time.perf_counter() - started) * 1000)

        threads = [threading.Thread(target=worker) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cuts = statistics.quantiles(latencies, n=100)
        return len(latencies) / self.options["duration"], cuts[49], cuts[98]

    def queries(self, path):
        """SQL queries for the page computed afresh, and served from a warm cache."""
        client = Client()
        counts = []
        for page_cache in (0, 86400):
            settings.PAGE_CACHE_SECONDS = page_cache
            cache.clear()
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            counts.append(len(captured))
        return tuple(counts)

    def table(self, rows, ceiling, workers):
        lines = [
            "# Mesures de performance",
            "",
            f"- Date : {timezone.localtime():%Y-%m-%d %H:%M} ({settings.TIME_ZONE})",
            f"- Machine : {cpu_model()}, {os.cpu_count()} cœurs, {memory()}",
            f"- Système : {platform.platform()}, Python {platform.python_version()}",
            f"- Base : {connection.vendor} {connection.Database.__name__} "
            f"{'.'.join(map(str, connection.get_database_version()))}",
            f"- Serveur : gunicorn, {workers} workers ; charge : "
            f"{'wrk' if shutil.which('wrk') else 'client Python'} sur 127.0.0.1, "
            f"{self.options['connections']} connexions, {self.options['duration']} s par page",
            f"- Données : {dataset.SIZES}",
            f"- Numéro le plus récent, HTML + CSS compressés (gzip) : {self.issue_weight()} Ko",
            "",
            "Les rapports au plafond comptent plus que les valeurs absolues : "
            "la machine est partagée. « Page calculée » : une combinaison de filtres que personne "
            "n'a encore demandée, dont les entrées ont déjà été rendues par d'autres pages ; "
            "« tout calculé » : aucun cache.",
            "",
            "| page | adresse | req/s | p50 (ms) | p99 (ms) | requêtes SQL (calculée / en cache) "
            "| rapport au plafond |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, path, (rps, p50, p99), computed, cached in rows:
            lines.append(
                f"| {name} | `{path}` | {rps:.0f} | {p50:.1f} | {p99:.1f} | {computed} / {cached} "
                f"| {rps / ceiling[0]:.0%} |"
            )
        return "\n".join(lines) + "\n"

    def issue_weight(self):
        issue = Issue.objects.published().first()
        html = Client().get(issue.get_absolute_url()).content
        css = Path(finders.find("css/site.css")).read_bytes()
        return round((len(gzip.compress(html)) + len(gzip.compress(css))) / 1024, 1)


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "processeur inconnu"


def memory():
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.0f} Gio de mémoire"
    except (OSError, ValueError, IndexError):
        return "mémoire inconnue"
