from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from pare.apps import menu
from pare.cache import Freshness
from pare.models import CACHE_KEY, SiteProfile


def site_profile(request):
    """The site's name and publisher details, cached until staff change them."""
    profile = cache.get(CACHE_KEY)
    if profile is None:
        profile = SiteProfile.load()
        cache.set(CACHE_KEY, profile, None)
    return {"site": profile}


def navigation(request):
    """The main menu, marking the part of the site the reader is in."""
    items = []
    for entry in menu():
        url = reverse(entry.url_name)
        items.append({"url": url, "label": entry.label, "current": request.path.startswith(url)})
    return {"navigation": items}


def freshness(request):
    """The generation and timeout of the entry partials' {% cache %} tags (pare/cache.py).

    Public requests read them as they begin; the admin only if a page of it renders an entry.
    """
    return {"freshness": getattr(request, "freshness", None) or SimpleLazyObject(Freshness)}
