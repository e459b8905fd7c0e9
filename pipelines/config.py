"""One typed settings object for a run: the only place paths and thresholds are built."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_STORE_NAME = "leadsweep.duckdb"


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
    tier_a: float = 150.0   # priority_score cut-offs; see sql/43_lead_scores.sql
    tier_b: float = 50.0
    memory_limit: str = field(default_factory=lambda: os.environ.get("LEADSWEEP_MEMORY_LIMIT", "4GB"))
    matcher_model: Path | None = None  # Splink parameters from `leadsweep train-matcher`; shipped defaults if None
    command: str = "run"

    @property
    def store_path(self) -> Path:
        """`--db`, else a fresh store under the output folder."""
        return self.db if self.db is not None else self.out_dir / DEFAULT_STORE_NAME

    @property
    def is_persistent_store(self) -> bool:
        return self.db is not None

    def sql_params(self, run_id: str) -> dict:
        return {
            "run_id": run_id,
            "as_of": self.as_of.isoformat(),
            "recontact_days": self.recontact_days,
            "reps": list(self.reps),
            "tier_a": self.tier_a,
            "tier_b": self.tier_b,
        }


def read_reps_file(path: Path) -> tuple[str, ...]:
    """One rep per line (blank lines and # comments ignored); a CSV's first column is the name."""
    names = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        name = line.split(",")[0].strip()
        if name and not name.startswith("#") and name.lower() not in ("name", "rep", "reps"):
            names.append(name)
    return tuple(names)
