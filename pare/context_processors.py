from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from pare.cache import Freshness
from pare.models import CACHE_KEY, SiteProfile


def site_profile(request):
    """The site's name and publisher details, cached until staff change them."""
    profile = cache.get(CACHE_KEY)
    if profile is None:
        profile = SiteProfile.load()
        cache.set(CACHE_KEY, profile, None)
    return {"site": profile}


NAVIGATION = (
    ("newsletters:archive", _("Numéros")),
    ("events:index", _("Agenda")),
    ("news:index", _("Actualités")),
    ("resources:index", _("Ressources")),
    ("organisations:index", _("Partenaires")),
)


def navigation(request):
    """The main menu, marking the part of the site the reader is in."""
    items = []
    for name, label in NAVIGATION:
        url = reverse(name)
        items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {"navigation": items}


def freshness(request):
    """The generation and timeout of the entry partials' {% cache %} tags (pare/cache.py).

    Public requests read them as they begin; the admin only if a page of it renders an entry.
    """
    return {"freshness": getattr(request, "freshness", None) or SimpleLazyObject(Freshness)}
