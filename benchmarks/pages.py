"""Measure every public page against a bare Django view, under concurrent load on loopback.

The site runs as in production (LOCAL=false, Redis for the page and fragment caches, static files
collected and served by WhiteNoise), on gunicorn beside a bare Django view (benchmarks/bare.py)
served by the same gunicorn settings: each page's share of that view's rate is its ceiling.
"""

import datetime
import gzip
import http.client
import itertools
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from benchmarks import dataset
from events.filters import FORMATS, PAST, UPCOMING
from events.models import Event, EventKind
from newsletters.models import Issue
from pare.cache import bump_generation
from pare.models import Department, Region

WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
WRK_THREADS = 2
# Every request of a wrk thread takes the next address of the list, so none is asked twice.
WRK_SCRIPT = """
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  step, n = tonumber(args[2]), 0
end
function request()
  local path = paths[(n * step + id) % #paths + 1]
  n = n + 1
  return wrk.format(nil, path)
end
"""
COLD_SAMPLES = 40


class Command(BaseCommand):
    help = (
        "Construit un jeu de données de dix ans (sauf s'il existe déjà), lance le site en "
        "configuration de production sur 127.0.0.1 et mesure chaque page publique par rapport "
        "à une vue Django nue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=8, help="secondes de charge par page")
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2, help="workers gunicorn")
        parser.add_argument("--port", type=int, default=8765, help="le site ; la vue nue : +1")
        parser.add_argument(
            "--cache-url",
            default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
            help="base Redis réservée au banc d'essai : elle est vidée",
        )
        parser.add_argument(
            "--only", nargs="*", default=None, help="ne mesurer que les lignes dont le nom a…"
        )
        parser.add_argument("--output", default="benchmarks/RESULTS.md")

    def handle(self, *args, **options):
        self.options = options
        started = time.monotonic()
        if connection.vendor != "postgresql":
            self.stderr.write("Les objectifs valent pour PostgreSQL : DATABASE_URL=postgres://…")
        if dataset.exists():
            self.stdout.write("Jeu de données déjà présent.")
        else:
            dataset.build(write=self.stdout.write)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Fresh statistics and visibility maps, as autovacuum keeps on a live database.
                    cursor.execute("VACUUM ANALYZE")
            self.stdout.write(f"Jeu de données construit en {time.monotonic() - started:.0f} s.")
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
        redis["LOCATION"] = options["cache_url"]
        # This process bumps the generation and counts queries against the servers' own cache.
        with override_settings(CACHES={**settings.CACHES, "default": redis}):
            rows, memory_per_worker = self.measure()
        table = self.table(rows, memory_per_worker, time.monotonic() - started)
        Path(options["output"]).parent.mkdir(parents=True, exist_ok=True)
        Path(options["output"]).write_text(table, encoding="utf-8")
        self.stdout.write(table)

    def wanted(self, name):
        return self.options["only"] is None or any(part in name for part in self.options["only"])

    def measure(self):
        """Rows of (name, address, (req/s, p50, p99), SQL computed, SQL cached, ceiling).

        The bare view is measured again just before each row: on a shared machine the load of
        others comes and goes, and a share is only meaningful against a ceiling of the moment.
        """
        env = self.production_env()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        connections = self.options["connections"]
        port = self.options["port"]
        bare_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.bare"}
        rows = []
        with (
            self.server("django.core.wsgi:get_wsgi_application()", bare_env, port + 1, "/"),
            self.server("pare.wsgi", env, port, "/sante/") as site,
        ):
            caches["default"].clear()
            bare = self.load(port + 1, ["/"], connections)
            rows.append(("Plafond : vue Django nue (benchmarks/bare.py)", "/", bare, 0, 0, bare))
            ceiling = self.load(port + 1, ["/"], connections)
            sante = self.load(port, ["/sante/"])
            rows.append(("`/sante/` du site", "/sante/", sante, 0, 0, ceiling))
            for name, path in self.pages():
                if self.wanted(name):
                    counts = self.queries(path)
                    self.fetch(port, path)  # computed once, then served warm
                    ceiling = self.load(port + 1, ["/"], connections)
                    result = self.load(port, [path])
                    rows.append((name, path, result, *counts, ceiling))
            scenarios = (
                ("Numéro juste après une modification (froid)", self.cold_issue),
                ("Robot sur les combinaisons de filtres de l'agenda", self.crawl),
                ("Recherches d'un ou deux mots", self.searches),
            )
            for name, scenario in scenarios:
                if self.wanted(name):
                    ceiling = self.load(port + 1, ["/"], connections)
                    rows.append((name, *scenario(port), ceiling))
            again = self.load(port + 1, ["/"], connections)
            rows.append(("Plafond, mesuré à nouveau à la fin", "/", again, 0, 0, again))
            memory_per_worker = worker_memory(site.pid)
            caches["default"].clear()
        return rows, memory_per_worker

    def production_env(self):
        return {
            **os.environ,
            "LOCAL": "false",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",  # loopback has no TLS
            "CACHE_URL": self.options["cache_url"],
            "DATABASE_URL": os.environ.get("DATABASE_URL", self.database_url()),
        }

    def pages(self):
        today = timezone.localdate()
        issue = Issue.objects.published().first()
        event = Event.objects.published().upcoming().order_by("first_day").first()
        filtered = (
            f"{reverse('events:index')}?region=auvergne-rhone-alpes"
            f"&du={today.isoformat()}&au={(today + datetime.timedelta(days=90)).isoformat()}"
        )
        return [
            ("Accueil", reverse("home")),
            ("Archives", reverse("newsletters:archive")),
            ("Numéro", issue.get_absolute_url()),
            ("Agenda", reverse("events:index")),
            ("Agenda filtré (région et dates)", filtered),
            ("Événement", event.get_absolute_url()),
            ("Agenda au format iCalendar", reverse("events:calendar") + "?region=grand-est"),
            ("Recherche", reverse("search") + "?q=formations+pr%C3%A9vention"),
        ]

    def crawl(self, port):
        """Agenda addresses over every filter combination, shuffled: none is asked twice."""
        places = [{}]
        places += [{"region": slug} for slug in Region.objects.values_list("slug", flat=True)]
        places += [{"departement": pk} for pk in Department.objects.values_list("pk", flat=True)]
        combinations = itertools.product(
            places,
            [{}, *({"type": kind} for kind in EventKind.values)],
            [{}, *({"format": value} for value in FORMATS)],
            [{}, {"gratuit": "on"}],
            [{}, {"periode": UPCOMING}, {"periode": PAST}],
            [{}, {"page": "2"}, {"page": "3"}],
        )
        index = reverse("events:index")
        paths = [
            f"{index}?{urlencode({k: v for part in parts for k, v in part.items()})}".rstrip("?")
            for parts in combinations
        ]
        return self.load_fresh(port, paths)

    def searches(self, port):
        """One or two words of the dataset's texts, every query new."""
        words = sorted({w for s in dataset.SENTENCES for w in re.findall(r"\w{4,}", s.lower())})
        queries = words + [f"{a} {b}" for a, b in itertools.permutations(words, 2)]
        search = reverse("search")
        return self.load_fresh(port, [f"{search}?q={quote(q)}" for q in queries])

    def load_fresh(self, port, paths):
        random.Random(19).shuffle(paths)
        counts = self.queries(paths[0])
        caches["default"].clear()
        self.fetch(port, "/sante/")
        result = self.load(port, paths)
        return f"{len(paths)} adresses, dont `{paths[0]}`", result, *counts

    def cold_issue(self, port):
        """The latest issue just after a content change: the page and its entries recomputed."""
        path = Issue.objects.published().first().get_absolute_url()
        counts = self.queries(path)
        timings = []
        for _ in range(COLD_SAMPLES):
            bump_generation()
            started = time.perf_counter()
            self.fetch(port, path)
            timings.append((time.perf_counter() - started) * 1000)
        cuts = statistics.quantiles(timings, n=100)
        # One request at a time on each worker, each after a change.
        rate = self.options["workers"] * 1000 / statistics.fmean(timings)
        return path, (rate, cuts[49], cuts[98]), *counts

    @contextmanager
    def server(self, application, env, port, probe):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                application,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.options["workers"]),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            self.wait_until_up(port, probe)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)

    def database_url(self):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            return f"sqlite:///{db['NAME']}"
        return (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )

    def wait_until_up(self, port, probe):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.fetch(port, probe, check=False) == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn ne répond pas sur le port {port}")

    def fetch(self, port, path, check=True):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
        if check and response.status != 200:
            raise RuntimeError(f"{path} répond {response.status}")
        return response.status

    def load(self, port, paths, connections=None):
        """Requests per second, p50 and p99 in milliseconds, walking paths in order."""
        connections = connections or self.options["connections"]
        if not shutil.which("wrk"):
            return self.python_load(port, paths, connections)
        with tempfile.TemporaryDirectory() as folder:
            script, listing = Path(folder, "paths.lua"), Path(folder, "paths.txt")
            script.write_text(WRK_SCRIPT)
            listing.write_text("\n".join(paths) + "\n")
            output = subprocess.run(
                [
                    "wrk",
                    "--latency",
                    "-t",
                    str(WRK_THREADS),
                    "-c",
                    str(connections),
                    "-d",
                    f"{self.options['duration']}s",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{port}",
                    "--",
                    str(listing),
                    str(WRK_THREADS),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        latency = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(output)}
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if errors:
            raise RuntimeError(f"{paths[0]} : {errors.group(1)} réponses en erreur")
        total = int(re.search(r"(\d+) requests in", output).group(1))
        if 1 < len(paths) < total:
            self.stderr.write(f"{total} requêtes pour {len(paths)} adresses : certaines répétées.")
        return rps, latency["50"], latency["99"]

    def python_load(self, port, paths, connections):
        """A small closed-loop load client, for machines without wrk."""
        latencies, stop, addresses = [], time.monotonic() + self.options["duration"], iter(paths)
        lock = threading.Lock()

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop:
                with lock:
                    path = next(addresses, paths[0]) if len(paths) > 1 else paths[0]
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
        """SQL queries for the page computed afresh, and served from a warm cache.

        Counted before the load, not after: requests wrk left in the server's queue would be
        served after the generation changed here, and cache the page this counts as computed.
        """
        client = Client()
        counts = []
        for page_cache in (0, 86400):
            with override_settings(PAGE_CACHE_SECONDS=page_cache):
                bump_generation()
                client.get(path)
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
            counts.append(len(captured))
        return tuple(counts)

    def table(self, rows, memory_per_worker, elapsed):
        sante = rows[1][2][0]
        lines = [
            "# Mesures de performance",
            "",
            f"- Date : {timezone.localtime():%Y-%m-%d %H:%M} ({settings.TIME_ZONE})",
            f"- Machine : {cpu_model()}, {os.cpu_count()} cœurs, {memory()}",
            f"- Système : {platform.platform()}, Python {platform.python_version()}",
            f"- Base : {connection.vendor} {connection.Database.__name__} "
            f"{'.'.join(map(str, connection.get_database_version()))}",
            "- Site en configuration de production : LOCAL=false, Redis pour le cache partagé "
            "(pages, génération du contenu), rendus des entrées dans la mémoire de chaque worker, "
            "fichiers statiques collectés (WhiteNoise)",
            f"- Serveur : gunicorn, {self.options['workers']} workers ; charge : "
            f"{'wrk' if shutil.which('wrk') else 'client Python'} sur 127.0.0.1, "
            f"{self.options['connections']} connexions, {self.options['duration']} s par ligne",
            f"- Données : {dataset.SIZES}",
            f"- Numéro le plus récent, HTML + CSS compressés (gzip) : {self.issue_weight()} Ko",
            f"- Mémoire par worker du site après les mesures (RSS) : {memory_per_worker}",
            f"- Durée du banc d'essai : {elapsed / 60:.1f} min",
            "",
            "La part du plafond (la vue nue, mesurée juste avant chaque ligne) compte plus que "
            "les valeurs absolues : la machine est "
            "partagée. « Froid » : chaque requête suit une modification du contenu, qui oblige à "
            "tout recalculer (page et entrées), une requête à la fois ; son débit est celui "
            "des workers occupés ainsi sans relâche. Robot et recherches : chaque adresse est "
            "nouvelle, cache vidé au départ.",
            "",
            "| page | adresse | req/s | p50 (ms) | p99 (ms) | requêtes SQL (calculée / en cache) "
            "| plafond juste avant (req/s) | part du plafond | part de `/sante/` |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, path, (rps, p50, p99), computed, cached, (ceiling, *_) in rows:
            address = path if "`" in path else f"`{path}`"
            lines.append(
                f"| {name} | {address} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {computed} / {cached} "
                f"| {ceiling:.0f} | {rps / ceiling:.1%} | {rps / sante:.0%} |"
            )
        return "\n".join(lines) + "\n"

    def issue_weight(self):
        issue = Issue.objects.published().first()
        html = Client().get(issue.get_absolute_url()).content
        css = Path(finders.find("css/site.css")).read_bytes()
        return round((len(gzip.compress(html)) + len(gzip.compress(css))) / 1024, 1)


def worker_memory(master):
    """The resident memory of each gunicorn worker, in MiB."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    except (OSError, AttributeError):
        return "inconnue"
    return ", ".join(f"{size:.0f} Mio" for size in sorted(sizes))


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
