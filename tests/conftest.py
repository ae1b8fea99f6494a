import socket

import pytest
from django.core.cache import caches

# Real servers on loopback (gunicorn, Redis, S3) for the tests that need several processes.
pytest_plugins = ["tests.servers"]


@pytest.fixture
def page_queries(client, settings, django_assert_max_num_queries):
    """Return a function that GETs a URL within max_queries; it returns (response, queries).

    The count is that of a page computed afresh: the page cache and the entries' renderings are
    off (so that a query an entry's template makes is counted), and the values cached for the
    whole site (its profile, the next scheduled publication) are warmed first.
    """
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0

    def get(url, max_queries, **kwargs):
        client.get(url, **kwargs)
        with django_assert_max_num_queries(max_queries) as queries:
            response = client.get(url, **kwargs)
        return response, len(queries)

    return get


@pytest.fixture
def immediate_tasks(settings):
    """Run background tasks at once, inside the test."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://pare.example.org"
    return settings.SITE_URL


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with empty caches: what another test cached must not leak in."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests log staff in many times: hash their passwords quickly (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def redis_cache_url():
    """A CACHE_URL on the shared Redis (database 5); tests use keys of their own there.

    django-environ drops a key_prefix given in the URL for Django's Redis backend, and the
    server is shared: never flush it.
    """
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        pytest.skip("Redis n'écoute pas sur 127.0.0.1:6379")
    return f"redis://{REDIS[0]}:{REDIS[1]}/5"
