"""When Redis is out of reach, pages are computed afresh: never a 500, one log line per outage.

The readiness address tells a load balancer (503), while /sante/ stays the bare liveness check.
The servers are gunicorn processes; the Redis is one of the test's own, stopped or cut off from
them (never the shared one).
"""

import json
import logging
import os
import runpy
import time
from unittest import mock

import pytest

from pare import cache_backends
from pare.cache_backends import ResilientRedisCache
from tests.servers import Browser, Proxy, free_port, run_python, server_environment

pytestmark = pytest.mark.django_db

PASSWORD = "une phrase de passe solide"
SEED = f"""
import json
from django.contrib.auth.models import User
from tests.factories import make_event, make_issue

User.objects.create_superuser("publication", "publication@example.org", {PASSWORD!r})
event = make_event(title="Formation à Lyon", department="69")
issue = make_issue(events=[event])
print(json.dumps([event.pk, event.get_absolute_url(), issue.get_absolute_url()]))
"""
RENAME = """
from events.models import Event
event = Event.objects.get(pk={pk})
event.title = {title!r}
event.save()
"""


def public_pages(event_url, issue_url):
    return [
        "/",
        "/numeros/",
        issue_url,
        "/agenda/",
        "/agenda/?region=auvergne-rhone-alpes&utm_source=lettre",
        event_url,
        "/agenda/flux.xml",
        "/agenda/calendrier.ics",
        "/actualites/",
        "/ressources/",
        "/partenaires/",
        "/recherche/?q=formation",
        "/sitemap.xml",
        "/lettre/inscription/",
        "/admin/login/",
    ]


def outage_lines(server):
    return server.log_text().count("Cache injoignable")


@pytest.fixture
def site(served_database):
    env = server_environment(DATABASE_URL=served_database())
    event_pk, event_url, issue_url = json.loads(run_python(SEED, env))
    return env, event_pk, event_url, issue_url


def test_with_the_cache_on_a_closed_port_every_page_is_served(site, gunicorn):
    env, _, event_url, issue_url = site
    server = gunicorn({**env, "CACHE_URL": f"redis://127.0.0.1:{free_port()}/0"})
    pages = public_pages(event_url, issue_url)
    statuses = {page: server.get(page).status for _ in range(3) for page in pages}
    assert set(statuses.values()) == {200}, statuses
    assert "Formation à Lyon" in server.get(event_url).text
    staff = Browser(server)
    staff.log_in("publication", PASSWORD)
    assert staff.open("/admin/events/event/").status == 200

    ready = server.get("/sante/pret/")
    assert ready.status == 503
    assert "cache : injoignable" in ready.text and "base de données : ok" in ready.text
    assert server.get("/sante/").status == 200
    assert outage_lines(server) == 1  # logged once, not once per request


def test_redis_stopped_mid_run_then_back(site, redis_server, gunicorn):
    env, _, event_url, issue_url = site
    server = gunicorn({**env, "CACHE_URL": redis_server.url})
    pages = public_pages(event_url, issue_url)
    for page in pages * 2:
        assert server.get(page).status == 200
    assert server.get("/sante/pret/").status == 200
    assert int(redis_server.command("DBSIZE")) > 0

    redis_server.stop()
    statuses = {page: server.get(page).status for _ in range(3) for page in pages}
    assert set(statuses.values()) == {200}, statuses
    assert "Formation à Lyon" in server.get(event_url).text
    assert server.get("/sante/pret/").status == 503
    assert server.get("/sante/").status == 200

    redis_server.start()  # empty, on the same port
    time.sleep(cache_backends.RETRY_SECONDS + 0.1)
    assert server.get("/sante/pret/").status == 200
    for page in pages:
        assert server.get(page).status == 200
    assert int(redis_server.command("DBSIZE")) > 0  # caching again, without a restart
    assert outage_lines(server) == 1


def test_a_change_made_while_the_cache_was_cut_off_shows_once_it_is_back(
    site, redis_server, gunicorn
):
    """Redis kept its pages through the outage, but missed the change's invalidation."""
    env, event_pk, event_url, _ = site
    proxy = Proxy("127.0.0.1", redis_server.port)
    env = {**env, "CACHE_URL": f"redis://127.0.0.1:{proxy.port}/0"}
    try:
        server = gunicorn(env)
        for _ in range(2):
            assert "Formation à Lyon" in server.get(event_url).text
        proxy.cut()
        run_python(RENAME.format(pk=event_pk, title="Formation à Villeurbanne"), env)
        assert "Formation à Villeurbanne" in server.get(event_url).text
        proxy.restore()
        time.sleep(cache_backends.RETRY_SECONDS + 0.1)
        assert "Formation à Villeurbanne" in server.get(event_url).text
        assert "Formation à Villeurbanne" in server.get("/agenda/").text
    finally:
        proxy.stop()


def test_the_resilient_cache_misses_without_raising_and_logs_once(caplog):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    with caplog.at_level(logging.WARNING, logger="pare.cache"):
        for _ in range(20):
            assert cache.get("clé", "défaut") == "défaut"
            cache.set("clé", "valeur")
            assert cache.add("clé", "valeur") is False
            assert cache.get_many(["clé"]) == {}
            with pytest.raises(ValueError):  # as for a missing key
                cache.incr("clé")
            cache.delete("clé")
    assert len(caplog.records) == 1
    assert "Cache injoignable" in caplog.records[0].getMessage()
    cache_backends._outages.clear()


def test_redis_urls_get_the_resilient_backend_with_short_timeouts(settings):
    redis = "redis://127.0.0.1:6379/3"
    with mock.patch.dict(os.environ, {"CACHE_URL": redis, "FRAGMENT_CACHE_URL": redis}):
        caches = runpy.run_path(str(settings.BASE_DIR / "pare" / "settings.py"))["CACHES"]
    for configured in caches.values():
        assert configured["BACKEND"] == "pare.cache_backends.ResilientRedisCache"
        assert configured["OPTIONS"]["socket_timeout"] <= 1
        assert configured["OPTIONS"]["socket_connect_timeout"] <= 1
