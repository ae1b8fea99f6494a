from unittest import mock

from django.db import OperationalError
from django.db.backends.utils import CursorWrapper


def test_health_answers_a_short_fixed_response_without_the_database(client):
    # No database access is allowed in this test: any query would raise.
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readiness_reports_the_database_and_the_cache(client, db):
    response = client.get("/sante/pret/")
    assert response.status_code == 200
    assert response.text == "base de données : ok\ncache : ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readiness_is_503_when_the_cache_keeps_nothing(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    response = client.get("/sante/pret/")
    assert response.status_code == 503
    assert "cache : injoignable" in response.text


def test_readiness_is_503_when_the_database_is_out_of_reach(client, db):
    outage = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(CursorWrapper, "_execute", side_effect=outage):
        response = client.get("/sante/pret/")
    assert response.status_code == 503
    assert "base de données : injoignable" in response.text
