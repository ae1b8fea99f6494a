"""Several processes of one release, as in production: two gunicorn servers with different hash
seeds (each its own media folder) on the same database and Redis, and commands beside them.

A change made through any of them shows on every other at its next request.
"""

import json

import pytest

from tests.servers import Browser, run_python, server_environment

# The servers work on a copy of the test database: it must exist.
pytestmark = pytest.mark.django_db

PASSWORD = "une phrase de passe solide"

SEED = f"""
import json
from django.contrib.auth.models import User
from pare.models import Status
from tests.factories import make_event

User.objects.create_superuser("publication", "publication@example.org", {PASSWORD!r})
lyon = make_event(title="Formation à Lyon", department="69")
rennes = make_event(title="Colloque à Rennes", status=Status.DRAFT)
print(json.dumps({{"lyon": [lyon.pk, lyon.get_absolute_url()], "rennes": rennes.pk}}))
"""


def test_a_change_through_one_process_shows_at_once_on_the_other(
    served_database, redis_server, gunicorn, tmp_path
):
    env = server_environment(DATABASE_URL=served_database(), CACHE_URL=redis_server.url)
    seeded = json.loads(run_python(SEED, env))
    (lyon, lyon_url), rennes = seeded["lyon"], seeded["rennes"]
    one = gunicorn({**env, "PYTHONHASHSEED": "1", "MEDIA_ROOT": str(tmp_path / "media-1")})
    other = gunicorn({**env, "PYTHONHASHSEED": "2", "MEDIA_ROOT": str(tmp_path / "media-2")})
    pages = ["/agenda/", lyon_url, "/sitemap.xml", "/agenda/flux.xml", "/recherche/?q=formation"]
    for server in (one, other):
        for page in pages * 2:  # computed, then kept in the cache
            assert server.get(page).status == 200
    assert "Colloque à Rennes" not in other.get("/agenda/").text

    staff = Browser(one)
    staff.log_in("publication", PASSWORD)
    changelist = "/admin/events/event/"

    def action(name, pk):
        staff.post(changelist, [("action", name), ("_selected_action", pk), ("index", "0")])

    action("publish", rennes)
    assert "Colloque à Rennes" in other.get("/agenda/").text

    staff.submit(f"{changelist}{lyon}/change/", "event_form", {"title": "Formation à Villeurbanne"})
    for page in ("/agenda/", lyon_url, "/agenda/flux.xml"):
        assert "Formation à Villeurbanne" in other.get(page).text, page

    action("unpublish", lyon)
    assert other.get(lyon_url).status == 404
    for page in ("/agenda/", "/sitemap.xml", "/agenda/flux.xml", "/recherche/?q=formation"):
        body = other.get(page).text
        assert "Villeurbanne" not in body and lyon_url not in body, page

    # A command (or the worker) is one more process: what it changes shows on both servers.
    run_python(
        f"""
        from events.models import Event
        event = Event.objects.get(pk={rennes})
        event.title = "Colloque à Saint-Malo"
        event.save()
        """,
        {**env, "PYTHONHASHSEED": "3"},
    )
    for server in (one, other):
        assert "Colloque à Saint-Malo" in server.get("/agenda/").text
