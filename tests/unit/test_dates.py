"""Dates as lead lists write them: dates of birth and contract ends in four languages and many formats."""
from __future__ import annotations

import datetime as dt

import pytest

from transforms.core.dates import parse_date

D = dt.date
SAME = [  # text, the date (one reading: no day/month ambiguity)
    ("19560409", D(1956, 4, 9)),              # FEBRL
    ("09041956", D(1956, 4, 9)),              # ddmmyyyy when yyyymmdd is impossible
    ("1956-04-09", D(1956, 4, 9)),
    ("1956-4-9", D(1956, 4, 9)),
    ("1956/04/09", D(1956, 4, 9)),
    ("1956-04-09 00:00:00", D(1956, 4, 9)),   # a database export's timestamp
    ("1956-04-09T00:00:00Z", D(1956, 4, 9)),
    (" 2027-12-31 ", D(2027, 12, 31)),
    ("9 aprile 1956", D(1956, 4, 9)),
    ("1° marzo 2027", D(2027, 3, 1)),
    ("31 dicembre 2027", D(2027, 12, 31)),
    ("9 април 1956 г.", D(1956, 4, 9)),
    ("9 Agustus 1956", D(1956, 8, 9)),
    ("Senin, 9 Agustus 1956", D(1956, 8, 9)),
    ("17 Mei 2027", D(2027, 5, 17)),
    ("April 9th, 1956", D(1956, 4, 9)),
    ("Dec 31, 2027", D(2027, 12, 31)),
    ("31-Dec-2027", D(2027, 12, 31)),
    ("1956 April 9", D(1956, 4, 9)),
]


@pytest.mark.parametrize("text, date", SAME)
def test_unambiguous_dates_read_the_same_either_way(text, date):
    assert parse_date(text) == (date, date, False)


DMY = [  # text, read day first, read month first, two-digit year
    ("09/04/1956", D(1956, 4, 9), D(1956, 9, 4), False),
    ("9/4/1956", D(1956, 4, 9), D(1956, 9, 4), False),
    ("09.04.1956", D(1956, 4, 9), D(1956, 9, 4), False),
    ("09.04.1956 г.", D(1956, 4, 9), D(1956, 9, 4), False),
    ("09-04-1956", D(1956, 4, 9), D(1956, 9, 4), False),
    ("31/12/1980", D(1980, 12, 31), None, False),
    ("12/31/1980", None, D(1980, 12, 31), False),  # a US list
    ("31.12.27", D(2027, 12, 31), None, True),      # 20yy; the century of a birth is decided in SQL
    ("31/12/2027 23:59", D(2027, 12, 31), None, False),
]


@pytest.mark.parametrize("text, day_first, month_first, short_year", DMY)
def test_day_month_dates_are_read_both_ways(text, day_first, month_first, short_year):
    assert parse_date(text) == (day_first, month_first, short_year)


@pytest.mark.parametrize("text", [None, "", "abc", "00000000", "12345678", "31/02/1980", "1956-13-01", "2027",
                                  "3/2027", "32/13/1980", "n/a", "9 may 2027 10", "0000-00-00"])
def test_impossible_or_partial_dates_are_none(text):
    assert parse_date(text) == (None, None, False)
