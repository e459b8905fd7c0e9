"""The facts of one run: built once when the run starts (`RunSettings.new_context`), filled in by the flow as
each stage reports, and read by the stages after it (the report, the store's run log)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunContext:
    run_id: str
    command: str  # run or nightly
    as_of: str  # ISO date recontact decisions are made against
    started_at: str
    store: str  # path of the lead store
    out_dir: str  # where the outputs are published
    engine: str  # where matching and normalisation run: duckdb or spark
    params: dict  # the SQL models' $parameters: run_id, as_of, recontact_days, reps, tier cut-offs
    sources: dict[str, dict] = field(default_factory=dict)  # per input file: what ingest found (encoding, mapping...)
    rejected: list[dict] = field(default_factory=list)  # files that could not be read, and why
    rows_in: int = 0
    suppression: dict = field(default_factory=dict)  # DNC lists and CRM history loaded, and when
    matcher: dict = field(default_factory=dict)  # what the matcher learnt from this list, what came from its prior
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    finished_at: str | None = None
