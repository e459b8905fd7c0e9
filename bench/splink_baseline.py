"""A textbook Splink 5 dedupe of a run's staged rows: the baseline our matcher has to beat.

Settings follow Splink's own tutorial (DuckDB backend): NameComparison on first and last name,
EmailComparison, exact phone, exact city with term-frequency adjustment; predictions blocked on
e-mail, phone, first + last name; lambda from two deterministic rules at recall 0.7, u by random
sampling (10M pairs), m by EM blocked on e-mail and on phone; clusters at a match-probability threshold. Where the list
fills it (one row in twenty or more), what a competent user adds from the same tutorials: a
DateOfBirthComparison, with blocking and EM on the date of birth.

Input prep (not timed) is ordinary cleaning on `stg_leads`: the pipeline's normalised e-mail and
E.164 phone, NULL for invalid/placeholder values, lower-cased names and city. The dedupe runs in this
process on a DuckDB file of its own (same memory limit as the pipeline), never on the run's store.
Its clusters are written as a lineage file so that they are scored exactly like a run.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb

from transforms.core.store import DEFAULT_MEMORY_LIMIT

INPUT_SQL = """
create or replace table plain_input as
select row_id as unique_id, source_file, source_row,
       nullif(lower(trim(first_name)), '') as first_name, nullif(lower(trim(last_name)), '') as last_name,
       case when email_valid and not email_placeholder then email end as email,
       coalesce(case when mobile_valid and mobile_kind not in ('placeholder', 'premium_rate') then mobile_e164 end,
                case when phone_valid and phone_kind not in ('placeholder', 'premium_rate') then phone_e164 end)
           as phone,
       nullif(lower(trim(city)), '') as city,
       strftime(dob, '%Y-%m-%d') as dob
from store.stg_leads
where quarantine_reason is null
"""


def _filled(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The optional columns of `plain_input` that one row in twenty or more fills."""
    rows, dob = con.execute("select count(*), count(dob) from plain_input").fetchall()[0]
    return {"dob"} if dob >= 0.05 * rows else set()


def _settings(filled: set[str]):
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons = [cl.NameComparison("first_name"), cl.NameComparison("last_name"), cl.EmailComparison("email"),
                   cl.ExactMatch("phone"), cl.ExactMatch("city").configure(term_frequency_adjustments=True)]
    blocking = [block_on("email"), block_on("phone"), block_on("first_name", "last_name")]
    if "dob" in filled:
        comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d",
                                                    invalid_dates_as_null=True))
        blocking.append(block_on("dob"))
    return SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                           blocking_rules_to_generate_predictions=blocking,
                           retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _dedupe(con: duckdb.DuckDBPyConnection, thresholds: list[float]) -> tuple[dict, dict[float, str]]:
    """Train, predict and cluster `plain_input`; returns (seconds per step, cluster table per threshold)."""
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    seconds, started = {}, time.perf_counter()
    filled = _filled(con)
    linker = Linker(DuckDBAPI(connection=con).register("plain_input"), _settings(filled), log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("first_name", "last_name", "city")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    # EM on the two selective prediction rules, each training what it does not block on: blocking EM on
    # first + last name would iterate over every pair of a placeholder name ('n/a n/a', 'test test': 111M
    # pairs at 1M rows, 380 s), which no one who looks at their blocks' sizes does
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    if "dob" in filled:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    seconds["train_s"] = time.perf_counter() - started
    started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=min(thresholds))
    seconds["predict_s"] = time.perf_counter() - started
    tables = {}
    for threshold in thresholds:
        started = time.perf_counter()
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold)
        seconds[f"cluster_s@{threshold}"] = time.perf_counter() - started
        tables[threshold] = clusters.physical_name
    return seconds, tables


def plain_splink(store: Path, work_db: Path, out_dir: Path, thresholds: list[float]) -> dict:
    """Dedupe the store's staged rows with textbook Splink; write `out_dir/at_<T>/lineage.csv` per
    threshold. Returns the step timings, dedupe_s (train + predict + cluster at the first threshold)
    and the input row count."""
    work_db.parent.mkdir(parents=True, exist_ok=True)
    work_db.unlink(missing_ok=True)
    with duckdb.connect(str(work_db)) as con:
        con.execute(f"set memory_limit = '{DEFAULT_MEMORY_LIMIT}'").fetchall()  # the pipeline's default limit
        con.execute("attach $path as store (read_only)", {"path": str(store)}).fetchall()
        con.execute(INPUT_SQL).fetchall()
        rows = con.execute("select count(*) from plain_input").fetchall()[0][0]
        seconds, tables = _dedupe(con, thresholds)
        for threshold, table in tables.items():
            lineage = out_dir / f"at_{threshold}" / "lineage.csv"
            lineage.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"""
                copy (select s.source_file, s.source_row, coalesce('S' || c.cluster_id, '') as lead_id
                      from store.stg_leads s left join {table} c on c.unique_id = s.row_id)
                to '{lineage}' (header, delimiter ',')
            """).fetchall()
    work_db.unlink(missing_ok=True)
    first = thresholds[0]
    dedupe = seconds["train_s"] + seconds["predict_s"] + seconds[f"cluster_s@{first}"]
    return {"rows": rows, "dedupe_s": round(dedupe, 2), **{k: round(v, 2) for k, v in seconds.items()}}


def lineage_path(out_dir: Path, threshold: float) -> Path:
    return out_dir / f"at_{threshold}" / "lineage.csv"
