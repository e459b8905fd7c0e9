# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Explore a leadsweep run: scores and source quality
#
# Opens a run's output folder and its lead store **read-only** (the notebook never changes a run) and
# shows how the leads' scores spread and which lists were worth buying. It shows counts, scores and
# lead ids, never names, phones or e-mails, so it can be shared with its outputs.
#
# Point it at a run with `LEADSWEEP_RUN_DIR=out/nightly jupyter lab`, or edit the parameters cell
# (papermill: `-p run_dir out/nightly`). The default is `out/demo`, which `make demo` writes.

# %% tags=["parameters"]
import os

run_dir = os.environ.get("LEADSWEEP_RUN_DIR", "out/demo")  # relative paths are from the repository root
store = os.environ.get("LEADSWEEP_STORE", "")  # default: RUN_DIR/leadsweep.duckdb, else the store the run names

# %%
import json
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd
from IPython.display import SVG, display

from transforms.report.html import source_rows, svg_histogram, svg_source_rows

alt.renderers.enable("svg")  # charts drawn to SVG in the kernel (vl-convert): they show offline, in any viewer


def repo_root() -> Path:
    """The folder holding pyproject.toml, so the notebook runs from notebooks/ or from the root alike."""
    here = Path.cwd().resolve()
    return next((p for p in (here, *here.parents) if (p / "pyproject.toml").exists()), here)


run = Path(run_dir) if Path(run_dir).is_absolute() else repo_root() / run_dir
summary = json.loads((run / "run_summary.json").read_text(encoding="utf-8"))
store_path = Path(store) if store else run / "leadsweep.duckdb"
if not store_path.exists():
    store_path = Path(summary["store"])
con = duckdb.connect(str(store_path), read_only=True)
print(f"run {summary['run_id']} ({summary['command']}, as of {summary['as_of']}); store {store_path.name}")
pd.Series(summary["counts"], name="count").to_frame()

# %% [markdown]
# ## Runs this store has seen
# A `nightly` store keeps every night; a plain `run` store holds one run.

# %%
con.sql("select run_id, command, as_of, started_at, finished_at from runs order by started_at").df()

# %% [markdown]
# ## Score distributions
# Per tier: how many leads and how their scores spread. Tiers cut `priority_score` (value discounted by
# junk); a junk score of 0.6 or more is tier D whatever the value.

# %%
scores = con.sql("select lead_id, tier, priority_score, value_score, junk_score from lead_scores").df()
scores.groupby("tier")[["priority_score", "value_score", "junk_score"]].describe().round(2).T

# %% [markdown]
# The same histograms as `report.html` (bins on a 1-2-5 scale for the long-tailed scores, tenths for junk),
# each bar stacked by tier.

# %%
for name, bins in summary["score_histograms"].items():
    print(name)
    display(SVG(svg_histogram(bins, name)))

# %% [markdown]
# Value against junk, one dot per lead (a sample of at most 5,000). Top left is where the good leads are.

# %%
alt.Chart(scores.sample(min(len(scores), 5000), random_state=7)).mark_circle(size=30, opacity=0.6).encode(
    x=alt.X("junk_score:Q", title="junk score"),
    y=alt.Y("value_score:Q", title="value score", scale=alt.Scale(type="symlog")),
    color=alt.Color("tier:N", scale=alt.Scale(domain=list("ABCD"),
                                              range=["#2b8a3e", "#3e7bfa", "#f08c00", "#c92a2a"])),
    tooltip=["lead_id", "tier", "priority_score", "value_score", "junk_score"],
).properties(width=520, height=320)

# %% [markdown]
# What drives the tiers: the most common reason codes per tier (`leadsweep explain LEAD_ID --db STORE`
# spells them out for one lead).

# %%
con.sql("""
    select tier, reason, count(*) as leads
    from lead_scores, unnest(string_split(reasons, ';')) as t(reason)
    group by tier, reason
    qualify row_number() over (partition by tier order by count(*) desc, reason) <= 5
    order by tier, leads desc
""").df()

# %% [markdown]
# ## Source quality: which lists are worth buying
# Where each list's rows went in this run, then the buying table (spend and cost per usable lead appear
# where `--sources` gives a cost per lead).

# %%
display(SVG(svg_source_rows(summary["sources"])))
buying = pd.DataFrame(source_rows(summary["sources"]))
buying[["name", "kind", "rows", "duplicates_within", "quarantined", "leads", "known", "junk", "delivered",
        "spend", "cost_per_usable_lead"]].sort_values("delivered", ascending=False)

# %% [markdown]
# Over every run in the store, per source: leads seen, the share that was junk (tier D), and how many
# were delivered (to call now or later) or were already known from an earlier run.

# %%
con.sql("""
    select source, count(distinct lead_id) as leads,
           round(avg((tier = 'D')::int), 3) as junk_share,
           count(distinct lead_id) filter (where disposition in ('call', 'recontact')) as delivered,
           count(distinct lead_id) filter (where disposition = 'known') as known,
           count(distinct run_id) as runs
    from lead_snapshots, unnest(string_split(sources, ';')) as t(source)
    group by source order by delivered desc
""").df()

# %%
con.close()
