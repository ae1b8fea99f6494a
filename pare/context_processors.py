from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pare.cache import Fragments
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


def fragments(request):
    """Cache timeout and key part for the entry partials (pare/cache.py)."""
    return {"fragments": Fragments()}
