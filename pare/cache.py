"""Cached renderings (whole pages for anonymous readers, and each entry), never stale.

Keys carry a generation that any save in the site's apps bumps in the shared cache, so a change
shows at once on every worker; a rendering is kept no later than the next scheduled publication
or midnight.
"""

import datetime
import functools
import hashlib
import time
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.dispatch import receiver
from django.http import QueryDict
from django.utils import timezone
from django.utils.cache import set_response_etag

from pare.apps import site_apps
from pare.cache_backends import cache_recovered

# Read beside the site's apps.
CODE_FOLDERS = ("templates", "static", "locale")
CODE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".mo"}


@functools.cache
def code_version():
    """A digest of the code, templates and static files, the same on every host of a release.

    It names the generation's key, so each release starts a generation of its own: a release that
    changes how pages look (or the hashed name of the stylesheet they link to) never serves a
    page an earlier release cached in the shared cache.
    """
    digest = hashlib.sha256()
    for folder in (*(Path(config.path).name for config in site_apps()), *CODE_FOLDERS):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def generation_key():
    return f"pare:content-generation:{code_version()}"


def generation():
    key = generation_key()
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    return value


def bump_generation():
    cache.set(generation_key(), time.time_ns(), None)


@receiver(cache_recovered)
def forget_what_an_outage_may_have_left_stale(**kwargs):
    """A change made while the cache was out of reach could not drop what it had cached."""
    from pare.models import CACHE_KEY

    bump_generation()
    cache.delete(CACHE_KEY)


def content_changed(sender, using=None, **kwargs):
    """Drop every cached rendering, at once and again when the change is committed.

    A reader who reads the data between the two would otherwise keep the old data under the new
    generation. Models no page shows (subscribers) say so with shown_on_pages.
    """
    if sender._meta.app_config in site_apps() and getattr(sender, "shown_on_pages", True):
        bump_generation()
        transaction.on_commit(bump_generation, using=using)


def next_publication(generation):
    """The earliest scheduled publication still to come, across every publishable model."""
    key = f"pare:next-publication:{generation}"
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


class Freshness:
    """The content generation, and how long a rendering may be kept, as a request begins.

    Read before the view reads any content, so that nothing is cached under a newer generation
    than its data, nor kept past a publication that fell due while the page was computed.
    """

    def __init__(self, current_generation=None):
        self.generation = current_generation or generation()
        self.now = timezone.now()
        self.next_publication = next_publication(self.generation)

    def timeout(self, limit):
        """Seconds a rendering may be kept: at most limit, never past midnight or what falls due."""
        tomorrow = timezone.localtime(self.now).date() + datetime.timedelta(days=1)
        midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
        limits = [limit, (midnight - self.now).total_seconds()]
        if self.next_publication:
            limits.append((self.next_publication - self.now).total_seconds())
        return max(0, int(min(limits)))

    @property
    def fragment_timeout(self):
        """For the entry partials' {% cache %} tags."""
        return self.timeout(settings.FRAGMENT_CACHE_SECONDS)


class ReadQueryDict(QueryDict):
    """The query string, noting which parameters the page reads (all, if it reads them all)."""

    def __init__(self, *args, **kwargs):
        self.read = set()
        super().__init__(*args, **kwargs)
        self.read = set()
        self.read_all = False

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read.add(key)
        return super()._getlist(key, *args, **kwargs)


def _reads_everything(name):
    method = getattr(QueryDict, name)

    @functools.wraps(method)
    def reading_everything(self, *args, **kwargs):
        self.read_all = True
        return method(self, *args, **kwargs)

    return reading_everything


for _name in ("__iter__", "__deepcopy__", "keys", "values", "items", "lists", "dict", "urlencode"):
    setattr(ReadQueryDict, _name, _reads_everything(_name))


def page_key(request, names=()):
    """The key of a page: its path and, of its query string, only the parameters it reads.

    names are those the page was seen to read; they are part of the key, so a page is only ever
    served for a query it would have been computed the same for: `?utm_source=x` shares the page
    without it, and a parameter the page starts to read makes keys of its own. The content
    generation is not in the key but kept beside the page (one key per page, whatever the
    changes), so that the generation and a page without query string come in one round trip.
    """
    query = QueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
    kept = [(name, value) for name in sorted(names) for value in query.getlist(name)]
    # The scheme and host too: pages carry absolute links (canonical, og:url, webcal://).
    origin = f"{request.scheme}://{request.get_host()}"
    key = "\n".join([origin, request.path, ",".join(sorted(names)), urlencode(kept)])
    return f"pare:page:{code_version()}:{hashlib.sha256(key.encode()).hexdigest()}"


def names_key(request):
    digest = hashlib.sha256(request.path.encode()).hexdigest()
    return f"pare:page-parameters:{code_version()}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the cache.

    Only requests without a session cookie are cached or served from the cache, so a response
    that varies on the cookie (it read the session to find no one logged in) is the same for all
    of them. Responses that set a cookie (a CSRF token) are never cached. Every other public
    request gets its Freshness, for the entries it renders.

    A page is served in one round trip to the cache (the generation and the page), or two with
    a query string (the generation and the parameters its path reads, then the page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.UNCACHED_PATH_PREFIXES):
            return self.get_response(request)
        cacheable, current, names = self.is_cacheable_request(request), None, ()
        if cacheable:
            current, response, names = self.cached(request)
            if response is not None:
                return self.with_fresh_nonce(request, response)
            query = request.META.get("QUERY_STRING", "")
            request.GET = ReadQueryDict(query, encoding=request.encoding)
        request.freshness = freshness = Freshness(current)
        response = self.get_response(request)
        if cacheable and self.is_cacheable_response(response):
            self.store(request, response, freshness, names)
        return response

    @staticmethod
    def store(request, response, freshness, names):
        """Keep the page under its key, learning which parameters the path reads.

        A page that read its whole query string (to copy it into its links) is kept only when it
        has none: any query string would then make a key of its own. A page without a CSP nonce
        is kept with its ETag, which a request it serves then need not compute again.
        """
        timeout = freshness.timeout(settings.PAGE_CACHE_SECONDS)
        if not timeout or (request.META.get("QUERY_STRING") and request.GET.read_all):
            return
        if request.META.get("QUERY_STRING"):
            names = sorted({*names, *request.GET.read})
            cache.set(names_key(request), names, timeout)
        nonce = getattr(request, "_csp_nonce", None)
        response.csp_nonce = str(nonce) if nonce else ""
        if not response.csp_nonce and not response.has_header("ETag"):
            set_response_etag(response)
        page = (freshness.generation, response)
        cache.set(page_key(request, names), page, timeout)

    @staticmethod
    def cached(request):
        """The generation, the cached page if it is of that generation, and the parameters
        the path was seen to read."""
        query = request.META.get("QUERY_STRING")
        first = names_key(request) if query else page_key(request)
        found = cache.get_many([generation_key(), first])
        current = found.get(generation_key()) or generation()
        names, page = (), found.get(first)
        if query:
            names = page
            if names is None:
                return current, None, ()
            page = cache.get(page_key(request, names))
        if page is None or page[0] != current:
            return current, None, names
        return current, page[1], names

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
        return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def is_cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )
