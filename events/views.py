from datetime import timedelta
from urllib.parse import quote

from django.http import HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView

from events import calendar
from events.filters import EventFilter
from events.models import Event, Registration
from pare import maps
from pare.context_processors import site_profile
from pare.filters import form_query
from pare.views import FilteredListView, PreviewableDetailView

AVAILABILITY = {
    Registration.OPEN: "https://schema.org/InStock",
    Registration.FULL: "https://schema.org/SoldOut",
    Registration.CLOSED: "https://schema.org/SoldOut",
}

LATEST_PAST_COUNT = 5


def structured_data(event, request):
    """schema.org Event data, so that search engines show the date and place."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "startDate": event.first_day.isoformat(),
        "endDate": event.last_day.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if event.is_online else "OfflineEventAttendanceMode"),
        "organizer": [
            {"@type": "Organization", "name": organisation.name}
            for organisation in event.organisation_list
        ],
    }
    if event.is_online:
        data["location"] = {"@type": "VirtualLocation", "url": event.cta_url or data["url"]}
    elif event.place:
        data["location"] = {
            "@type": "Place",
            "name": event.venue or event.place,
            "address": event.place,
        }
    if event.image:
        data["image"] = request.build_absolute_uri(event.image.url)
    if event.is_free:
        data["isAccessibleForFree"] = True
    if not event.is_over and (availability := AVAILABILITY.get(event.registration)):
        data["offers"] = {
            "@type": "Offer",
            "availability": availability,
            "url": event.cta_url or data["url"],
        }
    return data


class EventListView(FilteredListView):
    model = Event
    filterset_class = EventFilter
    template_name = "events/index.html"

    def get_queryset(self):
        return super().get_queryset().published().with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.map_query()
        chosen = self.cleaned("departement")
        current = chosen.code if chosen else ""
        context["map"] = self.department_map(query, current)
        nothing_upcoming = not (
            context["object_list"] or context["query_without_page"] or self.filterset.errors
        )
        if nothing_upcoming:
            context["latest_past"] = latest_past_events()
        return context

    def map_query(self):
        """The filters in force but those of place (which the map sets) and the page."""
        query = QueryDict(form_query(self.filterset.form, self.request.GET), mutable=True)
        for name in ("region", "departement", "page"):
            query.pop(name, None)
        return query

    def department_map(self, query, current):
        """Events per department under the filters in force but those of place."""
        others = self.filterset_class(query, queryset=Event.objects.published(), request=None)
        counts = maps.counts_by_department(others.qs) if others.is_valid() else {}
        linked = f"?{query.urlencode()}&departement=" if query else "?departement="
        return maps.department_map(
            counts,
            url=lambda code: f"{linked}{quote(code)}",
            label=lambda name, count: (
                ngettext("%(name)s : %(count)s événement", "%(name)s : %(count)s événements", count)
                % {"name": name, "count": count}
            ),
            current=current,
        )


def latest_past_events():
    return Event.objects.published().latest_past().with_related()[:LATEST_PAST_COUNT]


class EventDetailView(PreviewableDetailView):
    model = Event
    template_name = "events/detail.html"

    def get_queryset(self):
        return super().get_queryset().with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data(self.object, self.request)
        return context


class CalendarFilter(EventFilter):
    """The agenda's filters for a subscribed calendar, which keeps events a while after they end.

    A calendar application drops an event as soon as the feed stops listing it.
    """

    kept_days = 90
    max_events = 500

    def not_over(self, queryset):
        return queryset.filter(last_day__gte=timezone.localdate() - timedelta(days=self.kept_days))

    @property
    def qs(self):
        return super().qs[: self.max_events]


def calendar_response(content, filename, disposition):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class EventCalendarView(DetailView):
    """One event as an .ics file, to add to a calendar."""

    def get_queryset(self):
        return Event.objects.published().with_related()

    def render_to_response(self, context, **response_kwargs):
        content = calendar.to_ical([self.object], self.request.build_absolute_uri)
        return calendar_response(content, f"{self.object.slug}.ics", "attachment")


class AgendaCalendarView(View):
    """The agenda as a calendar to subscribe to, narrowed by the agenda's own filters."""

    def get(self, request):
        filterset = CalendarFilter(
            request.GET, queryset=Event.objects.published().with_related(), request=request
        )
        events = filterset.qs if filterset.is_valid() else Event.objects.none()
        site_name = site_profile(request)["site"].site_name
        name = _("%(site)s — agenda") % {"site": site_name}
        if described := filterset.describe():
            name = f"{name} : {', '.join(described)}"
        query = form_query(filterset.form, request.GET)
        content = calendar.to_ical(
            events,
            request.build_absolute_uri,
            name=name,
            description=_("Rencontres, colloques, conférences et formations."),
            url=request.build_absolute_uri(
                reverse("events:index") + (f"?{query}" if query else "")
            ),
        )
        return calendar_response(content, "agenda.ics", "inline")
