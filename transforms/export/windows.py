"""Calling windows: each lead to call gets its local time zone and the next moment, on or after `--as-of`,
at which its country's calling rules allow the call (hours by day of the week, never on a public holiday).

The zone comes from the lead's region or city (`data/place_zones.csv`: Indonesia spans three zones), then
from a fixed-line phone (libphonenumber knows the zone of an area code), else the country's own zone
(tzdata's zone.tab). Where a country has several zones and neither says which (an Indonesian mobile with
no city), the window is one that the rules allow in every zone of the country, written in the first one.
The rules are `data/calling_rules.csv` (a country's days and hours; `*` for any other country), house
defaults that a user may tighten; the holidays are the `holidays` package's national ones.
"""
from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import duckdb
import holidays
import phonenumbers  # the reference library: the Rust backend has no zones of area codes
import pyarrow as pa
from phonenumbers import timezone as phone_zones

from transforms.core.store import DATA_DIR

# numbers whose prefix says where they are (in the US and Canada a mobile's area code is geographic too)
GEOGRAPHIC = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SEARCH_DAYS = 40  # the windows looked through for the next one (Christmas to Epiphany has a weekday)
PLACE_SCHEMA = pa.schema([("country", pa.string()), ("place_zone", pa.string()), ("phone", pa.string()),
                          ("time_zone", pa.string()), ("call_window_start", pa.string())])
COUNTRY_SCHEMA = pa.schema([("country", pa.string()), ("time_zone", pa.string()), ("call_window_start", pa.string())])
# the leads to call, with the zone their city or region names (data/place_zones.csv, in the store as a
# reference table) and whether their phone is a fixed line (its kind as staging read it, where this run's
# lookup has the number; NULL where it has not, and the number is read again)
CALLABLE_SQL = """
    select l.lead_id, l.country, coalesce(c.zone, r.zone) as place_zone, l.phone,
           k.kind = 'fixed_line' as phone_geographic
    from leads l
    join lead_dispositions d using (lead_id)
    left join ref_place_zones c on c.country = l.country and c.place = strip_accents(lower(trim(l.city)))
    left join ref_place_zones r on r.country = l.country and r.place = strip_accents(lower(trim(l.region)))
    left join (select e164, any_value(kind) as kind from norm_phones where e164 is not null group by e164) k
           on k.e164 = l.phone
    where d.disposition = 'call'
"""


@cache
def _zone_table() -> dict[str, tuple[str, ...]]:
    """Country -> its IANA zones, the most populous first (tzdata's zone.tab, read once)."""
    zones: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _, zone = line.split("\t")[:3]
            zones.setdefault(country, []).append(zone)
    return {country: tuple(names) for country, names in zones.items()}


def country_zones(country: str) -> tuple[str, ...]:
    """The IANA zones of a country, its most populous first."""
    return _zone_table().get(country, ())


@cache
def _rules() -> dict[str, dict[int, tuple[dt.time, dt.time]]]:
    """Country -> weekday (0 = Monday) -> (first, last) moment a call may start."""
    rules: dict[str, dict[int, tuple[dt.time, dt.time]]] = {}
    with open(DATA_DIR / "calling_rules.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            first, _, last = row["days"].partition("-")
            days = range(DAYS.index(first), DAYS.index(last or first) + 1)
            hours = (dt.time.fromisoformat(row["start"]), dt.time.fromisoformat(row["end"]))
            rules.setdefault(row["country"], {}).update(dict.fromkeys(days, hours))
    return rules


def _is_geographic(e164: str) -> bool:
    try:
        return phonenumbers.number_type(phonenumbers.parse(e164, None)) in GEOGRAPHIC
    except phonenumbers.NumberParseException:
        return False


def _phone_zone(e164: str | None, zones: tuple[str, ...], geographic: bool | None = None) -> str | None:
    """The zone of a fixed line's area code, when it is one of the country's zones (a mobile has none).
    `geographic` says whether the number is a fixed line, when staging has said so; else it is read here.
    The zone is libphonenumber's for the longest prefix of the E.164 digits it knows, as its
    `time_zones_for_geographical_number` finds it, without parsing the number again."""
    if not e164 or not e164.startswith("+"):
        return None
    if not (_is_geographic(e164) if geographic is None else geographic):
        return None
    digits = e164[1:]
    prefix = next((digits[:n] for n in range(phone_zones.TIMEZONE_LONGEST_PREFIX, 0, -1)
                   if digits[:n] in phone_zones.TIMEZONE_DATA), None)
    found = [z for z in phone_zones.TIMEZONE_DATA.get(prefix, ()) if z in zones]
    return found[0] if len(found) == 1 else None


def lead_zones(country: str | None, place_zone: str | None, phone: str | None,
               phone_geographic: bool | None = None) -> tuple[str, ...]:
    """The zones the lead may be in: one when its place (`place_zone`), its phone or its country says which.
    `phone_geographic`: whether the phone is a fixed line, where staging has said so."""
    zones = country_zones(country) if country else ()
    if place_zone in zones:
        return (place_zone,)
    if len(zones) <= 1:
        return zones
    by_phone = _phone_zone(phone, zones, phone_geographic)
    return (by_phone,) if by_phone else zones


def _allowed(country: str, zone: str, start: dt.date, days: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """The UTC intervals in which a call may start in `zone`, on local days from `start` on."""
    rules = _rules()
    week = rules.get(country, rules["*"])
    try:
        off = holidays.country_holidays(country, years=range(start.year, start.year + 2))
    except NotImplementedError:  # a country the holidays package does not know (or "*")
        off = {}
    tz, utc = ZoneInfo(zone), dt.UTC
    intervals = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        if day.weekday() in week and day not in off:
            first, last = week[day.weekday()]
            intervals.append((dt.datetime.combine(day, first, tz).astimezone(utc),
                              dt.datetime.combine(day, last, tz).astimezone(utc)))
    return intervals


@cache
def next_window(country: str | None, zones: tuple[str, ...], as_of: dt.date) -> str | None:
    """The first moment on or after `as_of` at which a call is allowed in every one of `zones`, as ISO 8601
    in the first zone; None when no zone is known."""
    if not zones:
        return None
    country = country or "*"
    common = _allowed(country, zones[0], as_of, SEARCH_DAYS)
    for zone in zones[1:]:
        other = _allowed(country, zone, as_of, SEARCH_DAYS)
        common = [(max(a, c), min(b, d)) for a, b in common for c, d in other if max(a, c) < min(b, d)]
    if not common:
        return None
    return min(start for start, _ in common).astimezone(ZoneInfo(zones[0])).isoformat()


def _window(country: str | None, zones: tuple[str, ...], day: dt.date) -> dict:
    return {"time_zone": zones[0] if zones else None, "call_window_start": next_window(country, zones, day)}


def build_call_windows(con: duckdb.DuckDBPyConnection, as_of: str) -> int:
    """Table `lead_call_windows(lead_id, time_zone, call_window_start)` for every lead to call. The zone and
    window are worked out once per country; where a country has more than one zone, once per zone its places
    name, and per distinct phone only for the leads whose place names none."""
    day = dt.date.fromisoformat(as_of)
    con.execute(f"create or replace temp table callable_places as {CALLABLE_SQL}")
    countries = [c for (c,) in con.execute("select distinct country from callable_places").fetchall()]
    several = [c for c in countries if c and len(country_zones(c)) > 1]
    # a lead whose place names its zone needs no look at its phone
    places = con.execute("select distinct country, place_zone, case when place_zone is null then phone end, "
                         "case when place_zone is null then phone_geographic end "
                         "from callable_places where list_contains($several, country)", {"several": several}).fetchall()
    by_place = [{"country": country, "place_zone": place_zone, "phone": phone,
                 **_window(country, lead_zones(country, place_zone, phone, geographic), day)}
                for country, place_zone, phone, geographic in places]
    by_country = [{"country": c, **_window(c, lead_zones(c, None, None), day)} for c in countries if c not in several]
    con.register("place_windows", pa.Table.from_pylist(by_place, schema=PLACE_SCHEMA))
    con.register("country_windows", pa.Table.from_pylist(by_country, schema=COUNTRY_SCHEMA))
    con.execute("""
        create or replace table lead_call_windows as
        select c.lead_id, coalesce(p.time_zone, k.time_zone) as time_zone,
               coalesce(p.call_window_start, k.call_window_start) as call_window_start
        from callable_places c
        left join country_windows k using (country)
        left join place_windows p  -- an equi-join (an OR in its condition made it a nested loop: 15 s at 70k leads)
          on p.country = c.country and p.place_zone is not distinct from c.place_zone
         and p.phone is not distinct from (case when c.place_zone is null then c.phone end)
    """)
    for name in ("place_windows", "country_windows"):
        con.unregister(name)
    con.execute("drop table callable_places")
    return con.execute("select count(*) from lead_call_windows").fetchone()[0]
