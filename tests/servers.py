"""Real servers on loopback for the tests that need several processes: gunicorn, Redis, S3.

Each server gets a free port and is stopped by its fixture. The gunicorn servers share a copy of
the test database (SQLite: a file; PostgreSQL: a database made from the test one), so that their
processes, and the commands a test runs beside them, see each other's changes as production
processes do.
"""

import contextlib
import http.client
import http.cookiejar
import json
import os
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=30, what="le serveur"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if condition():
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} n'a pas démarré")


def server_environment(**overrides):
    """The environment of a process of the site: the test run's, less what pytest set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "pare.settings", "LOCAL": "true", "LOG_LEVEL": "WARNING"},
        **overrides,
    )
    return env


class Redis:
    """A redis-server of the test's own, with the memory limit production sets."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--maxmemory",
                "64mb",
                "--maxmemory-policy",
                "allkeys-lru",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: self.command("PING") == "PONG", what="redis-server")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def command(self, *args):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout.strip()

    def info(self, field):
        for line in self.command("INFO", "memory").splitlines():
            if line.startswith(f"{field}:"):
                return line.split(":", 1)[1]
        return None


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server absent (apt-get install redis-server)")
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


def _postgres_url(db, name):
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture(scope="session")
def served_database_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """The migrated, empty test database, copied once for the servers' copies to start from.

    Session-scoped, so it runs before any test opens a transaction on the test database.
    """
    db = settings.DATABASES["default"]
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path_factory.mktemp("served") / "template.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            yield path
            return
        connections.close_all()
        name = f"{db['NAME']}_served"
        with psycopg.connect(_postgres_url(db, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')
        yield name
        with psycopg.connect(_postgres_url(db, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def served_database(served_database_template, tmp_path):
    """make() returns the DATABASE_URL of a new database for servers and commands to share."""
    db = settings.DATABASES["default"]
    made = []

    def make():
        if connection.vendor == "sqlite":
            path = tmp_path / f"served-{len(made)}.sqlite3"
            shutil.copy(served_database_template, path)
            made.append(path)
            return f"sqlite:///{path}"
        name = f"{served_database_template}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_postgres_url(db, "postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{served_database_template}"')
        made.append(name)
        return _postgres_url(db, name)

    yield make
    if connection.vendor == "postgresql":
        with psycopg.connect(_postgres_url(db, "postgres"), autocommit=True) as admin:
            for name in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_site(args, env):
    """Run a process of the site of its own (manage.py, or code): what it printed."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def run_python(code, env):
    """Run code in a process of the site of its own, as a command or the worker would."""
    return run_site(["-c", "import django; django.setup()\n" + textwrap.dedent(code)], env)


class Proxy:
    """A TCP proxy (to the database, to Redis) that can be cut: connections refused and dropped."""

    def __init__(self, host, port):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.pairs = []
        self.lock = threading.Lock()
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()  # the database is "down": the connection drops at once
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client, upstream):
        sockets = [client, upstream]
        try:
            while self.open.is_set():
                readable, _, _ = select.select(sockets, [], [], 0.1)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is client else client).sendall(data)
        except OSError:
            pass
        finally:
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def cut(self):
        self.open.clear()
        time.sleep(0.3)  # the pumps notice and drop every connection

    def restore(self):
        self.open.set()

    def stop(self):
        self.stopped = True
        self.open.clear()
        self.listener.close()


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Gunicorn:
    """The site under gunicorn, one worker, in a process of its own."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_path
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pare.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: self.get("/sante/").status == 200, what="gunicorn")
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None
            self.log.close()

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def get(self, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return Response(response.status, dict(response.getheaders()), response.read())
        finally:
            conn.close()


@pytest.fixture
def gunicorn(tmp_path):
    """Start servers with gunicorn(env); all are stopped when the test ends."""
    started = []

    def start(env):
        server = Gunicorn(env, tmp_path / f"gunicorn-{len(started)}.log")
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


class FormReader(HTMLParser):
    """The fields of a form as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select":
            self.select, self.options = attrs, []
        elif tag == "option" and self.select is not None:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea":
            self.textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options and "multiple" not in self.select:
                chosen = [self.options[0][0]]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            if name:
                self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None


def form_fields(html, form_id):
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.fields


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        header = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{header}{value}\r\n".encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """Someone of the staff in the admin of one server, with cookies, over HTTP."""

    def __init__(self, server):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, path, data=None, content_type=None):
        request = urllib.request.Request(self.server.base + path, data=data)
        if content_type:
            request.add_header("Content-Type", content_type)
        request.add_header("Referer", self.server.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return Response(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read())

    def csrf_token(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, path, fields, files=None):
        fields = [*fields, ("csrfmiddlewaretoken", self.csrf_token())]
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.open(path, body, content_type)

    def log_in(self, username, password):
        self.open("/admin/login/")
        response = self.post(
            "/admin/login/?next=/admin/", [("username", username), ("password", password)]
        )
        assert response.status == 200 and "logout" in response.text, response.text[:500]

    def submit(self, path, form_id, changes=(), files=None):
        """Submit the admin form at path as it stands, with changes: {name: value}."""
        page = self.open(path)
        assert page.status == 200, path
        changes = dict(changes)
        fields = [(n, v) for n, v in form_fields(page.text, form_id) if n not in changes]
        response = self.post(path, [*fields, *changes.items(), ("_save", "")], files)
        assert response.status == 200 and "errornote" not in response.text, response.text[:3000]
        return response


class S3:
    """moto's standalone S3 server on loopback, spoken to over HTTP as S3 is."""

    def __init__(self, log_path):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=open(log_path, "wb"),  # noqa: SIM115 (closed with the process)
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 1), what="moto")
        self.credentials = {
            "AWS_ACCESS_KEY_ID": "pare-test",
            "AWS_SECRET_ACCESS_KEY": "pare-test-secret",
            "AWS_DEFAULT_REGION": "us-east-1",
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.credentials["AWS_SECRET_ACCESS_KEY"],
            region_name=self.credentials["AWS_DEFAULT_REGION"],
        )

    def bucket(self, name):
        """A new bucket anyone may read, as production's, and the environment that makes it the
        site's media storage."""
        client = self.client()
        client.create_bucket(Bucket=name)
        public_read = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{name}/*",
        }
        client.put_bucket_policy(
            Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]})
        )
        return {
            **self.credentials,
            "AWS_STORAGE_BUCKET_NAME": name,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
        }

    def objects(self, bucket):
        listing = self.client().list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listing.get("Contents", [])}

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def s3_server(tmp_path):
    pytest.importorskip("moto.server")
    server = S3(tmp_path / "moto.log")
    yield server
    server.stop()
