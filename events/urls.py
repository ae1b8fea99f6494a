from django.urls import path

from events import views
from events.feeds import NewEventsFeed

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="index"),
    path("calendrier.ics", views.AgendaCalendarView.as_view(), name="calendar"),
    path("flux.xml", NewEventsFeed(), name="feed"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendrier.ics", views.EventCalendarView.as_view(), name="event_calendar"),
]
