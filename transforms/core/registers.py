"""Do-not-call registers and how long one reading of a register stays good (`data/dnc_registers.csv`).

A DNC list handed in with `--dnc` may say, in `--sources`, which register it is a reading of and the day it
was consulted (`register: it_rpo`, `consulted: 2026-11-20`). Numbers may be called only while that reading is
fresh: Italy's RPO allows 15 days, the UK's TPS and CTPS 28. A list that names no register (or `internal`)
is the firm's own opt-out list and never goes stale.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache

from transforms.core.store import DATA_DIR

REGISTERS_CSV = DATA_DIR / "dnc_registers.csv"


@dataclass(frozen=True)
class Register:
    code: str
    country: str | None     # ISO code of the numbers it covers (None: the firm's own list)
    window_days: int | None  # how long a reading may be used (None: never stale)
    name: str


@cache
def registers() -> dict[str, Register]:
    with REGISTERS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["register"]: Register(row["register"], row["country"] or None,
                                          int(row["window_days"]) if row["window_days"] else None, row["name"])
                for row in csv.DictReader(handle)}


def known_register(code: str) -> str:
    """`code` as the registers table spells it; ValueError naming the known ones when it is none of them."""
    code = code.strip().lower()
    if code not in registers():
        raise ValueError(f"unknown register (known: {', '.join(registers())})")
    return code


def reading(file: str, code: str | None, consulted: dt.date | None, as_of: dt.date) -> dict:
    """What a DNC list is a reading of, and whether that reading is stale at `as_of` (older than the
    register's window: an RPO reading consulted on 1 November is good until 16 November)."""
    register = registers()[code or "internal"]
    age = (as_of - consulted).days if consulted else None
    stale = register.window_days is not None and (age is None or age > register.window_days)
    return {"file": file, "register": register.code, "register_country": register.country,
            "consulted": consulted.isoformat() if consulted else None, "window_days": register.window_days,
            "age_days": age, "stale": stale}


def stale_message(readings: list[dict], as_of: str) -> str | None:
    """One line naming every stale reading and what it held back, or None when none is stale."""
    stale = [r for r in readings if r["stale"]]
    if not stale:
        return None
    parts = [f"{r['file']} ({r['register']}, consulted {r['consulted'] or 'on an unknown day'}"
             + (f", {r['age_days']} days before {as_of}" if r["age_days"] is not None else "")
             + f"; good for {r['window_days']} days)" for r in stale]
    countries = ", ".join(sorted({r["register_country"] for r in stale}))
    return (f"stale do-not-call register: {'; '.join(parts)}. No lead with a number of {countries} is on the call "
            "list (they are in do_not_call.csv as dnc_stale); consult the register again and rerun with the new list")
