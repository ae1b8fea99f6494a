"""When the database goes away the public gets a French 503, and the site comes back by itself.

The PostgreSQL test runs the app the way a server does (WSGIHandler, persistent connections with
health checks) in a thread of its own, whose connection goes through a small TCP proxy; the
test cuts the proxy while requests keep coming, then restores it. Only that thread's connection
is affected: the rest of the suite, on the same server, never notices.
"""

import io
import threading
import time
from unittest import mock

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import make_event, make_issue
from tests.servers import Proxy

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="cuts a PostgreSQL connection"
)


def assert_french_503(status, body):
    assert status == 503
    assert '<html lang="fr">' in body
    assert "momentanément indisponible" in body
    assert "Traceback" not in body and "OperationalError" not in body


# --- Any database: what an unreachable database looks like to the public ---


def test_an_unreachable_database_gives_a_french_503(db):
    client = Client(raise_request_exception=False)
    outage = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(CursorWrapper, "_execute", side_effect=outage):
        response = client.get("/agenda/")
    assert_french_503(response.status_code, response.text)
    assert response["Retry-After"] == "30"


def test_other_errors_still_give_the_500_page(db):
    client = Client(raise_request_exception=False)
    with mock.patch("pare.views.OrganisationListView.get_queryset", side_effect=ValueError):
        response = client.get("/partenaires/")
    assert response.status_code == 500
    assert "Le site rencontre un problème" in response.text


# --- PostgreSQL: cut the connection for real, while requests are running ---


def wsgi_get(handler, path):
    """GET through the WSGI handler, as a server does: each request checks old connections."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    body = b"".join(handler(environ, lambda code, headers: status.append(code)))
    return int(status[0].split()[0]), body.decode()


class Server(threading.Thread):
    """The app in a thread of its own, its database connection through the proxy."""

    def __init__(self, proxy_port, path):
        super().__init__(daemon=True)
        self.proxy_port = proxy_port
        self.path = path
        self.results = []
        self.phase = "before"
        self.running = True
        self.handler = WSGIHandler()

    def run(self):
        own = connections["default"]
        own.settings_dict = {**own.settings_dict, "PORT": self.proxy_port, "HOST": "127.0.0.1"}
        try:
            while self.running:
                status, body = wsgi_get(self.handler, self.path)
                self.results.append((self.phase, status, body))  # the phase it ended in
                time.sleep(0.02)
        finally:
            connections.close_all()


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_answers_503_while_postgresql_is_cut_off_and_recovers_by_itself(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    make_issue(events=[make_event(title="Webinaire")])
    database = connection.settings_dict
    proxy = Proxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    server = Server(proxy.port, "/agenda/")
    server.start()
    try:

        def wait_for(phase, status, count=3):
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                seen = [r for r in server.results if r[0] == phase and r[1] == status]
                if len(seen) >= count:
                    return seen
                time.sleep(0.05)
            raise AssertionError(f"no {status} during {phase}: {server.results[-5:]}")

        wait_for("before", 200)
        server.phase = "down"
        proxy.cut()
        time.sleep(0.2)
        server.phase = "cut"
        for _, status, body in wait_for("cut", 503):
            assert_french_503(status, body)
        server.phase = "back"
        proxy.restore()
        wait_for("back", 200)
    finally:
        server.running = False
        server.join(10)
        proxy.stop()
    statuses = {status for _, status, _ in server.results}
    assert statuses <= {200, 503}, statuses  # never a 500, never a traceback
    assert all(r[1] == 200 for r in server.results if r[0] == "before")
    after = [r[1] for r in server.results if r[0] == "back"]
    assert after[-3:] == [200, 200, 200]
    assert "Webinaire" in [r for r in server.results if r[0] == "back"][-1][2]


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_killed_by_the_server_is_replaced_without_an_error(settings):
    """A restart or failover kills connections: the next request must not even notice."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    make_event(title="Webinaire")
    handler = WSGIHandler()
    assert wsgi_get(handler, "/agenda/")[0] == 200
    backend_pid = connection.connection.info.backend_pid
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    time.sleep(0.2)
    status, body = wsgi_get(handler, "/agenda/")
    assert status == 200
    assert "Webinaire" in body
    assert connection.connection.info.backend_pid != backend_pid
