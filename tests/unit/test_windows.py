"""Calling windows (issue 21): each lead's time zone, and the next moment on or after --as-of at which its
country's rules allow a call: the rules' hours and days, never a public holiday, in every zone the lead may
be in (Indonesia spans WIB, WITA and WIT)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.core.store import load_reference_tables
from transforms.export import windows
from transforms.export.windows import country_zones, lead_zones, next_window

SATURDAY, SUNDAY = dt.date(2026, 12, 5), dt.date(2026, 12, 6)


@pytest.mark.parametrize("country, as_of, expected", [
    ("IT", SATURDAY, "2026-12-05T10:00:00+01:00"),              # Saturday: 10-19
    ("IT", SUNDAY, "2026-12-07T09:00:00+01:00"),                # never on a Sunday
    ("IT", dt.date(2026, 12, 8), "2026-12-09T09:00:00+01:00"),  # Immacolata Concezione
    ("IT", dt.date(2026, 12, 24), "2026-12-24T09:00:00+01:00"),
    ("IT", dt.date(2026, 12, 25), "2026-12-28T09:00:00+01:00"),  # Christmas, Santo Stefano, Sunday
    ("GB", dt.date(2026, 12, 25), "2026-12-29T08:00:00+00:00"),  # Christmas, Boxing Day moved to Monday 28th
    ("GB", dt.date(2026, 7, 1), "2026-07-01T08:00:00+01:00"),    # summer time
    ("BG", dt.date(2026, 3, 3), "2026-03-04T09:00:00+02:00"),    # Liberation Day
    ("ID", dt.date(2026, 12, 25), "2026-12-26T08:00:00+07:00"),  # Christmas is a holiday in Indonesia too
])
def test_the_next_window_follows_the_country_rules_and_holidays(country, as_of, expected):
    assert next_window(country, country_zones(country), as_of) == expected


def test_a_lead_gets_its_zone_from_a_fixed_line_when_its_place_names_none():
    assert lead_zones("ID", "Asia/Makassar", "+6281234567890") == ("Asia/Makassar",)
    assert lead_zones("ID", None, "+62361234567") == ("Asia/Makassar",)  # a Denpasar landline
    assert lead_zones("ID", None, "+62215551234") == ("Asia/Jakarta",)   # a Jakarta landline
    assert lead_zones("ID", None, "+6281234567890") == country_zones("ID")  # a mobile: could be anywhere
    assert lead_zones("IT", None, "+393471234567") == ("Europe/Rome",)
    assert lead_zones("US", None, "+14155551234") == ("America/Los_Angeles",)
    assert lead_zones(None, None, None) == ()


def test_a_phone_whose_kind_staging_read_is_not_parsed_again():
    assert lead_zones("ID", None, "+62361234567", phone_geographic=True) == ("Asia/Makassar",)
    assert lead_zones("ID", None, "+62361234567", phone_geographic=False) == country_zones("ID")
    assert lead_zones("US", None, "+14155551234", phone_geographic=True) == ("America/Los_Angeles",)
    assert lead_zones("US", None, "+19995551234", phone_geographic=True) == country_zones("US")  # no such area


def test_the_call_windows_table_reads_the_zone_from_the_city_or_region_first():
    con = duckdb.connect()
    load_reference_tables(con)
    con.execute("""
        create table leads as select * from (values
            ('L1', 'ID', 'Bali', 'Denpasar', '+6281234567890'), ('L2', 'ID', null, 'JAYAPURA', null),
            ('L3', 'ID', 'Kalimantan Barat', null, null), ('L4', 'ID', null, null, '+62361234567'),
            ('L5', 'ID', null, 'Bandung', '+6281234567891'), ('L6', 'ID', null, null, '+6281234567892'),
            ('L7', 'IT', 'Lombardia', 'Milano', '+393471234567'), ('L8', null, null, null, null),
            ('L9', 'ID', null, null, null)
        ) t(lead_id, country, region, city, phone)
    """)
    con.execute("create table lead_dispositions as select lead_id, 'call' as disposition from leads")
    # staging's kinds of the numbers it read this run (L6's number came from an earlier run: it is read again)
    con.execute("""
        create table norm_phones as select * from (values
            ('0361 234567', 'ID', '+62361234567', true, 'fixed_line', 'ID'),
            ('0812 3456 7891', 'ID', '+6281234567891', true, 'mobile', 'ID')
        ) t(raw, country, e164, is_valid, kind, region)
    """)
    assert windows.build_call_windows(con, "2026-12-07") == 9
    got = dict(con.execute("select lead_id, time_zone from lead_call_windows").fetchall())
    assert got == {"L1": "Asia/Makassar", "L2": "Asia/Jayapura", "L3": "Asia/Pontianak", "L4": "Asia/Makassar",
                   "L5": "Asia/Jakarta", "L6": "Asia/Jakarta", "L7": "Europe/Rome", "L8": None, "L9": "Asia/Jakarta"}
    starts = dict(con.execute("select lead_id, call_window_start from lead_call_windows").fetchall())
    assert starts["L2"] == "2026-12-07T08:00:00+09:00" and starts["L8"] is None
    assert starts["L6"] == starts["L9"] == "2026-12-07T08:00:00+07:00"  # office hours in all four zones


def test_a_lead_whose_zone_is_unknown_gets_a_window_allowed_in_every_zone():
    start = dt.datetime.fromisoformat(next_window("ID", country_zones("ID"), dt.date(2026, 12, 7)))
    for zone in country_zones("ID"):  # 08:00 WIB is 10:00 WIT: inside office hours everywhere
        local = start.astimezone(ZoneInfo(zone))
        assert local.weekday() < 5 and dt.time(8) <= local.time() <= dt.time(17), zone


@settings(max_examples=60, deadline=None)
@given(country=st.sampled_from(["IT", "BG", "GB", "ID", "US", "DE", "FR"]),
       as_of=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)))
def test_no_window_falls_outside_its_rules_in_any_zone(country, as_of):
    zones = country_zones(country)
    start = dt.datetime.fromisoformat(next_window(country, zones, as_of))
    rules = windows._rules()
    week = rules.get(country, rules["*"])
    off = holidays.country_holidays(country, years=range(as_of.year, as_of.year + 2))
    for zone in zones:
        local = start.astimezone(ZoneInfo(zone))
        assert local.date() >= as_of - dt.timedelta(days=1)  # the first zone's day may start the day before
        assert local.weekday() in week and local.date() not in off, (zone, local)
        first, last = week[local.weekday()]
        assert first <= local.time() <= last, (zone, local)
    assert dt.datetime.fromisoformat(next_window(country, zones, as_of)).date() >= as_of
