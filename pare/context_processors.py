from django.core.cache import cache

from pare.models import SiteProfile

CACHE_KEY = "pare:site-profile"


def site_profile(request):
    """The site's name and publisher details, cached until staff change them."""
    profile = cache.get(CACHE_KEY)
    if profile is None:
        profile = SiteProfile.load()
        cache.set(CACHE_KEY, profile, None)
    return {"site": profile}
