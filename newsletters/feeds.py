from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from newsletters.models import Issue
from pare import richtext
from pare.context_processors import site_profile

FEED_SIZE = 20


class IssueFeed(Feed):
    """The published issues, latest first."""

    feed_type = Rss201rev2Feed

    def get_object(self, request):
        return site_profile(request)["site"]

    def title(self, site):
        return _("%(site)s — les numéros") % {"site": site.site_name}

    def description(self, site):
        return _("Chaque trimestre, l'agenda, les actualités du réseau et des ressources.")

    def link(self, site):
        return reverse("newsletters:archive")

    def items(self, site):
        return Issue.objects.published()[:FEED_SIZE]

    def item_title(self, issue):
        return issue.title

    def item_description(self, issue):
        return richtext.render(issue.introduction)

    def item_pubdate(self, issue):
        return issue.publish_at

    def item_updateddate(self, issue):
        return issue.updated_at
