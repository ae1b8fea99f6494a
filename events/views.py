from events.filters import EventFilter
from events.models import Event
from pare.views import FilteredListView, PreviewableDetailView


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
    return data


class EventListView(FilteredListView):
    model = Event
    filterset_class = EventFilter
    template_name = "events/index.html"

    def get_queryset(self):
        return super().get_queryset().published().with_related()


class EventDetailView(PreviewableDetailView):
    model = Event
    template_name = "events/detail.html"

    def get_queryset(self):
        return super().get_queryset().with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data(self.object, self.request)
        return context
