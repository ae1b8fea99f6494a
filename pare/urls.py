from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path, register_converter
from django.views.generic import TemplateView

from events.models import Event
from news.models import Initiative
from newsletters.models import Issue
from newsletters.views import home
from pare import views as pare_views
from pare.models import Organisation, PageKind
from pare.sitemaps import FooterPageSitemap, PublishedSitemap, StaticSitemap
from resources.models import Resource

sitemaps = {
    "pages": StaticSitemap,
    "informations": FooterPageSitemap,
    "numeros": PublishedSitemap(Issue),
    "agenda": PublishedSitemap(Event),
    "actualites": PublishedSitemap(Initiative),
    "ressources": PublishedSitemap(Resource),
    "partenaires": PublishedSitemap(Organisation),
}


class PageKindConverter:
    """Only the kinds of footer page: « mentions-legales », « donnees-personnelles »…"""

    regex = "|".join(PageKind.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PageKindConverter, "page")

urlpatterns = [
    path("", home, name="home"),
    path("numeros/", include("newsletters.urls")),
    path("lettre/", include("newsletters.subscription_urls")),
    path("agenda/", include("events.urls")),
    path("actualites/", include("news.urls")),
    path("ressources/", include("resources.urls")),
    path("partenaires/", include("pare.organisation_urls")),
    path("proposer/", include("proposals.urls")),
    path("recherche/", pare_views.SearchView.as_view(), name="search"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("sante/", pare_views.health, name="health"),
    path("sante/pret/", pare_views.readiness, name="readiness"),
    path("<page:kind>/", pare_views.page, name="page"),
    path("admin/", admin.site.urls),
]

# Locally, uploaded images are served by Django itself (in production, by their storage).
if settings.LOCAL:
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            pare_views.local_media,
        )
    )

# A server error page that needs no database, and a 503 when the database is out of reach.
handler500 = "pare.views.server_error"
