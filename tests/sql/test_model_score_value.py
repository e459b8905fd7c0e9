"""crm_features, value_weights and lead_value: the won/lost CRM history described like the leads, the log-odds it
teaches for each feature value, and the value points of a lead (seniority x size x learned odds x BANT)."""
import math

import duckdb
import pytest

from transforms.core.store import load_reference_tables, materialise


def crm_features(rows: list[tuple]) -> list[tuple]:
    """crm_features of CRM rows (outcome, job_title, employees, industry, country), in the rows' order."""
    con = duckdb.connect()
    load_reference_tables(con)
    con.execute("create table leads (job_title varchar, industry varchar)")
    con.execute("create table crm_history (outcome varchar, job_title varchar, employees varchar, industry varchar, "
                "country varchar)")
    con.executemany("insert into crm_history values (?, ?, ?, ?, ?)", rows)
    for model in ("title_classes", "industry_classes", "crm_features"):
        materialise(con, model)
    return con.execute("select * exclude (crm_row) from crm_features order by crm_row").fetchall()


def test_only_won_and_lost_history_is_kept():
    rows = [("won", "Titolare", "12", "Edilizia", "IT"), ("customer", "Titolare", "12", "Edilizia", "IT"),
            ("", None, None, None, "IT"), ("lost", None, None, None, "GB")]
    assert [r[0] for r in crm_features(rows)] == ["won", "lost"]


def test_history_is_described_like_the_leads():
    assert crm_features([
        ("won", "Amministratore Delegato", "50-249", "Manifattura", "IT"),
        ("won", "Управител", "1.200", "Производство", "BG"),
        ("lost", "Staf Administrasi", "5", " Toko Kue ", "ID"),
        ("lost", "Volontario", None, None, "IT"),
    ]) == [("won", "executive", "50-249", "manufacturing", "IT"),
           ("won", "executive", "250+", "manufacturing", "BG"),  # one key for both languages
           ("lost", "staff", "1-9", "toko kue", "ID"),
           ("lost", "unknown", None, None, "IT")]


def value_weights(rows: list[tuple]) -> dict[tuple[str, str], tuple]:
    """value_weights of crm_features rows (outcome, seniority, size_band, industry_key, country)."""
    con = duckdb.connect()
    con.execute("create table crm_features (outcome varchar, seniority varchar, size_band varchar, "
                "industry_key varchar, country varchar)")
    con.executemany("insert into crm_features values (?, ?, ?, ?, ?)", rows)
    materialise(con, "value_weights")
    return {(f, v): (won, lost, w) for f, v, won, lost, w in con.execute("select * from value_weights").fetchall()}


def test_the_industry_that_wins_weighs_more_than_the_one_that_loses():
    won, lost = ("won", "executive", None), ("lost", "executive", None)
    history = [(*won, "manufacturing", "IT")] * 3 + [(*lost, "manufacturing", "IT")]
    history += [(*lost, "retail", "BG")] * 3 + [(*won, "retail", "BG")]
    weights = value_weights(history)
    # add-one smoothing over the two industries: ln(4/6) - ln(2/6)
    assert weights["industry_key", "manufacturing"] == (3, 1, round(math.log(2), 4))
    assert weights["industry_key", "retail"] == (1, 3, -round(math.log(2), 4))
    assert weights["seniority", "executive"] == (4, 4, 0)  # every deal had an executive: it tells nothing
    assert ("size_band", None) not in weights  # an unknown size is no value


def test_without_lost_deals_nothing_is_learned():
    assert value_weights([("won", "executive", "250+", "manufacturing", "IT")] * 3) == {}


SIGNALS = {"lead_id": "L1", "seniority": "executive", "employees_n": None, "budget_n": None, "timeline_soon": False,
           "has_timeline": False, "filled_fields": 5, "industry_key": "manufacturing", "country": "IT"}
SIGNAL_TYPES = "lead_id varchar, seniority varchar, employees_n double, budget_n double, timeline_soon boolean, " \
               "has_timeline boolean, filled_fields integer, industry_key varchar, country varchar"


def lead_value(*leads: dict, weights: list[tuple] = ()) -> dict[str, dict]:
    """lead_value of leads given as changes to SIGNALS, with value_weights rows (feature, value, weight)."""
    con = duckdb.connect()
    con.execute(f"create table lead_signals ({SIGNAL_TYPES})")
    con.executemany(f"insert into lead_signals values ({', '.join('?' * len(SIGNALS))})",
                    [list({**SIGNALS, **lead}.values()) for lead in leads])
    con.execute("create table value_weights (feature varchar, value varchar, won_n bigint, lost_n bigint, "
                "weight double)")
    for feature, value, weight in weights:
        con.execute("insert into value_weights values (?, ?, 0, 0, ?)", [feature, value, weight])
    materialise(con, "lead_value")
    cursor = con.execute("select * from lead_value")
    names = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_the_owner_of_a_big_firm_is_worth_more_than_an_intern_or_a_small_firm():
    got = lead_value({"lead_id": "owner", "employees_n": 999},
                     {"lead_id": "intern", "seniority": "junior", "employees_n": 999},
                     {"lead_id": "small", "employees_n": 9}, {"lead_id": "no_size"})
    points = {k: v["value_points"] for k, v in got.items()}
    assert points["owner"] == pytest.approx(10 * 10 * 3.5 * 1.0)  # 10 x executive x (0.5 + log10 1000) x 5 fields
    assert points["intern"] == pytest.approx(points["owner"] * 0.03)
    assert points["small"] == pytest.approx(10 * 10 * 1.5)
    assert points["no_size"] == pytest.approx(10 * 10 * 2.0)  # an unknown size counts as a small-medium firm


def test_learned_odds_multiply_the_value_within_limits():
    got = lead_value({"lead_id": "won_industry"},
                     {"lead_id": "lost_country", "industry_key": "retail", "country": "BG"},
                     {"lead_id": "unseen", "industry_key": "energy", "country": "ID"},
                     {"lead_id": "capped", "country": "GB"},
                     weights=[("industry_key", "manufacturing", math.log(2)), ("country", "BG", -math.log(2)),
                              ("country", "GB", 3.0)])
    assert {k: v["f_learned"] for k, v in got.items()} == pytest.approx(
        {"won_industry": 2.0, "lost_country": 0.5, "unseen": 1.0, "capped": 4.0})
    assert got["won_industry"]["learned_reasons"] == ["industry_key_+0.7"]
    assert got["lost_country"]["learned_reasons"] == ["country_-0.7"]
    assert got["won_industry"]["value_points"] == pytest.approx(2 * got["unseen"]["value_points"])


def test_budget_and_a_near_timeline_nudge_the_value_up():
    got = lead_value({"lead_id": "ready", "budget_n": 20000, "has_timeline": True, "timeline_soon": True},
                     {"lead_id": "later", "has_timeline": True}, {"lead_id": "silent"})
    bant = {k: float(v["f_bant"]) for k, v in got.items()}
    assert bant == pytest.approx({"ready": 1.3, "later": 1.05, "silent": 1.0})
    assert [p["code"] for p in got["ready"]["value_parts"]] == [
        "value_base", "value_seniority=executive", "value_size=unknown", "value_learned_odds", "value_bant",
        "value_filled_fields=5"]
