"""Dates as lead lists write them (dates of birth, contract ends), read once per distinct value.

ISO (1956-04-09, with or without a time), FEBRL's 19560409, 09/04/1956, 09.04.1956 г., 09-04-56,
month names in English, Italian, Bulgarian and Indonesian ("9 aprile 1956", "April 9, 1956",
"9 април 1956 г.", "9 Agustus 1956"). A d/m/y date is read both ways: which of the two a file means
(31/12 or 12/31) is decided per file in SQL (`stage/sql/10_stg_leads.sql`). An impossible date is None.
"""
from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"],
    "bg": ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври",
           "ноември", "декември"],
    "id": ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember"],
}
MONTHS: dict[str, int] = {}
for _names in _MONTH_NAMES.values():
    for _number, _name in enumerate(_names, start=1):
        MONTHS[_name] = _number
        MONTHS.setdefault(_name[:3], _number)  # jan, gen, мар, agu ...: no two languages disagree
MONTHS.update({"sept": 9, "agt": 8, "ags": 8})

_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|utc|[+-]\d{2}:?\d{2})?)$", re.I)
_YEAR_WORD = re.compile(r"\s*(?:г\.?|год\.?|година)$", re.I)  # Bulgarian "09.04.1956 г."
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{4}|\d{2})$")
_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.U)

Parsed = tuple[dt.date | None, dt.date | None, bool]  # (read day first, read month first, two-digit year)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) if 1800 <= year <= 2200 else None
    except ValueError:
        return None


def _year(text: str) -> tuple[int, bool]:
    """A year as written; a two-digit one is taken as 20yy (the caller decides the century of a birth)."""
    return (2000 + int(text), True) if len(text) == 2 else (int(text), False)


def parse_date(text: str | None) -> Parsed:
    """(the date read day first, read month first, whether the year had two digits); both readings
    are the same date unless the text is a d/m/y (or m/d/y) date; None where the text is no date."""
    if text is None:
        return None, None, False
    value = _YEAR_WORD.sub("", _TIME.sub("", str(text).strip())).strip().rstrip(".").strip()
    if re.fullmatch(r"\d{8}", value):  # 19560409 (FEBRL), else 09041956
        day = _date(int(value[:4]), int(value[4:6]), int(value[6:])) or \
            _date(int(value[4:]), int(value[2:4]), int(value[:2]))
        return day, day, False
    if iso := _ISO.match(value):
        day = _date(*(int(g) for g in iso.groups()))
        return day, day, False
    if dmy := _DMY.match(value):
        first, second = int(dmy.group(1)), int(dmy.group(2))
        year, short = _year(dmy.group(3))
        return _date(year, second, first), _date(year, first, second), short
    return _named_month(value)


def _named_month(value: str) -> Parsed:
    """'9 aprile 1956', 'April 9th, 1956', '09-Apr-56', '9 април 1956': one month name, a day and a year."""
    tokens = _TOKEN.findall(value.lower())  # "9th" is 9 and th; words other than the month are ignored
    months = [MONTHS[t] for t in tokens if t in MONTHS]
    numbers = [t for t in tokens if t.isdigit()]
    if len(months) != 1 or len(numbers) != 2:
        return None, None, False
    day, year = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else numbers  # 1956 April 9, else 9 April 1956
    if len(day) > 2 or len(year) not in (2, 4):
        return None, None, False
    year, short = _year(year)
    found = _date(int(year), months[0], int(day))
    return found, found, short
