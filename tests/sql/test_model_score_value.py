"""crm_features, value_weights, value_model and lead_value (issue 20): the won/lost CRM history described like
the leads, a regularised logistic model of P(won) learned from it in SQL and judged on deals it did not see,
and a lead's value as signed contributions that add up to it; the cold-start prior where history is thin."""
import random

import duckdb
import numpy as np
import pytest
from scipy.optimize import minimize

from transforms.core.store import load_reference_tables, materialise
from transforms.score import scoring

FEATURES = ("seniority", "size_band", "industry_key", "country")


def crm_features(rows: list[tuple]) -> list[tuple]:
    """The deals crm_features describes, of CRM rows (outcome, job_title, employees, industry, country), one
    tuple (outcome, seniority, size_band, industry_key, country) per deal, sorted."""
    con = duckdb.connect()
    load_reference_tables(con)
    con.execute("create table leads (job_title varchar, industry varchar)")
    con.execute("create table crm_history (outcome varchar, job_title varchar, employees varchar, industry varchar, "
                "country varchar)")
    con.executemany("insert into crm_history values (?, ?, ?, ?, ?)", rows)
    for model in ("title_classes", "industry_classes", "crm_features"):
        materialise(con, model)
    patterns = con.execute(
        "pivot (select pattern, won_n, lost_n, feature, value from crm_features where feature <> 'intercept') "
        "on feature in ('seniority', 'size_band', 'industry_key', 'country') using any_value(value)").fetchall()
    return sorted(deal for _, won, lost, *values in patterns
                  for deal in [("won", *values)] * won + [("lost", *values)] * lost)


def test_only_won_and_lost_history_is_kept():
    rows = [("won", "Titolare", "12", "Edilizia", "IT"), ("customer", "Titolare", "12", "Edilizia", "IT"),
            ("", None, None, None, "IT"), ("lost", None, None, None, "GB")]
    assert [r[0] for r in crm_features(rows)] == ["lost", "won"]


def test_history_is_described_like_the_leads():
    assert crm_features([
        ("won", "Amministratore Delegato", "50-249", "Manifattura", "IT"),
        ("won", "Управител", "1.200", "Производство", "BG"),
        ("lost", "Staf Administrasi", "5", " Toko Kue ", "ID"),
        ("lost", "Volontario", None, None, None),
    ]) == [("lost", "staff", "1-9", "toko kue", "ID"),
           ("lost", "unknown", "unknown", "unknown", "unknown"),  # what a deal does not say is a value too
           ("won", "executive", "100-249", "manufacturing", "IT"),
           ("won", "executive", "1000-4999", "manufacturing", "BG")]  # one key for both languages


def fitted(deals: list[tuple], min_deals: int = 20) -> duckdb.DuckDBPyConnection:
    """A store with crm_features of `deals` (outcome, seniority, size_band, industry_key, country), its
    value_weights fitted and its value_model."""
    con = duckdb.connect()
    con.execute("create table crm_features (pattern bigint, fold bigint, won_n bigint, lost_n bigint, "
                "feature varchar, value varchar)")
    con.executemany("insert into crm_features values (?, ?, ?, ?, ?, ?)",  # each deal a pattern of its own
                    [(i + 1, (i + 1) % 5, int(d[0] == "won"), int(d[0] == "lost"), feature, value)
                     for i, d in enumerate(deals)
                     for feature, value in zip(("intercept", *FEATURES), ("", *d[1:]), strict=True)])
    materialise(con, "value_weights")
    scoring.fit_value_weights(con)
    materialise(con, "value_model", {"min_deals": min_deals})
    return con


def weights(con: duckdb.DuckDBPyConnection, fit: int = -1) -> dict[tuple[str, str], float]:
    return {(f, v): w for f, v, w in con.execute(
        "select feature, value, weight from value_weights where fit = $fit", {"fit": fit}).fetchall()}


def history(n: int, seed: int = 7) -> list[tuple]:
    """Deals whose chance of being won follows a known rule: directors and firms of 20-99 win, the
    5000+ firms and juniors lose, software wins; the country tells nothing."""
    rng, deals = random.Random(seed), []
    effect = {"director": 1.5, "staff": 0.0, "junior": -1.5, "1-9": -0.5, "20-49": 1.0, "50-99": 1.0,
              "5000+": -1.5, "software_it": 1.0, "retail": -0.5, "energy": 0.0}
    for _ in range(n):
        deal = (rng.choice(["director", "staff", "junior"]), rng.choice(["1-9", "20-49", "50-99", "5000+"]),
                rng.choice(["software_it", "retail", "energy"]), rng.choice(["IT", "BG", "ID", "GB"]))
        won = rng.random() < 1 / (1 + np.exp(-(sum(effect.get(v, 0) for v in deal) - 0.3)))
        deals.append(("won" if won else "lost", *deal))
    return deals


def test_the_sql_fit_is_the_regularised_logistic_regression():
    deals = history(600)
    got = weights(fitted(deals))
    # the same model by a general-purpose optimiser: one-hot features, an intercept, L2 on all but the intercept
    columns = sorted(k for k in got if k[0] != "intercept")
    x = np.array([[1.0] + [float(dict(zip(FEATURES, d[1:], strict=True))[f] == v) for f, v in columns]
                  for d in deals])
    y = np.array([d[0] == "won" for d in deals], float)

    def loss(w):
        z = x @ w
        return np.sum(np.logaddexp(0, z) - y * z) + scoring.PENALTY / 2 * np.sum(w[1:] ** 2)

    best = minimize(loss, np.zeros(x.shape[1]), method="BFGS", options={"gtol": 1e-8}).x
    assert got["intercept", ""] == pytest.approx(best[0], abs=2e-3)
    assert [got[c] for c in columns] == pytest.approx(list(best[1:]), abs=2e-3)


def test_a_size_band_can_beat_bigger_firms_and_the_history_sets_the_order():
    got = weights(fitted(history(1500)))
    assert got["size_band", "20-49"] > got["size_band", "1-9"] and got["size_band", "50-99"] > got["size_band", "5000+"]
    assert got["seniority", "director"] > got["seniority", "staff"] > got["seniority", "junior"]
    assert got["industry_key", "software_it"] > got["industry_key", "energy"] > got["industry_key", "retail"]
    assert max(abs(got["country", c]) for c in ("IT", "BG", "ID", "GB")) < 0.25  # it tells nothing


def test_the_model_is_judged_on_deals_it_did_not_learn_from():
    model = fitted(history(1500)).execute("select * from value_model").fetchone()
    won, lost, learned, auc, log_loss = model
    assert learned and won + lost == 1500
    assert 0.7 < auc < 0.9 and log_loss < np.log(2)  # the rule is noisy; far better than a coin, not perfect
    shuffled = [("won" if random.Random(i).random() < 0.5 else "lost", *d[1:]) for i, d in enumerate(history(1500))]
    _, _, _, auc, log_loss = fitted(shuffled).execute("select * from value_model").fetchone()
    assert 0.4 < auc < 0.6  # outcomes that follow nothing: nothing to learn, and the held-out deals say so


def test_thin_history_is_not_learned_from():
    con = fitted(history(60), min_deals=40)
    learned, won, lost = con.execute("select learned, won_deals, lost_deals from value_model").fetchone()
    assert learned is False and min(won, lost) < 40


SIGNALS = {"lead_id": "L1", "seniority": "director", "employees_n": 30, "budget_n": None, "timeline_soon": False,
           "has_timeline": False, "filled_fields": 5, "size_band": "20-49", "industry_key": "software_it",
           "country": "IT"}
SIGNAL_TYPES = "lead_id varchar, seniority varchar, employees_n double, budget_n double, timeline_soon boolean, " \
               "has_timeline boolean, filled_fields integer, size_band varchar, industry_key varchar, country varchar"


def lead_value(*leads: dict, deals: list[tuple] = (), min_deals: int = 20) -> dict[str, dict]:
    """lead_value of leads given as changes to SIGNALS, the value model learned from `deals`."""
    con = fitted(list(deals), min_deals)
    con.execute(f"create table lead_signals ({SIGNAL_TYPES})")
    con.executemany(f"insert into lead_signals values ({', '.join('?' * len(SIGNALS))})",
                    [list({**SIGNALS, **lead}.values()) for lead in leads])
    materialise(con, "lead_value")
    cursor = con.execute("select * from lead_value")
    names = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


LEADS = [{"lead_id": "ideal"}, {"lead_id": "big", "size_band": "5000+", "employees_n": 9000},
         {"lead_id": "junior", "seniority": "junior"}, {"lead_id": "retail", "industry_key": "retail"},
         {"lead_id": "says_nothing", "seniority": "unknown", "size_band": None, "employees_n": None,
          "industry_key": None, "country": None},
         {"lead_id": "ready", "budget_n": 20000, "has_timeline": True, "timeline_soon": True}]


def test_learned_value_follows_the_deals_and_its_contributions_add_up():
    got = lead_value(*LEADS, deals=history(1500))
    points = {k: v["value_points"] for k, v in got.items()}
    assert points["ideal"] > points["big"] and points["ideal"] > points["junior"] > 0
    assert points["ideal"] > points["retail"]  # more than what a bigger firm would give, where the deals say so
    for lead in got.values():
        steps = lead["value_steps"]
        assert [s["code"].split("_")[0] for s in steps] == ["value", "seniority", "size", "industry", "country",
                                                           "bant", "fields"]
        assert sum(s["contribution"] for s in steps) == pytest.approx(lead["value_points"], abs=1e-6)
        assert all(f"{s['code']}:{s['contribution']:+.2f}" in lead["value_reasons"]
                   for s in steps if s["contribution"] or s["code"] == "value_base")
    neutral = got["says_nothing"]["value_steps"]
    assert [s["contribution"] for s in neutral[1:]] == [0, 0, 0, 0, 0, 0]  # a lead the deals say nothing of: typical
    assert points["ready"] == points["ideal"]  # with history, the deals decide; BANT answers stay in the stage


def test_cold_start_is_the_prior_and_says_so():
    got = lead_value(*LEADS, deals=history(30), min_deals=20)
    ideal = got["ideal"]
    # 10 x director (6) x (0.5 + log10 31) x the industry's and country's odds (within x0.5 .. x2) x 5 fields
    assert ideal["value_steps"][0] == {"code": "value_base", "contribution": 10.0}
    assert ideal["value_steps"][1] == {"code": "seniority_director", "contribution": 50.0}
    assert got["ready"]["value_points"] > ideal["value_points"]  # without history, BANT answers nudge it up
    for lead in got.values():
        assert sum(s["contribution"] for s in lead["value_steps"]) == pytest.approx(lead["value_points"], abs=1e-6)
