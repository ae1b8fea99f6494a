import datetime

import pytest

from pare.dates import date_range, long_date, quarter_label, time_range

D = datetime.date
T = datetime.time


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2023, 11, 14), None, "mardi 14 novembre 2023"),
        (D(2023, 11, 14), D(2023, 11, 14), "mardi 14 novembre 2023"),
        (D(2023, 12, 1), None, "vendredi 1er décembre 2023"),
        (D(2023, 11, 22), D(2023, 11, 23), "22 et 23 novembre 2023"),
        (D(2023, 11, 21), D(2023, 11, 23), "du 21 au 23 novembre 2023"),
        (D(2023, 11, 30), D(2023, 12, 1), "30 novembre et 1er décembre 2023"),
        (D(2023, 11, 29), D(2023, 12, 2), "du 29 novembre au 2 décembre 2023"),
        (D(2023, 12, 30), D(2024, 1, 2), "du 30 décembre 2023 au 2 janvier 2024"),
    ],
)
def test_date_range_reads_like_the_newsletter(first, last, expected):
    assert date_range(first, last) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (T(14, 30), T(16, 30), "14h30 à 16h30"),
        (T(20, 0), None, "20h"),
        (T(9, 30), T(17, 30), "9h30 à 17h30"),
        (None, None, ""),
    ],
)
def test_time_range_reads_like_the_newsletter(start, end, expected):
    assert time_range(start, end) == expected


def test_long_date_and_quarter():
    assert long_date(D(2023, 10, 24)) == "mardi 24 octobre 2023"
    assert quarter_label(3, 2023) == "3e trimestre 2023"
    assert quarter_label(1, 2024) == "1er trimestre 2024"
