import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, EventKind
from pare.models import Status
from tests.factories import make_event, make_organisation

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FEED = reverse("events:calendar")
HOUR = datetime.timedelta(hours=1)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def ics(event):
    return reverse("events:event_calendar", kwargs={"slug": event.slug})


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return calendar.walk("VEVENT")


def only_vevent(response):
    (vevent,) = vevents(parse(response))
    return vevent


def test_times_are_right_on_both_sides_of_each_change_of_summer_time(client, db):
    pairs = [
        (datetime.date(2024, 3, 30), datetime.date(2024, 3, 31)),
        (datetime.date(2024, 10, 26), datetime.date(2024, 10, 27)),
    ]
    offsets = []
    for pair in pairs:
        for day in pair:
            event = make_event(first_day=day, start_time=datetime.time(14))
            calendar = parse(client.get(ics(event)))
            (vevent,) = vevents(calendar)
            start = vevent.start
            assert start.tzinfo.key == "Europe/Paris"
            assert start.replace(tzinfo=None) == datetime.datetime.combine(day, datetime.time(14))
            # The VTIMEZONE itself, not only the client's own rules, gives the right offset.
            (vtimezone,) = calendar.timezones
            assert vtimezone["TZID"] == "Europe/Paris"
            own_rules = vtimezone.to_tz(lookup_tzid=False)
            offset = start.replace(tzinfo=own_rules).utcoffset()
            assert offset == start.utcoffset()
            offsets.append(offset)
    assert offsets == [HOUR, 2 * HOUR, 2 * HOUR, HOUR]


def test_start_and_end_times_become_a_timed_event(client, db):
    event = make_event(
        first_day=datetime.date(2023, 11, 14),
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16, 30),
    )
    text = client.get(ics(event)).text
    assert "DTSTART;TZID=Europe/Paris:20231114T143000" in text
    assert "DTEND;TZID=Europe/Paris:20231114T163000" in text
    assert "RRULE" not in text


def test_an_event_without_times_is_a_whole_day_event(client, db):
    event = make_event(first_day=datetime.date(2023, 11, 14))
    vevent = only_vevent(client.get(ics(event)))
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent.start == datetime.date(2023, 11, 14)
    assert vevent.end == datetime.date(2023, 11, 15)
    assert "DTSTART;VALUE=DATE:20231114" in client.get(ics(event)).text


def test_a_multi_day_event_spans_its_days_with_an_exclusive_end(client, db):
    event = make_event(first_day=datetime.date(2023, 11, 21), last_day=datetime.date(2023, 11, 23))
    vevent = only_vevent(client.get(ics(event)))
    assert vevent.start == datetime.date(2023, 11, 21)
    assert vevent.end == datetime.date(2023, 11, 24)
    assert vevent["DTEND"].params["VALUE"] == "DATE"


def test_a_multi_day_event_with_times_happens_at_those_times_each_day(client, db):
    event = make_event(
        first_day=datetime.date(2023, 11, 21),
        last_day=datetime.date(2023, 11, 23),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 30),
    )
    vevent = only_vevent(client.get(ics(event)))
    assert vevent.start == datetime.datetime(2023, 11, 21, 9, 30, tzinfo=PARIS)
    assert vevent.end == datetime.datetime(2023, 11, 21, 17, 30, tzinfo=PARIS)
    assert vevent["RRULE"]["FREQ"] == ["DAILY"]
    assert vevent["RRULE"]["COUNT"] == [3]


def test_each_session_is_its_own_event(client, db):
    event = make_event(
        title="Formation ECPAT",
        first_day=datetime.date(2023, 11, 7),
        last_day=datetime.date(2023, 12, 5),
        sessions=[
            {
                "title": "Module 1",
                "first_day": datetime.date(2023, 11, 7),
                "start_time": datetime.time(9, 30),
                "end_time": datetime.time(12, 30),
            },
            {"title": "Module 2", "first_day": datetime.date(2023, 12, 5)},
        ],
    )
    first, second = event.sessions.all()
    found = vevents(parse(client.get(ics(event))))
    assert [str(v["SUMMARY"]) for v in found] == [
        "Formation ECPAT — Module 1",
        "Formation ECPAT — Module 2",
    ]
    assert [str(v["UID"]) for v in found] == [
        f"session-{first.pk}@agenda.pare.droitdenfance.org",
        f"session-{second.pk}@agenda.pare.droitdenfance.org",
    ]
    assert found[0].start == datetime.datetime(2023, 11, 7, 9, 30, tzinfo=PARIS)
    assert found[0].end == datetime.datetime(2023, 11, 7, 12, 30, tzinfo=PARIS)
    assert found[1].start == datetime.date(2023, 12, 5)
    assert found[1].end == datetime.date(2023, 12, 6)


def test_an_event_says_what_where_who_and_links_to_its_page(client, db):
    organiser = make_organisation(name="ECPAT France", email="contact@ecpat.example")
    event = make_event(
        title="Formation à Lyon",
        kind=EventKind.TRAINING,
        department="69",
        venue="Maison des associations",
        city="Lyon",
        price="400 € TTC",
        text="Une journée pour repérer les signaux.",
        organisers=[organiser],
        cta_label="S'inscrire",
        cta_url="https://example.org/inscription",
    )
    vevent = only_vevent(client.get(ics(event)))
    assert str(vevent["SUMMARY"]) == "Formation à Lyon"
    assert str(vevent["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(vevent["LOCATION"]) == "Maison des associations, Lyon"
    assert vevent.categories == ["Formation", "Auvergne-Rhône-Alpes"]
    assert str(vevent["ORGANIZER"]) == "mailto:contact@ecpat.example"
    assert vevent["ORGANIZER"].params["CN"] == "ECPAT France"
    description = str(vevent["DESCRIPTION"])
    for part in ("Une journée pour repérer", "ECPAT France", "400 € TTC", "S'inscrire"):
        assert part in description


def test_a_free_online_event_says_so(client, db):
    event = make_event(
        is_online=True,
        online_details="sur Teams",
        is_free=True,
        registration_note="sur inscription",
    )
    vevent = only_vevent(client.get(ics(event)))
    assert str(vevent["LOCATION"]) == "En visio sur Teams"
    assert "En ligne" in vevent.categories
    assert "Gratuit, sur inscription" in str(vevent["DESCRIPTION"])


def test_uid_is_stable_across_edits_and_hosts_and_sequence_grows(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver", "pare.example.org"]
    event = make_event(title="Avant")
    before = only_vevent(client.get(ics(event)))
    other_host = only_vevent(client.get(ics(event), HTTP_HOST="pare.example.org"))
    assert (
        str(before["UID"])
        == str(other_host["UID"])
        == f"event-{event.pk}@agenda.pare.droitdenfance.org"
    )

    event.title = "Après"
    event.save()
    # A later edit: SEQUENCE counts seconds.
    Event.objects.filter(pk=event.pk).update(
        updated_at=event.updated_at + datetime.timedelta(minutes=1)
    )
    event.refresh_from_db()
    after = only_vevent(client.get(ics(event)))
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["SUMMARY"]) == "Après"
    assert after.sequence > before.sequence
    assert after.last_modified == event.updated_at.replace(microsecond=0)
    assert after.stamp == event.updated_at.replace(microsecond=0)


@pytest.mark.parametrize(
    "fields",
    [{"status": Status.DRAFT}, {"publish_at": timezone.now() + datetime.timedelta(days=2)}],
)
def test_an_unpublished_event_has_no_calendar_file_even_for_staff(client, admin_client, db, fields):
    event = make_event(**fields)
    assert client.get(ics(event)).status_code == 404
    assert admin_client.get(ics(event)).status_code == 404


def test_the_event_partial_offers_the_calendar_file(client, db):
    event = make_event(title="Colloque")
    for url in (event.get_absolute_url(), reverse("events:index"), reverse("home")):
        html = client.get(url).text
        assert f'href="{ics(event)}"' in html, url
        assert "Ajouter à mon agenda (.ics)" in html


@pytest.fixture
def agenda(db):
    return {
        "lyon": make_event(
            title="Formation à Lyon", kind=EventKind.TRAINING, first_day=days(10), department="69"
        ),
        "clermont": make_event(
            title="Colloque à Clermont",
            kind=EventKind.SYMPOSIUM,
            first_day=days(20),
            department="63",
        ),
        "gap": make_event(
            title="Formation à Gap", kind=EventKind.TRAINING, first_day=days(30), department="05"
        ),
        "webinar": make_event(
            title="Webinaire", kind=EventKind.WEBINAR, first_day=days(5), is_online=True
        ),
        "recent": make_event(
            title="Formation récente", kind=EventKind.TRAINING, first_day=days(-10), department="69"
        ),
        "old": make_event(
            title="Formation ancienne",
            kind=EventKind.TRAINING,
            first_day=days(-400),
            department="69",
        ),
        "draft": make_event(
            title="Brouillon secret", first_day=days(15), department="69", status=Status.DRAFT
        ),
        "scheduled": make_event(
            title="Annonce programmée",
            first_day=days(15),
            department="69",
            publish_at=timezone.now() + datetime.timedelta(days=2),
        ),
    }


def summaries(response):
    return [str(vevent["SUMMARY"]) for vevent in vevents(parse(response))]


def test_the_agenda_feed_lists_coming_and_recently_past_events_not_old_ones(client, agenda):
    assert summaries(client.get(FEED)) == [
        "Formation récente",
        "Webinaire",
        "Formation à Lyon",
        "Colloque à Clermont",
        "Formation à Gap",
    ]


def test_the_feed_honours_the_agenda_filters_and_names_itself_after_them(client, agenda):
    response = client.get(FEED, {"region": "auvergne-rhone-alpes", "type": "formation"})
    calendar = parse(response)
    assert summaries(response) == ["Formation récente", "Formation à Lyon"]
    name = str(calendar["X-WR-CALNAME"])
    assert name.endswith("agenda : Auvergne-Rhône-Alpes, formations")
    assert str(calendar["NAME"]) == name
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    assert str(calendar["URL"]).endswith("/agenda/?region=auvergne-rhone-alpes&type=formation")
    assert summaries(client.get(FEED, {"format": "en-ligne"})) == ["Webinaire"]
    assert summaries(client.get(FEED, {"periode": "passes", "departement": "69"})) == [
        "Formation récente",
        "Formation ancienne",
    ]


def test_an_unfiltered_feed_is_named_after_the_site_alone(client, agenda):
    name = str(parse(client.get(FEED))["X-WR-CALNAME"])
    assert name.endswith("— agenda")


def test_drafts_and_scheduled_events_never_reach_the_feed(client, agenda):
    for query in ({}, {"region": "auvergne-rhone-alpes"}, {"periode": "passes"}):
        text = client.get(FEED, query).text
        assert "Brouillon secret" not in text
        assert "Annonce programmée" not in text


def test_the_agenda_page_offers_a_subscription_that_keeps_its_filters(client, agenda):
    html = client.get(
        reverse("events:index"),
        {"region": "auvergne-rhone-alpes", "type": "formation", "page": "1"},
    ).text
    query = "region=auvergne-rhone-alpes&amp;type=formation"
    assert f'href="webcal://testserver/agenda/calendrier.ics?{query}"' in html
    assert "abonner à cet agenda</a>" in html
    assert f'type="text/calendar" title="Agenda (iCalendar)" href="{FEED}?{query}">' in html


@pytest.mark.parametrize(
    "query",
    [
        "region=%00",
        "region=atlantide",
        "du=9999-99-99&au=0000-00-00",
        "du=2024-05-02&au=2024-05-01",
        "type=formation&type=colloque",
        "region[]=x",
        "gratuit=peut-etre",
        "periode=demain",
        "departement=%27%20OR%201=1--",
        "page=%FF%FE",
    ],
)
def test_malformed_query_strings_give_a_calendar_not_an_error(client, agenda, query):
    calendar = parse(client.get(f"{FEED}?{query}"))
    assert calendar["VERSION"] == "2.0"


def test_calendar_query_counts_do_not_grow_with_the_data(page_queries, agenda):
    organisation = make_organisation()
    query = {"region": "auvergne-rhone-alpes"}
    _, feed_small = page_queries(FEED, 8, data=query)
    _, single_small = page_queries(ics(agenda["lyon"]), 6)
    for n in range(30):
        make_event(
            first_day=days(n + 1),
            department="69",
            organisers=[organisation],
            sessions=[{"title": "Module", "first_day": days(n + 1)}],
        )
    response, feed_large = page_queries(FEED, 8, data=query)
    assert len(vevents(parse(response))) == 33
    _, single_large = page_queries(ics(agenda["lyon"]), 6)
    assert (feed_large, single_large) == (feed_small, single_small)
