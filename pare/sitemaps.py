from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pare.apps import menu
from pare.models import Page


class StaticSitemap(Sitemap):
    """The home page and each part of the site the main menu leads to."""

    def items(self):
        return ["home", *(entry.url_name for entry in menu())]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    """Every public page of one model: never a draft, never an entry not yet due."""

    limit = 5000

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class FooterPageSitemap(Sitemap):
    """Legal notice, personal data, accessibility."""

    def items(self):
        return Page.objects.all()

    def lastmod(self, item):
        return item.updated_at
