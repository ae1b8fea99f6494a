import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event, EventKind, Session
from pare.models import Status
from tests.factories import make_event, make_organisation

D = datetime.date
T = datetime.time


def valid_event(**fields):
    """An unsaved event that passes full_clean(), to break one thing at a time."""
    values = {
        "title": "Colloque",
        "slug": "colloque",
        "first_day": D(2023, 11, 22),
        "last_day": D(2023, 11, 23),
        "status": Status.DRAFT,
    }
    return Event(**{**values, **fields})


def error_on(event, field):
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    return " ".join(excinfo.value.message_dict[field])


@pytest.mark.django_db
def test_valid_event_passes():
    valid_event().full_clean()
    valid_event(
        start_time=T(9, 30),
        end_time=T(17, 30),
        cta_label="En savoir plus",
        cta_email="formation@mouvementdunid.org",
        price="400 € TTC par participant",
    ).full_clean()


# Days and times.


@pytest.mark.django_db
def test_last_day_before_first_day_is_refused_on_last_day():
    event = valid_event(last_day=D(2023, 11, 21))

    assert "dernier jour ne peut pas précéder le premier" in error_on(event, "last_day")


@pytest.mark.django_db
def test_database_refuses_last_day_before_first_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(first_day=D(2023, 11, 22), last_day=D(2023, 11, 21))


@pytest.mark.django_db
def test_database_refuses_moving_the_first_day_after_the_last():
    event = make_event(first_day=D(2023, 11, 22), last_day=D(2023, 11, 23))

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(first_day=D(2023, 11, 24))


@pytest.mark.django_db
def test_missing_last_day_means_a_single_day():
    event = valid_event(last_day=None)
    event.full_clean()
    assert event.last_day == event.first_day

    saved = make_event(first_day=D(2023, 12, 1))
    assert saved.last_day == D(2023, 12, 1)
    assert not saved.is_multi_day


@pytest.mark.django_db
def test_end_time_before_start_time_is_refused_on_end_time():
    event = valid_event(start_time=T(16, 30), end_time=T(14, 30))

    assert "heure de fin vient après l'heure de début" in error_on(event, "end_time")


@pytest.mark.django_db
def test_database_refuses_end_time_before_start_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(start_time=T(16, 30), end_time=T(14, 30))


@pytest.mark.django_db
def test_end_time_without_start_time_is_refused_on_end_time():
    event = valid_event(end_time=T(18, 30))

    assert "qu'il faut alors indiquer" in error_on(event, "end_time")


@pytest.mark.django_db
def test_database_refuses_end_time_without_start_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(end_time=T(18, 30))


@pytest.mark.django_db
def test_start_time_alone_is_valid():
    event = make_event(first_day=D(2023, 10, 24), start_time=T(20, 0))

    event.full_clean()
    assert event.times == "20h"


@pytest.mark.django_db
def test_session_days_are_checked_like_the_event():
    event = make_event()
    session = Session(
        event=event, title="Module 2", first_day=D(2023, 11, 7), last_day=D(2023, 11, 6)
    )

    assert "last_day" in pytest.raises(ValidationError, session.full_clean).value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


# Cost, kind and place.


@pytest.mark.django_db
def test_free_event_with_a_price_is_refused_on_the_price():
    event = valid_event(is_free=True, price="400 € TTC par participant")

    assert "gratuit n'a pas de tarif" in error_on(event, "price")


@pytest.mark.django_db
def test_database_refuses_a_free_event_with_a_price():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(is_free=True, price="400 € TTC par participant")


@pytest.mark.django_db
def test_cost():
    assert make_event(is_free=True).cost == "Gratuit"
    assert make_event(price="400 € TTC par participant").cost == "400 € TTC par participant"


@pytest.mark.django_db
def test_database_refuses_an_unknown_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(kind="apéro")


@pytest.mark.django_db
def test_unknown_kind_is_refused_on_the_kind():
    assert (
        "kind"
        in pytest.raises(ValidationError, valid_event(kind="apéro").full_clean).value.message_dict
    )
    valid_event(kind=EventKind.MOCK_TRIAL).full_clean()


@pytest.mark.django_db
def test_event_in_a_department_and_abroad_is_refused_on_abroad():
    event = valid_event(department_id="75", abroad="Belgique")

    assert "soit dans un département, soit à l'étranger" in error_on(event, "abroad")


@pytest.mark.django_db
def test_place_reads_as_one_line():
    event = make_event(venue="Cinéma le Palace", city="Mulhouse", department="68")
    by_department = make_event(department="05")

    assert event.place == "Cinéma le Palace, Mulhouse"
    assert by_department.place == "Hautes-Alpes"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"venue": "Cinéma le Palace", "city": "Mulhouse"}, "Cinéma le Palace, Mulhouse"),
        ({"is_online": True, "online_details": "sur Teams"}, "En visio sur Teams"),
        ({"is_online": True}, "En visio"),
        ({"is_online": True, "city": "Lyon"}, "En visio — Lyon"),
        ({"online_details": "sur Teams"}, ""),
        ({}, ""),
    ],
)
def test_where_says_online_and_place_in_one_line(fields, where):
    assert valid_event(**fields).where == where


@pytest.mark.parametrize(
    ("fields", "cost_line"),
    [
        ({"is_free": True, "registration_note": "sur inscription"}, "Gratuit, sur inscription"),
        ({"price": "400 € TTC par participant"}, "400 € TTC par participant"),
        ({"registration_note": "inscriptions closes"}, "inscriptions closes"),
        ({}, ""),
    ],
)
def test_cost_line_joins_cost_and_registration(fields, cost_line):
    assert valid_event(**fields).cost_line == cost_line


def test_kind_line_marks_an_event_that_is_over():
    today = timezone.localdate()
    assert valid_event(kind=EventKind.WEBINAR, first_day=today, last_day=today).kind_line == (
        "Webinaire"
    )
    yesterday = today - datetime.timedelta(days=1)
    over = valid_event(kind=EventKind.WEBINAR, first_day=yesterday, last_day=yesterday)
    assert over.kind_line == "Webinaire · Événement passé"


def test_when_gives_the_days_then_the_hours():
    span = Session(first_day=D(2023, 11, 21), last_day=D(2023, 11, 23))
    assert span.when == "Du 21 au 23 novembre 2023"
    span = Session(first_day=D(2023, 11, 14), start_time=T(9, 30), end_time=T(17, 30))
    assert span.when == "Mardi 14 novembre 2023, 9h30 à 17h30"


# The public QuerySet.


@pytest.mark.django_db
def test_upcoming_keeps_an_event_until_its_last_day():
    today = timezone.localdate()
    running = make_event(
        first_day=today - datetime.timedelta(days=2), last_day=today + datetime.timedelta(days=1)
    )
    ends_today = make_event(first_day=today - datetime.timedelta(days=1), last_day=today)
    over = make_event(
        first_day=today - datetime.timedelta(days=3), last_day=today - datetime.timedelta(days=1)
    )

    assert set(Event.objects.upcoming()) == {running, ends_today}
    assert list(Event.objects.past()) == [over]


@pytest.mark.django_db
def test_in_region_follows_the_department():
    mulhouse = make_event(department="68")
    make_event(department="05")
    make_event(is_online=True)
    grand_est = mulhouse.department.region

    assert list(Event.objects.published().upcoming().in_region(grand_est)) == [mulhouse]


@pytest.mark.django_db
def test_organisers_keep_their_order():
    first = make_organisation(name="Mouvement du Nid – Sarthe")
    second = make_organisation(name="Mouvement du Nid")
    event = make_event(organisers=[first, second])

    assert event.organisation_list == [first, second]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "where",
    [{"is_online": True}, {"abroad": "Belgique"}, {"department_id": "68", "city": "Mulhouse"}],
    ids=["online", "abroad", "department"],
)
def test_a_published_event_is_online_abroad_or_in_a_named_department(where):
    valid_event(status=Status.PUBLISHED, **where).full_clean()


@pytest.mark.django_db
def test_a_published_event_in_france_without_its_department_is_refused():
    event = valid_event(status=Status.PUBLISHED, city="Mulhouse")

    assert "Indiquez le département" in error_on(event, "department")
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


@pytest.mark.django_db
def test_a_draft_event_may_wait_for_its_department():
    valid_event(city="Mulhouse").full_clean()
