from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from events.filters import EventFilter
from events.models import Event
from pare import richtext
from pare.context_processors import site_profile
from pare.filters import form_query

FEED_SIZE = 30


class NewEventsFeed(Feed):
    """The events most recently announced, narrowed by the agenda's filters if any."""

    feed_type = Rss201rev2Feed

    def get_object(self, request):
        filterset = EventFilter(
            request.GET,
            queryset=Event.objects.published().select_related("department__region"),
            request=request,
        )
        filterset.site_name = site_profile(request)["site"].site_name
        filterset.query = form_query(filterset.form, request.GET)
        return filterset

    def title(self, filterset):
        title = _("%(site)s — nouveaux événements") % {"site": filterset.site_name}
        if described := filterset.describe():
            title = f"{title} : {', '.join(described)}"
        return title

    def description(self, filterset):
        return _("Les rencontres, colloques, conférences et formations annoncés dans l'agenda.")

    def link(self, filterset):
        query = f"?{filterset.query}" if filterset.query else ""
        return reverse("events:index") + query

    def feed_url(self, filterset):
        query = f"?{filterset.query}" if filterset.query else ""
        return reverse("events:feed") + query

    def items(self, filterset):
        if not filterset.is_valid():
            return Event.objects.none()
        return filterset.qs.order_by("-publish_at", "-pk")[:FEED_SIZE]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        where = _("en visio") if event.is_online else event.place
        lines = [event.when + (f" — {where}" if where else "")]
        lines.append(event.registration_line)
        lines.append(richtext.plain(event.text))
        # Readers render a description as HTML: staff text goes in escaped, as paragraphs.
        return linebreaks("\n\n".join(line for line in lines if line), autoescape=True)

    def item_pubdate(self, event):
        return event.publish_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        categories = [event.get_kind_display()]
        if event.department and event.department.region:
            categories.append(event.department.region.name)
        return categories
