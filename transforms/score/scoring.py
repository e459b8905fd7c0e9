"""Score: junk, value, priority, tier and stage for every lead, then where each lead goes.

All of it is SQL (`sql/38_*.sql` to `sql/50_lead_dispositions.sql`); this module only runs the models
in order with the run's parameters.
"""
from __future__ import annotations

import duckdb

from transforms.core.store import materialise

MODELS = ("title_classes", "industry_classes", "lead_signals", "crm_features", "value_weights", "lead_junk",
          "lead_value", "lead_scores", "lead_contracts", "lead_suppression_hits", "lead_dispositions")


def score_leads(con: duckdb.DuckDBPyConnection, params: dict) -> dict[str, int]:
    """Materialise the scoring models; returns leads per tier."""
    for model in MODELS:
        materialise(con, model, params)
    return dict(con.execute("select tier, count(*) from lead_scores group by tier order by tier").fetchall())
