"""Score: junk, value, priority, tier and stage for every lead, then where each lead goes.

All of it is SQL (`sql/38_*.sql` to `sql/50_lead_dispositions.sql`); this module only runs the models
in order with the run's parameters.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.core.store import materialise

MODELS = ("title_classes", "industry_classes", "lead_signals", "crm_features", "value_weights", "value_model",
          "lead_value", "lead_junk", "lead_scores", "lead_contracts", "lead_suppression_hits", "lead_dispositions")


MIN_DEALS = 20  # won and as many lost CRM deals before a lead's value is learned (sql/43_value_model.sql)
VALUE_FEATURES = ("intercept", "seniority", "size_band", "industry_key", "country")
PENALTY = 2.0   # L2 on the value model's weights: a weight of 1 costs as much as two deals' worth of evidence
SWEEPS = 30     # Newton steps per feature at most; it stops once no weight moves by 1e-4
STEP = Path(__file__).parent / "sql" / "steps" / "value_weights_step.sql"
CENTRE = Path(__file__).parent / "sql" / "steps" / "value_weights_centre.sql"


def fit_value_weights(con: duckdb.DuckDBPyConnection) -> int:
    """Fit the value model's logistic regression (`value_weights`, every fit at once) by cycling exact
    Newton steps over the features; returns the sweeps it took."""
    step, centre = STEP.read_text(encoding="utf-8"), CENTRE.read_text(encoding="utf-8")
    weights = "select weight from value_weights order by fit, feature, value"
    before = con.execute(weights).fetchnumpy()["weight"]
    for sweep in range(1, SWEEPS + 1):
        for feature in VALUE_FEATURES:
            con.execute(step, {"feature": feature, "penalty": 0.0 if feature == "intercept" else PENALTY})
        con.execute(centre)
        after = con.execute(weights).fetchnumpy()["weight"]
        if len(after) == 0 or abs(after - before).max() < 1e-4:
            return sweep
        before = after
    return SWEEPS


def score_leads(con: duckdb.DuckDBPyConnection, params: dict) -> dict[str, int]:
    """Materialise the scoring models; returns leads per tier."""
    params = {"min_deals": MIN_DEALS, **params}
    for model in MODELS:
        materialise(con, model, params)
        if model == "value_weights":
            fit_value_weights(con)
    return dict(con.execute("select tier, count(*) from lead_scores group by tier order by tier").fetchall())
