"""The agenda as iCalendar (RFC 5545): one event to add, or a feed to subscribe to.

Times are Europe/Paris with its VTIMEZONE; an event without times is a whole-day event whose DTEND
is the day after its last day; an event with times over several days happens at those times each
day; each session of a multi-session event is an event of its own. UIDs never depend on the host,
so that a calendar updates an event when it changes instead of adding it again.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, vDuration
from icalendar import Event as VEvent

from pare import richtext

# Never change: calendars recognise an event by its UID, and this is part of every UID.
UID_DOMAIN = "agenda.pare.droitdenfance.org"
PRODID = "-//PARÉ//Agenda//FR"
# SEQUENCE counts seconds of edits since this day: it only grows, and fits in 32 bits until 2088.
SEQUENCE_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
REFRESH = datetime.timedelta(hours=6)


def local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def new_calendar(name=None, description=None, url=None):
    # These come from staff text (the site's name): a line break in them must not break the file.
    name, description = (" ".join(str(v).split()) if v else v for v in (name, description))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", REFRESH, parameters={"value": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    if url:
        calendar.add("url", url)
    return calendar


def add_schedule(vevent, span):
    """DTSTART/DTEND (and a daily RRULE) for anything with days and optional times."""
    if span.start_time is None:
        vevent.add("dtstart", span.first_day)
        vevent.add("dtend", span.last_day + datetime.timedelta(days=1))
        return
    zone = local_zone()
    vevent.add("dtstart", datetime.datetime.combine(span.first_day, span.start_time, zone))
    if span.end_time is not None:
        vevent.add("dtend", datetime.datetime.combine(span.first_day, span.end_time, zone))
    if span.is_multi_day:
        vevent.add("rrule", {"freq": "daily", "count": (span.last_day - span.first_day).days + 1})


def organiser_address(organisation, absolute_url):
    """A URI for ORGANIZER: the organisation's e-mail, its site, or its page here."""
    if organisation.email:
        return f"mailto:{organisation.email}"
    if organisation.website:
        return organisation.website
    return absolute_url(organisation.get_absolute_url())


def description(event, url):
    organisers = ", ".join(organisation.name for organisation in event.organisation_list)
    lines = [
        richtext.plain(event.text),
        _("Organisé par : %(names)s") % {"names": organisers} if organisers else "",
        event.registration_line,
        event.cost_line,
        event.capacity,
        f"{event.cta_label} : {event.cta_href}" if event.cta_href else "",
        url,
    ]
    return "\n\n".join(line for line in lines if line)


def categories(event):
    values = [event.get_kind_display()]
    if event.department and event.department.region:
        values.append(event.department.region.name)
    elif event.abroad:
        values.append(event.abroad)
    if event.is_online:
        values.append(_("En ligne"))
    return values


def vevents(event, absolute_url):
    """The VEVENTs of one event: itself, or each of its sessions."""
    url = absolute_url(event.get_absolute_url())
    common = {
        "dtstamp": event.updated_at,
        "last-modified": event.updated_at,
        "created": event.created_at,
        "sequence": max(0, int((event.updated_at - SEQUENCE_EPOCH).total_seconds())),
        "url": url,
        "description": description(event, url),
        "status": "CONFIRMED",
        "transp": "OPAQUE",
        "class": "PUBLIC",
    }
    sessions = list(event.sessions.all())
    spans = [(f"session-{s.pk}", f"{event.title} — {s.title}", s) for s in sessions] or [
        (f"event-{event.pk}", event.title, event)
    ]
    for uid, summary, span in spans:
        vevent = VEvent()
        vevent.add("uid", f"{uid}@{UID_DOMAIN}")
        vevent.add("summary", summary)
        add_schedule(vevent, span)
        for name, value in common.items():
            vevent.add(name, value)
        if event.where:
            vevent.add("location", event.where)
        vevent.add("categories", categories(event))
        if event.organisation_list:
            organisation = event.organisation_list[0]
            # A parameter cannot hold a line break (RFC 5545): a stray one must not fail.
            name = " ".join(organisation.name.split())
            address = organiser_address(organisation, absolute_url)
            vevent.add("organizer", address, parameters={"cn": name})
        yield vevent


def to_ical(events, absolute_url, **calendar_fields):
    """Serialise events to one calendar, with the time zone they use."""
    calendar = new_calendar(**calendar_fields)
    days = []
    for event in events:
        for vevent in vevents(event, absolute_url):
            calendar.add_component(vevent)
        for span in (event, *event.sessions.all()):
            days += [span.first_day, span.last_day]
    if days:
        first, last = min(days), max(days)
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()
