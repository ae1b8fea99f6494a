import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries(client, settings):
    """Return a function that GETs a URL and returns (response, number of SQL queries).

    The count is that of a page computed afresh: the page cache and the entries' renderings are
    off (so that a query an entry's template makes is counted), and the values cached for the
    whole site (its profile, the next scheduled publication) are warmed first.
    """
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0

    def get(url, **kwargs):
        client.get(url, **kwargs)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **kwargs)
        return response, len(queries)

    return get


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with empty caches: what another test cached must not leak in."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests log staff in many times: hash their passwords quickly (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
