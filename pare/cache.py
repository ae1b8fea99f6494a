"""Cached renderings, dropped as soon as any content changes or falls due.

Whole pages for anonymous readers, and each entry as every page renders it (so a page never asked
for before, such as an unusual agenda filter, only renders its frame). Every save or deletion in a
content app bumps a generation number kept in the shared cache, and keys include it, so a change
shows at once on every worker. A rendering is also kept no later than the next scheduled
publication and the next midnight (when « à venir » changes meaning).
"""

import datetime
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone
from django.utils.functional import cached_property

CONTENT_APPS = {"pare", "events", "news", "resources", "newsletters"}
GENERATION_KEY = "pare:content-generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def content_changed(sender, **kwargs):
    """Drop the cached pages; models no page shows (subscribers) say so with shown_on_pages."""
    if sender._meta.app_label in CONTENT_APPS and getattr(sender, "shown_on_pages", True):
        cache.set(GENERATION_KEY, time.time_ns(), None)


def next_publication():
    """The earliest scheduled publication still to come, across every publishable model."""
    key = f"pare:next-publication:{generation()}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    from pare.models import Publishable, Status

    now = timezone.now()
    due = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).aggregate(
            at=Min("publish_at")
        )["at"]
        for model in apps.get_models()
        if issubclass(model, Publishable)
    ]
    upcoming = min((at for at in due if at), default=None)
    timeout = (upcoming - now).total_seconds() if upcoming else None
    cache.set(key, upcoming or "", timeout)
    return upcoming


def content_timeout(limit):
    """Seconds a rendering may be kept: at most limit, and never past a change that is due."""
    now = timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    limits = [
        limit,
        (
            timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time())) - now
        ).total_seconds(),
    ]
    upcoming = next_publication()
    if upcoming:
        limits.append((upcoming - now).total_seconds())
    return max(0, int(min(limits)))


class Fragments:
    """What the entry partials' {% cache %} tags need, worked out once a request, if used."""

    @cached_property
    def generation(self):
        return generation()

    @cached_property
    def timeout(self):
        return content_timeout(settings.FRAGMENT_CACHE_SECONDS)


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache.

    Only requests without a session cookie are cached or served from the cache, so a response
    that varies on the cookie (it read the session to find no one logged in) is the same for all
    of them. Responses that set a cookie (a CSRF token) are never cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        path = request.get_full_path().encode()
        key = f"pare:page:{generation()}:{hashlib.sha256(path).hexdigest()}"
        response = cache.get(key)
        if response is not None:
            return self.with_fresh_nonce(request, response)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            timeout = content_timeout(settings.PAGE_CACHE_SECONDS)
            if timeout:
                nonce = getattr(request, "_csp_nonce", None)
                response.csp_nonce = str(nonce) if nonce else ""
                cache.set(key, response, timeout)
        return response

    @staticmethod
    def with_fresh_nonce(request, response):
        """A cached page must not replay its CSP nonce: give it this request's own."""
        old = getattr(response, "csp_nonce", "")
        nonce = getattr(request, "_csp_nonce", None)
        if old and nonce is not None:
            response.content = response.content.replace(old.encode(), str(nonce).encode())
        return response

    @staticmethod
    def is_cacheable_request(request):
        return (
            request.method == "GET"
            and not request.path.startswith(settings.UNCACHED_PATH_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def is_cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )
