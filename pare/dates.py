"""Dates and times as the newsletter writes them: « mardi 14 novembre 2023 », « 14h30 »."""

import datetime

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _


def day_number(day: datetime.date) -> str:
    return _("1er") if day.day == 1 else str(day.day)


def day_month(day: datetime.date) -> str:
    return f"{day_number(day)} {MONTHS[day.month]}"


def long_date(day: datetime.date) -> str:
    """« mardi 14 novembre 2023 », « vendredi 1er décembre 2023 »."""
    return f"{WEEKDAYS[day.weekday()]} {day_month(day)} {day.year}"


def date_range(first: datetime.date, last: datetime.date | None) -> str:
    """« mardi 14 novembre 2023 », « 22 et 23 novembre 2023 », « du 21 au 23 novembre 2023 »."""
    if last is None or last == first:
        return long_date(first)
    same_year = first.year == last.year
    if first.month == last.month and same_year:
        start = day_number(first)
    elif same_year:
        start = day_month(first)
    else:
        start = f"{day_month(first)} {first.year}"
    end = f"{day_month(last)} {last.year}"
    if (last - first).days == 1:
        return _("%(start)s et %(end)s") % {"start": start, "end": end}
    return _("du %(start)s au %(end)s") % {"start": start, "end": end}


def short_time(value: datetime.time) -> str:
    """« 14h30 », « 20h »."""
    return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"


def time_range(start: datetime.time | None, end: datetime.time | None) -> str:
    """« 14h30 à 16h30 », « 20h », or nothing."""
    if start is None:
        return ""
    if end is None or end == start:
        return short_time(start)
    return _("%(start)s à %(end)s") % {"start": short_time(start), "end": short_time(end)}


def moment(value: datetime.datetime) -> str:
    """« mardi 14 novembre 2023 à 9h », in local time."""
    local = timezone.localtime(value)
    return _("%(day)s à %(time)s") % {"day": long_date(local), "time": short_time(local.time())}


def quarter_label(quarter: int, year: int) -> str:
    """« 3e trimestre 2023 »."""
    ordinal = _("1er") if quarter == 1 else _("%(n)se") % {"n": quarter}
    return _("%(ordinal)s trimestre %(year)s") % {"ordinal": ordinal, "year": year}
