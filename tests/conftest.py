import pytest
from django.core.cache import caches


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


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with empty caches: what another test cached must not leak in."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests log staff in many times: hash their passwords quickly (production keeps PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
