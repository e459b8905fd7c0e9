"""The Spark engine's pure parts: the model's DuckDB SQL in Spark SQL, masters, settings; no Spark needed."""
from __future__ import annotations

import importlib.util
import re

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.config import RunSettings
from transforms.core import spark_engine
from transforms.core.spark_engine import local_cores, open_engine, spark_settings, spark_sql
from transforms.match.splink_model import base_settings, load_model


def test_fuzzy_functions_become_duckdb_udfs_and_lists_spark_arrays():
    assert spark_sql('jaro_winkler_similarity("first_key_l", "first_key_r") >= 0.92') == \
        "DUCKDB_JARO_WINKLER_SIMILARITY(`first_key_l`, `first_key_r`) >= 0.92"
    assert spark_sql('len(list_intersect("phones_solo_l", "phones_solo_r")) > 0') == \
        "SIZE(ARRAY_INTERSECT(`phones_solo_l`, `phones_solo_r`)) > 0"
    assert spark_sql("""damerau_levenshtein("email_local_l", "email_local_r") <= 1 AND
                        regexp_replace("email_local_l", '[^a-z]', '', 'g') <> split_part("email_r", '@', 1)""") == \
        ("DUCKDB_DAMERAU_LEVENSHTEIN(`email_local_l`, `email_local_r`) <= 1 AND "
         "REGEXP_REPLACE(`email_local_l`, '[^a-z]', '') <> SPLIT_PART(`email_r`, '@', 1)")


@pytest.mark.parametrize("condition", [
    'levenshtein("a_l", "a_r") <= 1',                     # Spark has one, but it was never checked to agree
    """regexp_replace("a_l", '[0-9]', '') = "a_r" """,    # DuckDB replaces the first match only, Spark all
    'len("a_l") = len("a_r")',
    'list_has_any("phones_l", "phones_r")',
])
def test_a_function_without_a_known_equivalent_is_an_error(condition):
    with pytest.raises(ValueError, match="no Spark equivalent"):
        spark_sql(condition)


def test_the_shipped_model_translates_and_keeps_its_parameters():
    model = load_model()
    model["blocking_rules_to_generate_predictions"] = base_settings()["blocking_rules_to_generate_predictions"]
    translated = spark_settings(model)
    assert translated["sql_dialect"] == "spark"
    for comp, orig in zip(translated["comparisons"], model["comparisons"], strict=True):
        for level, before in zip(comp["comparison_levels"], orig["comparison_levels"], strict=True):
            assert {k: v for k, v in level.items() if k != "sql_condition"} == \
                   {k: v for k, v in before.items() if k != "sql_condition"}
            called = set(re.findall(r"([A-Z_]+)\(", level["sql_condition"]))
            assert called <= {"DUCKDB_JARO_WINKLER_SIMILARITY", "DUCKDB_DAMERAU_LEVENSHTEIN", "SIZE",
                              "ARRAY_INTERSECT", "SPLIT_PART", "REGEXP_REPLACE"}, called
    rules = [r["blocking_rule"] for r in translated["blocking_rules_to_generate_predictions"]]
    assert rules[0] == "l.p1 = r.p1" and len(rules) == len(base_settings()["blocking_rules_to_generate_predictions"])


@pytest.mark.parametrize("master, cores", [
    ("local", 1), ("local[3]", 3), ("local[2,4]", 2), ("spark://10.0.0.5:7077", None), ("yarn", None)])
def test_local_cores(master, cores):
    assert local_cores(master) == cores


def test_local_star_uses_every_core_and_a_few_partitions_each():
    import os

    conf = spark_engine.session_conf("local[*]")
    assert conf["spark.sql.shuffle.partitions"] == str(2 * os.cpu_count())
    assert conf["spark.ui.enabled"] == "false"
    assert "spark.sql.shuffle.partitions" not in spark_engine.session_conf("spark://10.0.0.5:7077")


def test_duckdb_engine_needs_no_spark_and_unknown_engines_fail():
    with open_engine("duckdb") as engine:
        assert engine is None
    with pytest.raises(ValueError, match="unknown engine"), open_engine("dask"):
        pass


def test_engine_and_master_come_from_the_environment(monkeypatch, tmp_path):
    assert RunSettings(inputs=(), out_dir=tmp_path).engine == "duckdb"
    monkeypatch.setenv("LEADSWEEP_ENGINE", "spark")
    monkeypatch.setenv("LEADSWEEP_SPARK_MASTER", "spark://10.0.0.5:7077")
    settings = RunSettings(inputs=(), out_dir=tmp_path)
    assert (settings.engine, settings.spark_master) == ("spark", "spark://10.0.0.5:7077")


def _run_spark(tmp_path):
    (tmp_path / "leads.csv").write_text("name,phone\nAnna Rossi,02 4871 5093\n", encoding="utf-8")
    return CliRunner().invoke(app, ["run", str(tmp_path / "leads.csv"), "--out", str(tmp_path / "out"),
                                    "--engine", "spark"])


def test_spark_without_java_fails_in_one_line_before_running(monkeypatch, tmp_path):
    pytest.importorskip("pyspark")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    result = _run_spark(tmp_path)
    assert result.exit_code == 1
    assert "Java 17" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_spark_without_pyspark_names_the_extra_to_install(monkeypatch, tmp_path):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyspark" else real_find_spec(name, *a))
    result = _run_spark(tmp_path)
    assert result.exit_code == 1
    assert "pip install 'leadsweep[spark]'" in result.output  # the brackets are not eaten as markup
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "out").exists()
