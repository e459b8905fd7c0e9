"""Issue 7: a suite judged chunk by chunk gives the verdict GX gives on the whole table: the same
expectations fail with the same counts, whatever the chunk size, and what spans chunks (repeats, order
across a border, `mostly`, the row count) is still caught."""
from __future__ import annotations

import random

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import pytest

from expectations import gates
from expectations.chunked import ChunkedSuite
from transforms.core import store

NAMES = ["Niccolò Ferrè", "Иван Петров", "Siti Rahayu", "Цветелина Тодорова", "Bambang Santoso", "Lucà Donà"]
DOMAINS = ["esempio.it", "abv.bg", "maju.co.id", "пример.бг"]


def call_list_frame(rng: random.Random, n: int) -> pd.DataFrame:
    """A call list with a few defects of every kind the suite checks, anywhere in the list."""
    ranks = list(range(1, n + 1))
    ids = [f"L{rng.randrange(16 ** 11):011X}" for _ in range(n)]
    for _ in range(rng.randrange(3)):
        ranks[rng.randrange(n)] = rng.randrange(1, n + 3)
        ids[rng.randrange(n)] = ids[rng.randrange(n)]
    return pd.DataFrame({
        "priority_rank": ranks, "lead_id": ids,
        "tier": [rng.choice("AABBCCDD" + ("E" if rng.random() < 0.5 else "")) for _ in range(n)],
        "priority_score": [rng.choice([1.5, 2.25, None]) if rng.random() < 0.1 else 3.0 for _ in range(n)],
        "value_score": [rng.choice([-1.0, 2.0]) if rng.random() < 0.1 else 5.0 for _ in range(n)],
        "junk_score": [rng.random() * (1.05 if rng.random() < 0.1 else 1) for _ in range(n)],
        "reasons": [None if rng.random() < 0.05 else "decision_maker;size_50_249" for _ in range(n)],
        "first_name": [rng.choice(NAMES).split()[0] for _ in range(n)],
    })


def stg_leads_frame(rng: random.Random, n: int) -> pd.DataFrame:
    quarantined = rng.choice([0.1, 0.45, 0.55, 0.9])
    return pd.DataFrame({
        "row_id": [rng.randrange(n + 5) if rng.random() < 0.05 else i for i in range(n)],
        "source_file": [rng.choice(["lista_it.csv", "контакти.csv", "prospek.xlsx"]) for _ in range(n)],
        "source_row": range(1, n + 1),
        "phone_e164": [rng.choice(["+393475820193", "+359887614392", "0812-3456", None]) for _ in range(n)],
        "mobile_e164": [rng.choice(["+6281234567890", None]) for _ in range(n)],
        "email": [f"{rng.choice(NAMES).split()[0].lower()}@{rng.choice(DOMAINS)}" if rng.random() < 0.9 else "nope"
                  for _ in range(n)],
        "country": [rng.choice(["IT", "BG", "ID", "it", None]) for _ in range(n)],
        "quarantine_reason": [("no usable content" if rng.random() < quarantined else None) for _ in range(n)],
    })


def whole_frame_verdict(name: str, frame: pd.DataFrame, context: dict) -> dict:
    """GX on the whole frame in one batch, as the gates did before issue 7: the reference."""
    factory = gates.SUITES[name][0]
    definition = (gates._context().data_sources.add_or_update_pandas(name="reference")
                  .add_dataframe_asset(name="whole").add_batch_definition_whole_dataframe("whole"))
    result = definition.get_batch(batch_parameters={"dataframe": frame}).validate(
        gx.ExpectationSuite(name="reference", expectations=factory(context)), result_format="SUMMARY")
    return {(r.expectation_config.type, str(r.expectation_config.kwargs.get("column")
                                            or r.expectation_config.kwargs.get("column_list"))):
            (r.success, r.result.get("unexpected_count")) for r in result.results}


def chunked_verdict(name: str, frame: pd.DataFrame, context: dict, chunk_rows: int) -> dict:
    with duckdb.connect() as con:
        con.register("frame", frame)
        chunks = [frame.iloc[i:i + chunk_rows] for i in range(0, len(frame), chunk_rows)]
        outcome = gates.validate_table(con, "frame", name, context, chunks=chunks)
    failed = {(f["expectation"], str(f["column"])): (False, f["unexpected_count"]) for f in outcome["failures"]}
    assert outcome["rows"] == len(frame) and outcome["failed"] == len(failed)
    return failed


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("chunk_rows", [7, 40])
def test_chunked_call_list_verdict_is_the_whole_frame_verdict(seed, chunk_rows):
    rng = random.Random(seed)
    frame = call_list_frame(rng, rng.randrange(20, 90))
    context = {"to_call": len(frame) - rng.randrange(2)}
    expected = {k: v for k, v in whole_frame_verdict("call_list.csv", frame, context).items() if not v[0]}
    assert chunked_verdict("call_list.csv", frame, context, chunk_rows) == expected


@pytest.mark.parametrize("seed", range(6))
def test_chunked_stg_leads_verdict_is_the_whole_frame_verdict(seed):
    rng = random.Random(100 + seed)
    frame = stg_leads_frame(rng, rng.randrange(20, 90))
    context = {"rows_in": len(frame) + rng.randrange(-1, 2)}
    expected = {k: v for k, v in whole_frame_verdict("stg_leads", frame, context).items() if not v[0]}
    assert chunked_verdict("stg_leads", frame, context, 7) == expected


def test_mostly_is_judged_on_the_whole_table_not_per_chunk():
    """The first chunk is all quarantined, the table as a whole mostly is not: the suite passes."""
    frame = stg_leads_frame(random.Random(1), 28).assign(
        row_id=range(28), phone_e164=None, mobile_e164=None, email="anna@esempio.it", country="IT",
        quarantine_reason=["no usable content"] * 7 + [None] * 21)
    assert chunked_verdict("stg_leads", frame, {"rows_in": 28}, 7) == {}
    frame["quarantine_reason"] = ["no usable content"] * 15 + [None] * 13
    assert chunked_verdict("stg_leads", frame, {"rows_in": 28}, 7) == {
        ("expect_column_values_to_be_null", "quarantine_reason"): (False, 15)}


def test_order_is_judged_across_chunk_borders_skipping_nulls(monkeypatch):
    monkeypatch.setitem(gates.SUITES, "ranks", (
        lambda context: [gxe.ExpectColumnValuesToBeIncreasing(column="priority_rank", strictly=True)],
        ["lead_id"], True))
    frame = pd.DataFrame({"lead_id": [f"L{i:011X}" for i in range(10)],
                          "priority_rank": pd.array([1, 2, 3, None, 3, 6, 7, 8, None, 8], dtype="Int64")})
    expected = {("expect_column_values_to_be_increasing", "priority_rank"): (False, 2)}
    assert whole_frame_verdict("ranks", frame, {}) == expected
    assert chunked_verdict("ranks", frame, {}, 4) == expected  # chunks 1 2 3 . | 3 6 7 8 | . 8: repeats at borders
    with duckdb.connect() as con:
        con.register("frame", frame)
        outcome = gates.validate_table(con, "frame", "ranks", {},
                                       chunks=[frame.iloc[:4], frame.iloc[4:8], frame.iloc[8:]])
    assert outcome["failures"][0]["rows"] == [{"lead_id": "L00000000004"}, {"lead_id": "L00000000009"}]


def test_repeats_in_different_chunks_of_a_store_table_fail_the_gate(monkeypatch):
    monkeypatch.setattr(store, "CHUNK_ROWS", 7)
    with duckdb.connect() as con:
        store.create_schema(con)
        con.execute("create table raw_rows as select 'контакти.csv' as source_file, i as source_row, "
                    "'Иван' as first_name from range(1, 30) t(i)")
        gates.run_table_gate(con, "raw_rows", "raw_rows", {"run_id": "r1"})
        con.execute("update raw_rows set source_row = 3 where source_row = 25")
        with pytest.raises(gates.GateFailed, match=r"expect_compound_columns_to_be_unique on \['source_file', "
                                                   r"'source_row'\] \(2 rows, e.g. \[\{'source_file': 'контакти.csv', "
                                                   r"'source_row': 3\}"):
            gates.run_table_gate(con, "raw_rows", "raw_rows", {"run_id": "r1"})
        assert con.execute("select list(success order by checked_at) from validation_results").fetchone()[0] == \
            [True, False]


def test_an_expectation_no_chunk_can_judge_is_refused_not_weakened():
    with pytest.raises(ValueError, match="expect_column_mean_to_be_between cannot be judged chunk by chunk"):
        ChunkedSuite("leads", [gxe.ExpectColumnMeanToBeBetween(column="n_rows", min_value=1)], ["lead_id"])


def test_an_expectation_that_raises_fails_and_says_why():
    frame = pd.DataFrame({"lead_id": ["L00000000001"], "n_rows": [1]}).rename(columns={"n_rows": "rows"})
    outcome = gates.validate_frame("leads", frame, {})
    assert not outcome["success"]
    assert 'The column "n_rows" in BatchData does not exist' in outcome["failures"][0]["error"]


def test_a_blocking_gate_names_every_expectation_that_failed():
    frame = pd.DataFrame({"priority_rank": [1, 2, 3], "lead_id": ["L1", "L2", "L3"], "tier": ["A", "Z", "B"],
                          "priority_score": [3.0, 2.0, 1.0], "value_score": [5.0, -1.0, 1.0],
                          "junk_score": [0.1, 0.2, 0.3], "reasons": ["x", "y", "z"]})
    with duckdb.connect() as con:
        store.create_schema(con)
        con.register("frame", frame)
        with pytest.raises(gates.GateFailed) as failed:
            gates.run_table_gate(con, "frame", "call_list.csv", {"run_id": "r1", "to_call": 3})
    message = str(failed.value)
    assert "expect_column_values_to_be_between on value_score (1 rows, e.g. [{'lead_id': 'L2'}]" in message
    assert "expect_column_values_to_be_in_set on tier (1 rows, e.g. [{'lead_id': 'L2'}]" in message
