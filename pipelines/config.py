"""One typed settings object for a run: the only place paths and thresholds are built."""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from transforms.core.context import RunContext
from transforms.core.store import DEFAULT_MEMORY_LIMIT
from transforms.ingest.headers import REP_NAME_HEADERS, TERRITORY_HEADERS, fold_header

DEFAULT_STORE_NAME = "leadsweep.duckdb"


@dataclass(frozen=True)
class Rep:
    """A sales rep and the territory they take: countries (ISO codes) and regions or cities (lower case).
    A rep with neither takes any lead no other rep's territory covers."""
    name: str
    countries: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def parse_rep(text: str) -> Rep:
    """`Anna`, `Anna:IT`, `Анна:България`, `Marco:IT/SM`, `Giulia:Lombardia` -> Rep.

    The territory follows the last colon; its parts (split on / ; + |) are countries when they read as
    one ("Italia", "UK", "bg"), else region or city names.
    """
    from transforms.core.countries import normalise_country

    name, _, territory = text.rpartition(":") if ":" in text else (text, "", "")
    countries, places = [], []
    for part in (p.strip() for p in re.split(r"[/;+|]", territory)):
        code = normalise_country(part) if part else None
        if code:
            countries.append(code)
        elif part:
            places.append(part.lower())
    return Rep(name.strip(), tuple(dict.fromkeys(countries)), tuple(dict.fromkeys(places)))


def rep_params(reps: tuple[str, ...]) -> dict:
    """The reps as aligned SQL list parameters: names, countries per rep, places per rep."""
    parsed = [parse_rep(r) for r in reps]
    parsed = [r for r in parsed if r.name]
    return {"reps": [r.name for r in parsed], "rep_countries": [list(r.countries) for r in parsed],
            "rep_places": [list(r.places) for r in parsed]}


@dataclass(frozen=True)
class RunSettings:
    inputs: tuple[Path, ...]
    out_dir: Path
    dnc: tuple[Path, ...] = ()
    customers: Path | None = None
    sources: Path | None = None
    db: Path | None = None
    reps: tuple[str, ...] = ()
    as_of: dt.date = field(default_factory=dt.date.today)
    recontact_days: int = 90
    tier_a: float = 150.0   # priority_score cut-offs; see sql/45_lead_scores.sql
    tier_b: float = 50.0
    memory_limit: str = field(default_factory=lambda: os.environ.get("LEADSWEEP_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT))
    matcher_model: Path | None = None  # Splink parameters from `leadsweep train-matcher`; shipped defaults if None
    # where matching and normalisation run: duckdb (this machine) or spark (scale-out, transforms/core/spark_engine.py)
    engine: str = field(default_factory=lambda: os.environ.get("LEADSWEEP_ENGINE", "duckdb"))
    spark_master: str = field(default_factory=lambda: os.environ.get("LEADSWEEP_SPARK_MASTER", "local[*]"))
    command: str = "run"
    bom: bool = True  # call_list.csv, recontact.csv and do_not_call.csv start with a UTF-8 BOM (for Excel)
    exports: tuple[str, ...] = ()  # CRM import files to write beside the call list: hubspot, salesforce

    @property
    def store_path(self) -> Path:
        """`--db`, else the store under the output folder."""
        return self.db if self.db is not None else self.out_dir / DEFAULT_STORE_NAME

    @property
    def is_persistent_store(self) -> bool:
        """A `run` without `--db` starts a fresh store each time; `--db` and the nightly keep theirs."""
        return self.db is not None or self.command == "nightly"

    def new_context(self) -> RunContext:
        """The context of a run starting now, with a new run id."""
        now = dt.datetime.now()
        run_id = now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        return RunContext(run_id=run_id, command=self.command, as_of=self.as_of.isoformat(),
                          started_at=now.isoformat(timespec="seconds"), store=str(self.store_path),
                          out_dir=str(self.out_dir.resolve()),
                          engine=self.engine, params=self.sql_params(run_id))

    def sql_params(self, run_id: str) -> dict:
        return {
            "run_id": run_id,
            "as_of": self.as_of.isoformat(),
            "recontact_days": self.recontact_days,
            **rep_params(self.reps),
            "tier_a": self.tier_a,
            "tier_b": self.tier_b,
        }


def read_reps_file(path: Path) -> tuple[str, ...]:
    """Reps as `Name` or `Name:TERRITORY`, from a file of one rep per line or a CSV (, ; or tab) whose
    columns are the name and the territory; a header row in any of the lists' languages is recognised,
    blank lines and # comments are skipped."""
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return ()
    delimiter = next((d for d in (",", ";", "\t") if d in lines[0]), ",")
    rows = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]
    name_col, territory_col = 0, 1
    header = [fold_header(cell) for cell in rows[0]]
    if set(header) & (REP_NAME_HEADERS | TERRITORY_HEADERS):
        name_col = next((i for i, h in enumerate(header) if h in REP_NAME_HEADERS), 0)
        territory_col = next((i for i, h in enumerate(header) if h in TERRITORY_HEADERS), None)
        rows = rows[1:]
    reps = []
    for row in rows:
        name = row[name_col] if name_col < len(row) else ""
        territory = row[territory_col] if territory_col is not None and territory_col < len(row) else ""
        if name:
            reps.append(f"{name}:{territory}" if territory else name)
    return tuple(reps)
