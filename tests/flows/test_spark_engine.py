"""Scale-out: `--engine spark` on local[2] gives the outputs, scored pairs and leads the DuckDB engine gives.

One Spark session serves the in-process tests (the JVM starts once); the CLI test starts its own in a
new process, as a user's run does. Skips without pyspark or Java unless LEADSWEEP_REQUIRE_SPARK is set
(.ci/run sets it, so in CI a missing Spark fails)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run
from transforms.core import spark_engine
from transforms.stage import staging

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
META = SAMPLE / "_meta"
CHECKER = ROOT.parent / "shared" / "tools" / "check_contract.py"
AS_OF = dt.date(2026, 11, 23)
OUTPUTS = ("lineage.csv", "call_list.csv", "recontact.csv", "do_not_call.csv", "quarantine.csv", "review_pairs.csv")
MISSING = spark_engine.missing_requirements()

pytestmark = [pytest.mark.spark, pytest.mark.flow, pytest.mark.skipif(
    MISSING is not None and not os.environ.get("LEADSWEEP_REQUIRE_SPARK"),
    reason=f"{MISSING} (LEADSWEEP_REQUIRE_SPARK=1 makes this a failure)")]


@pytest.fixture(scope="module")
def spark():
    """The module's Spark session; the flow uses it rather than starting its own, and leaves it running."""
    assert MISSING is None, MISSING
    session = spark_engine.start_session("local[2]")
    yield session
    session.stop()


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLE.iterdir() if p.is_file())


def read_outputs(out: Path) -> dict[str, list[dict]]:
    tables = {}
    for name in OUTPUTS:
        with open(out / name, newline="", encoding="utf-8-sig") as fh:
            tables[name] = list(csv.DictReader(fh))
    return tables


def scored_pairs(store: Path) -> dict[tuple, tuple]:
    """The last run's `match_pairs`, by the rows (or stored lead) they join."""
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("""
            select source_file_l, source_row_l, source_file_r, source_row_r, lead_id_r,
                   match_probability, match_weight, evidence, shares_contact, conflicts
            from match_pairs""").fetchall()
    pairs = {row[:5]: row[5:] for row in rows}
    assert len(pairs) == len(rows)
    return pairs


def assert_same_pairs(expected: dict, got: dict) -> None:
    assert expected and got.keys() == expected.keys()
    for key, (probability, weight, *rest) in expected.items():
        got_probability, got_weight, *got_rest = got[key]
        assert abs(got_probability - probability) < 1e-6 and abs(got_weight - weight) < 1e-6, key
        assert got_rest == rest, key  # evidence, shares_contact, conflicts


def test_cli_run_on_spark_passes_the_contract_and_equals_the_duckdb_run(sample_report_run, tmp_path):
    """`leadsweep run ... --engine spark` as the README gives it, against the DuckDB run of the same lists."""
    env = {**os.environ, "LEADSWEEP_SPARK_MASTER": "local[2]", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", str(SAMPLE), "--out", str(out), "--engine", "spark",
         "--quiet", "--dnc", str(META / "dnc.csv"), "--customers", str(META / "customers.csv"),
         "--sources", str(sample_report_run.parent / "sources.yaml"), "--reps", "Anna,Boris",
         "--as-of", AS_OF.isoformat()], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # --quiet: nothing from Spark or its JVM either
    assert json.loads((out / "run_summary.json").read_text(encoding="utf-8"))["engine"] == "spark"
    if CHECKER.exists():
        checked = subprocess.run([sys.executable, str(CHECKER), str(out), *map(str, sample_files())],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout
    assert read_outputs(out) == read_outputs(sample_report_run)
    assert_same_pairs(scored_pairs(sample_report_run / "leadsweep.duckdb"), scored_pairs(out / "leadsweep.duckdb"))


def test_kept_store_runs_on_spark_equal_duckdb(spark, tmp_path):
    """Two runs on one store: the second scores new rows against stored ones, with term frequencies
    over all the rows registered as lookups (not computed from the rows sent to Splink)."""
    files = sample_files()
    results = {}
    for engine in ("duckdb", "spark"):
        db = tmp_path / engine / "store.duckdb"
        for night, inputs in enumerate((files[:3], files[3:])):
            out = tmp_path / engine / f"night{night}"
            leadsweep_run(RunSettings(inputs=tuple(inputs), out_dir=out, db=db, dnc=(META / "dnc.csv",),
                                      customers=META / "customers.csv", as_of=AS_OF, engine=engine))
            results[engine, night] = scored_pairs(db), read_outputs(out)
    for night in (0, 1):
        assert_same_pairs(results["duckdb", night][0], results["spark", night][0])
        assert results["spark", night][1] == results["duckdb", night][1]
    assert any(lead_id_r for *_, lead_id_r in results["duckdb", 1][0])  # pairs with stored rows were scored
    assert any(r["disposition"] == "known" for r in results["duckdb", 1][1]["lineage.csv"])
    assert spark.range(3).count() == 3  # the flow left the session it did not start running


# values the sample may not hold: Cyrillic names, Italian and Bulgarian legal forms, Indonesian numbers
EXTRA_VALUES = {
    "norm_names": [("Иван", "Петров", None, "Г-н"), (None, None, "ПЕТРОВ Иван", None),
                   ("Niccolò", "D'Alessandro", None, "Dott."), (None, None, "Ibu Siti Nurhaliza", None)],
    "norm_companies": [("Rossi Costruzioni S.r.l.",), ("Verdi & Figli S.p.A.",), ("Neri Servizi s.a.s.",),
                       ("Стройинвест ЕООД",), ("PT Maju Jaya Tbk",)],
    "norm_phones": [("+62 21 5551234", "ID"), ("(021) 555-1234", "ID"), ("0813 1987 6543", "ID"),
                    ("0888 123 456", "BG"), ("02 4871 5093", "IT")],
    "norm_emails": [("Иван.Петров@abv.bg",), ("info@rossisrl.it",)],
    "norm_countries": [("Italia",), ("България",), ("Indonesia",)],
    "norm_dates": [("09/04/56",), ("31/12/2027",), ("9 април 1956",), ("19560409",), ("30/02/2001",)],
}


def test_normalisation_lookups_on_spark_equal_local(spark, sample_report_run, monkeypatch):
    monkeypatch.setattr(spark_engine, "VALUES_PER_SLICE", 50)  # several partitions even for the sample
    engine = spark_engine.SparkEngine(spark)
    with duckdb.connect(str(sample_report_run / "leadsweep.duckdb"), read_only=True) as con:
        distinct = {table: con.execute(query).fetchall() for table, query, _, _ in staging._LOOKUPS}
    results = {}
    for table, _, func, _ in staging._LOOKUPS:
        values = distinct[table] + EXTRA_VALUES[table]
        results[table] = engine.map_values(func, values)
        assert results[table] == [func(v) for v in values], table
    names = {r[:4]: r for r in results["norm_names"]}
    assert names[(None, None, "ПЕТРОВ Иван", None)][7] == "ivan petrov"
    companies = {r[0]: r for r in results["norm_companies"]}
    assert companies["Rossi Costruzioni S.r.l."][2] == "SRL" and companies["Стройинвест ЕООД"][2] == "EOOD"
    phones = {r[:2]: r for r in results["norm_phones"]}
    assert phones[("(021) 555-1234", "ID")][2:4] == ("+62215551234", True)
    assert len(results["norm_phones"]) > 3 * 50  # so the order was kept across partitions


def test_fuzzy_functions_on_spark_answer_as_duckdb(spark):
    """The pairs where Splink's Scala UDFs disagree with DuckDB (some across a comparison threshold)."""
    spark_engine.SparkEngine(spark)  # registers the UDFs
    pairs = [("renata", "ratna"), ("shakila", "vashilya"), ("barry graeme", "barbara bembo"),
             ("cherubini chinnici", "chechi"), ("mario.rossi", "mario.rosis"), ("niccolò", "niccolo"),
             ("иван", "иванн"), (None, "anna")]
    spark.createDataFrame(pairs, "l string, r string").createOrReplaceTempView("fuzzy_pairs")
    got = spark.sql("select l, r, duckdb_jaro_winkler_similarity(l, r), duckdb_damerau_levenshtein(l, r) "
                    "from fuzzy_pairs").collect()
    expected = duckdb.execute("select l, r, jaro_winkler_similarity(l, r), damerau_levenshtein(l, r) "
                              "from (select unnest($l) as l, unnest($r) as r)",
                              {"l": [p[0] for p in pairs], "r": [p[1] for p in pairs]}).fetchall()
    assert sorted(map(tuple, got), key=str) == sorted(expected, key=str)
    spark.catalog.dropTempView("fuzzy_pairs")
