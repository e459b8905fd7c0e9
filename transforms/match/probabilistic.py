"""Probabilistic (Splink 5) matching of staged rows: finds the duplicates the deterministic keys miss.

`predict_pairs(con)` scores candidate pairs of usable `stg_leads` rows with a Fellegi-Sunter model
(DuckDB backend, on the store's own connection) and materialises

    match_pairs(row_id_l, row_id_r, lead_id_r, match_probability, match_weight, evidence, first/name keys, rows)

On a kept store the rows of earlier runs (`lead_members`) take part too: a new row is scored against
the stored rows it shares a blocking value with, and such a pair names the stored row's lead
(`lead_id_r`), so a person seen again is found whichever run first saw them.

where `evidence` reads like `first:exact(+6.1);last:exact(+7.9);email:exact(+11.2);phone:diff(-3.9)`.

Shared values never glue strangers: placeholder/role e-mails and placeholder/premium phones are set
NULL before Splink sees them; test/placeholder rows (placeholder names, formula payloads, fake phones
or e-mails) are left out entirely; and a phone held by rows with different names (a switchboard, a
household's home line) only reaches the weak, capped "shared" level.

Every run learns the parameters from its own list (`learning.py`): u from random pairs, m by
EM on the list's own blocking rules; what a small list cannot teach comes from the prior shipped in
`data/splink_model.json` (or `--matcher-model`; `leadsweep train-matcher` learns one). On a kept store the
list is the store: a run whose new rows are few beside it (the nightly batch) scores with the parameters
the store's last learning run kept (`matcher_models`), as that run would have. The model itself, what is
compared and blocked on, is `splink_model.py`.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

import duckdb

from transforms.match import learning
from transforms.match.members import catch_up_member_features, ensure_member_tables, row_features
from transforms.match.splink_model import (
    CONFLICT_SQL,
    CONTACT_SQL,
    NICKNAME_SQL,
    SAME_BIRTH_SQL,
    SWAPPED_SQL,
    base_settings,
    blocking_rules,
    evidence_sql,
    load_model,
    splink_sql,
)

INPUT_TABLE = "splink_input"
FEATURES_TABLE = "splink_features"
BLOCK_SIZES_TABLE = "splink_block_sizes"
NAME_BLOCKS_TABLE = "splink_name_blocks"
PREDICTIONS_TABLE = "splink_predictions"  # a prediction scored elsewhere (Spark), back in the store
MAX_BLOCK_VALUE_ROWS = 50  # a phone/email held by more rows than this is not used for blocking
# a name-based block (name, name prefix + country, first name + firm, e-mail local part) bigger than
# this is split by city: candidate pairs grow with the square of a block (10M rows: 1.2 billion unsplit)
MAX_NAME_BLOCK_ROWS = 200
# the weak rules (name prefix + country, surname + town, postcode) join namesakes and neighbours more than
# anyone: a block of theirs bigger than this is mostly strangers. At 1M rows the name rules' blocks over 25
# rows made 11M of the 16M candidate pairs and held 0.1% of the true pairs no other rule finds (first
# generator); the postcode's blocks of up to 200 rows made 9.5M of 25M (second generator, same F1 capped)
MAX_WEAK_BLOCK_ROWS = 25
PAIRS_PER_CHUNK = 50_000_000  # candidate pairs Splink scores in one go: bounds its scratch space on disk
# a run whose new rows are at most this share of the store's rows scores with the parameters the store keeps:
# 10k rows against 1M are a hundredth of the list, and learning again from them and their neighbours in the
# store took 18 s of a 37 s run to find what the store's own learning run had found
REUSE_MAX_SHARE = 0.1
MAX_SOLO_PHONE_ROWS = 10  # one person's own line rarely shows up in more rows

log = logging.getLogger(__name__)
TF_COLUMNS = ("first_key", "last_key", "city", "company_key")
NAME_TF_COLUMNS = ("first_key", "last_key")
ALL_FEATURES = "select {columns} from row_features union all select {columns} from member_features"


def _linker(con: duckdb.DuckDBPyConnection, settings: dict):
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    db_api = DuckDBAPI(connection=con)
    sdf = db_api.register(INPUT_TABLE)  # an existing table of the connection
    return Linker(sdf, settings, log_level=40)


def _splink_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_name like '\\_\\_splink\\_\\_%' escape '\\'"
    ).fetchall()}


def _clean_up(con: duckdb.DuckDBPyConnection, before: set[str]) -> None:
    """Drop the working tables Splink (and `prepare_input`) left in the store."""
    for name in sorted(_splink_tables(con) - before):
        con.execute(f'drop table if exists "{name}"').fetchall()
        con.execute(f'drop view if exists "{name}"').fetchall()
    for table in (INPUT_TABLE, FEATURES_TABLE, BLOCK_SIZES_TABLE, NAME_BLOCKS_TABLE, PREDICTIONS_TABLE,
                  *(f"splink_tf_{c}" for c in TF_COLUMNS)):
        con.execute(f"drop table if exists {table}").fetchall()


def prepare_input(con: duckdb.DuckDBPyConnection, with_store: bool = True) -> tuple[int, bool, list[str]]:
    """Build Splink's input table from this run's rows (and, `with_store`, the stored rows a new row
    could pair with); returns how many stored rows it holds, whether the list holds households
    (`learning.households_evident`: in a list without, an address several names give is one person's),
    and the files whose names were read surname first.

    This run's row features stay in table `row_features` until `record_member_features` keeps them.
    """
    ensure_member_tables(con)
    if with_store:
        catch_up_member_features(con)
    usable = "select *, null::varchar as run_id from stg_leads where quarantine_reason is null"
    surname_first = row_features(con, usable, "row_features", orient=True, with_store=with_store)
    households = learning.households_evident(*con.execute(splink_sql("households"),
                                                          {"with_store": with_store}).fetchall()[0])
    con.execute(f"create or replace temp table {BLOCK_SIZES_TABLE} as {splink_sql('block_sizes')}",
                {"with_store": with_store}).fetchall()
    con.execute(f"create or replace temp table {FEATURES_TABLE} as {splink_sql('features')}",
                {"with_store": with_store, "max_block_value_rows": MAX_BLOCK_VALUE_ROWS,
                 "max_solo_phone_rows": MAX_SOLO_PHONE_ROWS, "households": households}).fetchall()
    con.execute(f"create or replace temp table {NAME_BLOCKS_TABLE} as {splink_sql('name_blocks')}",
                {"max_name_block_rows": MAX_NAME_BLOCK_ROWS, "max_weak_block_rows": MAX_WEAK_BLOCK_ROWS}).fetchall()
    con.execute(f"create or replace temp table {INPUT_TABLE} as {splink_sql('input')}").fetchall()
    stored = con.execute(f"select count(*) from {INPUT_TABLE} where stored_lead_id is not null").fetchall()[0][0]
    return stored, households, surname_first


def term_frequency_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Term frequencies over every row, new and stored, not only those sent to Splink (Splink's own
    formula), for the values Splink will look up, as tables `splink_tf_<column>`; returns {column: table}.

    A name's frequency is counted over the distinct full names, not the rows: a person the lists give three
    times does not make their name three times as common. On a small list of people each listed once or
    twice, counting rows made every duplicated name look common, and two rows naming the one Arnulfo
    Bignami of Milan fell short of a merge."""
    tables = {}
    for column in TF_COLUMNS:
        tables[column] = f"splink_tf_{column}"
        rows = (f"select distinct first_key, last_key from ({ALL_FEATURES.format(columns='first_key, last_key')})"
                if column in NAME_TF_COLUMNS else ALL_FEATURES.format(columns=column))
        con.execute(f"""
            create or replace temp table {tables[column]} as
            with all_values as ({rows})
            select {column}, count(*)::double / (select count({column}) from all_values) as tf_{column}
            from all_values where {column} in (select {column} from {INPUT_TABLE}) group by {column}
        """).fetchall()
    return tables


def score_pairs(con: duckdb.DuckDBPyConnection, settings: dict, threshold: float, engine=None) -> str:
    """Splink's blocking, comparisons and prediction over the input table, on the store's connection or on
    `engine` (a `spark_engine.SparkEngine`, for lists one machine cannot score); returns the DuckDB table
    holding the prediction (ids, probability, weight, gamma_/mw_ columns)."""
    tf_tables = term_frequency_tables(con)
    if engine is not None:
        return engine.predict(con, INPUT_TABLE, settings, threshold, tf_tables, PREDICTIONS_TABLE)
    from splink import DuckDBAPI

    linker = _linker(con, settings)
    for column, table in tf_tables.items():
        linker.table_management.register_term_frequency_lookup(DuckDBAPI(connection=con).register(table), column)
    chunks = prediction_chunks(con)  # one chunk: Splink scores directly, as without chunking
    if chunks > 1:
        log.info("scoring the candidate pairs in %d chunks of at most about %s", chunks, f"{PAIRS_PER_CHUNK:,}")
    return linker.inference.predict(threshold_match_probability=threshold,
                                    num_chunks_left=1, num_chunks_right=chunks).physical_name


def prediction_chunks(con: duckdb.DuckDBPyConnection) -> int:
    """How many slices (by row hash, right side) Splink's prediction is cut into: one per
    `PAIRS_PER_CHUNK` candidate pairs, estimated from the block sizes. At 10M rows the blocks make
    about 400M pairs, and scoring them at once spilled more than 40 GB to disk."""
    pairs = con.execute(splink_sql("pair_estimate")).fetchall()[0][0]
    return max(1, -(-pairs // PAIRS_PER_CHUNK))


def train(con: duckdb.DuckDBPyConnection, prior: Path | None = None) -> dict:
    """Learn the parameters from the current `stg_leads` alone (`leadsweep train-matcher`), as every run
    does from its own list, to use as the prior of later runs (`--matcher-model`); returns the settings."""
    before = _splink_tables(con)
    prepare_input(con, with_store=False)
    settings, _ = learning.fit(con, INPUT_TABLE, base_settings(), load_model(prior), lambda s: _linker(con, s))
    _clean_up(con, before)
    return settings


def comparisons_digest(settings: dict) -> str:
    """What a model's parameters are of: its comparisons' levels (a kept model of other levels does not fit)."""
    levels = [(c["output_column_name"], [lv["sql_condition"] for lv in c["comparison_levels"]])
              for c in settings["comparisons"]]
    return hashlib.sha256(json.dumps(levels).encode()).hexdigest()[:16]


def keep_model(con: duckdb.DuckDBPyConnection, run_id: str, rows: int, settings: dict) -> None:
    """Keep the parameters run `run_id` learnt from its `rows` rows in the store (`matcher_models`)."""
    kept = {k: v for k, v in settings.items() if k != "linker_uid"}
    con.execute("insert into matcher_models values ($run, now(), $rows, $digest, $settings)",
                {"run": run_id, "rows": rows, "digest": comparisons_digest(settings),
                 "settings": json.dumps(kept)}).fetchall()


def kept_model(con: duckdb.DuckDBPyConnection, base: dict, new_rows: int) -> tuple[dict, dict] | None:
    """`base` with the parameters the store's latest learning run kept, and what to report of them, when this
    run's `new_rows` are at most `REUSE_MAX_SHARE` of the store's rows and a kept model is of the same
    comparisons; else None (the run learns)."""
    stored_rows = con.execute("select count(*) from member_features").fetchall()[0][0]
    if not stored_rows or new_rows > REUSE_MAX_SHARE * stored_rows:
        return None
    found = con.execute("select run_id, rows, settings from matcher_models where comparisons = $digest "
                        "order by learnt_at desc limit 1", {"digest": comparisons_digest(base)}).fetchall()
    if not found:
        return None
    run, rows, kept = found[0][0], found[0][1], json.loads(found[0][2])
    lam = kept["probability_two_random_records_match"]
    settings = {**learning.with_parameters(base, kept), "probability_two_random_records_match": lam}
    whose = f"kept by run {run} (learnt from {rows:,} rows; this run adds {new_rows:,} to {stored_rows:,} stored)"
    return settings, {"u": whose, "lambda": whose, "m": whose,
                      "em_sessions": [], "model_run": run}


MATCH_PAIRS_DDL = """
    create or replace table match_pairs (row_id_l bigint, row_id_r bigint, lead_id_r varchar,
        match_probability double, match_weight double, evidence varchar, shares_contact boolean, conflicts boolean,
        generations_apart boolean, same_birth boolean, nickname boolean, swapped boolean,
        first_key_l varchar, first_key_r varchar, name_key_l varchar, name_key_r varchar,
        source_file_l varchar, source_row_l bigint, source_file_r varchar, source_row_r bigint)
"""


def predict_pairs(con: duckdb.DuckDBPyConnection, threshold: float = 0.5, params_path: Path | None = None,
                  engine=None, run_id: str | None = None) -> tuple[int, dict]:
    """Score candidate pairs of usable `stg_leads` rows, and of those rows with the rows earlier runs
    stored; materialise `match_pairs` (probability >= threshold). `engine` (Spark) does the scoring, if given.

    A pair with a stored row has `row_id_r` NULL and `lead_id_r` the stored row's lead; the new row is
    always on the left. Pairs of two stored rows were settled by earlier runs and are not scored.
    Returns the number of pairs and what the matcher learnt from the list (`learning.fit`), or which kept
    model it scored with (`kept_model`); a model learnt is kept under `run_id`, if given.
    """
    before = _splink_tables(con)
    started = time.perf_counter()
    stored, households, surname_first = prepare_input(con)
    n_rows = con.execute(f"select count(*) from {INPUT_TABLE}").fetchall()[0][0]
    seconds = {"splink_input": time.perf_counter() - started}
    if n_rows < 2:
        con.execute(MATCH_PAIRS_DDL).fetchall()
        _clean_up(con, before)
        return 0, {"rows": n_rows, "households": households, "surname_first_files": surname_first}
    # blocking is the code's business (speed), not the model's
    base = {**base_settings(), "blocking_rules_to_generate_predictions": blocking_rules(new_rows_only=bool(stored)),
            "retain_intermediate_calculation_columns": True,
            "retain_matching_columns": True}  # gamma_ columns, for `evidence`
    kept = kept_model(con, base, new_rows=n_rows - stored)
    if kept is None:
        settings, learnt = learning.fit(con, INPUT_TABLE, base, load_model(params_path), lambda s: _linker(con, s))
        if run_id:
            keep_model(con, run_id, n_rows, settings)
    else:
        settings, learnt = kept[0], {"rows": n_rows, **kept[1]}
    learnt["lambda_value"] = settings["probability_two_random_records_match"]  # the share of matching pairs used
    seconds["splink_learn"] = time.perf_counter() - started - sum(seconds.values())
    predictions = score_pairs(con, settings, threshold, engine)
    pair_sql = splink_sql("match_pairs", predictions=predictions, evidence=evidence_sql(settings),
                           shares_contact=CONTACT_SQL, conflicts=CONFLICT_SQL, same_birth=SAME_BIRTH_SQL,
                           nickname=NICKNAME_SQL, swapped=SWAPPED_SQL)
    con.execute(f"create or replace table match_pairs as {pair_sql}", {"threshold": float(threshold)}).fetchall()
    _clean_up(con, before)
    seconds["splink_score"] = time.perf_counter() - started - sum(seconds.values())
    learnt["seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    learnt["households"] = households
    learnt["surname_first_files"] = surname_first
    return con.execute("select count(*) from match_pairs").fetchall()[0][0], learnt

