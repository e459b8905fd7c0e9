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

Every run learns the parameters from its own list (`transforms/learning.py`): u from random pairs, m by
EM on the list's own blocking rules; what a small list cannot teach comes from the prior shipped in
`data/splink_model.json` (or `--matcher-model`). Relearn that prior with
`python -m transforms.match.probabilistic STORE.duckdb [MODEL.json]`.
"""
from __future__ import annotations

import json
import logging
from importlib import resources
import sys
from pathlib import Path

import duckdb

from transforms.match import learning
from transforms.core.store import DATA_DIR, create_schema
from transforms.stage.normalise import GENERATIONS

MODEL_PATH = DATA_DIR / "splink_model.json"
PLACEHOLDER_NAMES = DATA_DIR / "placeholder_names.csv"
NICKNAMES = Path(str(resources.files("nicknames") / "names.csv"))  # name1, relationship, name2
STREET_WORDS = DATA_DIR / "street_words.csv"  # abbreviation, word (St -> street)
# what the files of sql/splink/ name in braces: the seed tables they read and the generation suffixes
SQL_PLACEHOLDERS = {"placeholder_names": str(PLACEHOLDER_NAMES), "nicknames": str(NICKNAMES),
                    "street_words": str(STREET_WORDS),
                    "generations": "[" + ", ".join(f"'{g}'" for g in GENERATIONS) + "]"}
INPUT_TABLE = "splink_input"
FEATURES_TABLE = "splink_features"
BLOCK_SIZES_TABLE = "splink_block_sizes"
NAME_BLOCKS_TABLE = "splink_name_blocks"
PREDICTIONS_TABLE = "splink_predictions"  # a prediction scored elsewhere (Spark), back in the store
MAX_BLOCK_VALUE_ROWS = 50  # a phone/email held by more rows than this is not used for blocking
# a name-based block (name, name prefix + country, first name + firm, e-mail local part) bigger than
# this is split by city: candidate pairs grow with the square of a block (10M rows: 1.2 billion unsplit)
MAX_NAME_BLOCK_ROWS = 200
PAIRS_PER_CHUNK = 50_000_000  # candidate pairs Splink scores in one go: bounds its scratch space on disk
MAX_SOLO_PHONE_ROWS = 10  # one person's own line rarely shows up in more rows

log = logging.getLogger(__name__)
SPLINK_SQL = Path(__file__).parent / "sql" / "splink"
TF_COLUMNS = ("first_key", "last_key", "city", "company_key")


def _lvl(sql: str, label: str, **kw) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, **kw}


def _null(*cols: str) -> dict:
    cond = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols)
    return _lvl(cond, "null", is_null_level=True)


ELSE = _lvl("ELSE", "diff")
SWAP = '("first_key_l" = "last_key_r" AND "last_key_l" = "first_key_r")'
# both parts in the other's columns, each up to a typo ("rees maribanne" / "marianne rees")
SWAP_FUZZY = ('(jaro_winkler_similarity("first_key_l", "last_key_r") >= 0.88 AND '
              'jaro_winkler_similarity("last_key_l", "first_key_r") >= 0.88)')
# one part in the other's other column ("jordan lavis" / "lavis henry": a surname typed as the first name)
CROSSED = '("first_key_l" = "last_key_r" OR "last_key_l" = "first_key_r")'


# a first name and a nickname of it, or two nicknames of one name (Bob / Robert, Tony / Anthony)
NICKNAME = 'len(list_intersect("first_forms_l", "first_forms_r")) > 0'


def _name_comparison(name: str, column: str, description: str, nicknames: bool = False) -> dict:
    """Exact (term-frequency adjusted), swapped with the other name part (exactly, then up to typos),
    fuzzy, a nickname (first names), weak, one part crossed, else."""
    return {"output_column_name": name, "comparison_description": description,
            "comparison_levels": [
                _null(column),
                _lvl(f'"{column}_l" = "{column}_r"', "exact", tf_adjustment_column=column, tf_adjustment_weight=1.0),
                _lvl(SWAP, "swapped"),
                _lvl(SWAP_FUZZY, "swapped~"),
                _lvl(f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.92', "fuzzy"),
                *([_lvl(NICKNAME, "nickname")] if nicknames else []),
                _lvl(f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.8', "weak"),
                _lvl(CROSSED, "crossed"),
                ELSE]}


def comparisons() -> list[dict]:
    """Comparisons for lead data; labels (exact/fuzzy/diff ...) are what `evidence` shows."""
    return [
        _name_comparison("first", "first_key", "first name (first_key)", nicknames=True),
        _name_comparison("last", "last_key", "surname (name_key minus first_key)"),
        {"output_column_name": "email", "comparison_description": "e-mail (no role/placeholder)",
         "comparison_levels": [
             _null("email"),
             _lvl('"email_l" = "email_r"', "exact"),
             # a typo in the address: same domain, local part one edit apart (same local part at
             # another domain is just the same name, which the name comparisons already count)
             # (mario.rossi vs mario.rossi2 or mario_rossi is a second Mario Rossi, not a typo)
             _lvl('split_part("email_l", \'@\', 2) = split_part("email_r", \'@\', 2) AND '
                  'damerau_levenshtein("email_local_l", "email_local_r") <= 1 AND '
                  'regexp_replace("email_local_l", \'[^a-z]\', \'\', \'g\') <> '
                  'regexp_replace("email_local_r", \'[^a-z]\', \'\', \'g\')', "typo"),
             ELSE]},
        {"output_column_name": "phone", "comparison_description": "any valid phone in common",
         "comparison_levels": [
             _lvl('"phones_l" IS NULL OR "phones_r" IS NULL', "null", is_null_level=True),
             _lvl('len(list_intersect("phones_solo_l", "phones_solo_r")) > 0', "exact"),
             _lvl('len(list_intersect("phones_l", "phones_r")) > 0', "shared"),
             ELSE]},
        # company and e-mail domain are one fact (the firm): one comparison, so colleagues do not
        # collect the firm's evidence twice
        {"output_column_name": "company", "comparison_description": "company_key, else e-mail domain",
         "comparison_levels": [
             _lvl('("company_key_l" IS NULL OR "company_key_r" IS NULL) AND '
                  '("email_domain_l" IS NULL OR "email_domain_r" IS NULL)', "null", is_null_level=True),
             # frequency-adjusted: a chain's name, on every branch, says less than a rare firm's
             _lvl('"company_key_l" = "company_key_r"', "exact", tf_adjustment_column="company_key",
                  tf_adjustment_weight=1.0),
             _lvl('"email_domain_l" = "email_domain_r"', "domain"),
             _lvl('jaro_winkler_similarity("company_key_l", "company_key_r") >= 0.9', "fuzzy"),
             ELSE]},
        {"output_column_name": "dob", "comparison_description": "date of birth",
         "comparison_levels": [
             _null("dob"),
             _lvl('"dob_l" = "dob_r"', "exact"),
             # a typo: one digit off, or day and month swapped
             _lvl('damerau_levenshtein("dob_text_l", "dob_text_r") <= 1 OR "dob_text_l" = "dob_swap_r"', "typo"),
             _lvl('"dob_days_l" - "dob_days_r" BETWEEN -366 AND 366', "year"),
             # a generation apart: a father and his son, whatever else they share
             _lvl('NOT ("dob_days_l" - "dob_days_r" BETWEEN -5478 AND 5478)', "generation"),
             ELSE]},
        # street, postcode and city are one fact (where the row is): one comparison, its best agreement
        {"output_column_name": "place", "comparison_description": "street, else postcode, else city",
         "comparison_levels": [
             _lvl('("address_key_l" IS NULL OR "address_key_r" IS NULL) AND '
                  '("postcode_l" IS NULL OR "postcode_r" IS NULL) AND ("city_l" IS NULL OR "city_r" IS NULL)',
                  "null", is_null_level=True),
             # one person's (or firm's) own address; one several people give (an office, a family home)
             # is capped like a shared phone (`learning.SHARED_STREET_BF`)
             _lvl('"address_key_l" = "address_key_r" AND "address_solo_l"', "street"),
             _lvl('(jaro_winkler_similarity("address_key_l", "address_key_r") >= 0.9 OR "street_key_l" = "street_key_r") '
                  'AND "address_solo_l" AND "address_solo_r"', "street~"),
             _lvl('"address_key_l" = "address_key_r"', "street_shared"),
             _lvl('"postcode_l" = "postcode_r"', "postcode"),
             # a postcode one keystroke off (6285 / 6258) in the same town
             _lvl('damerau_levenshtein("postcode_l", "postcode_r") <= 1 AND "city_l" = "city_r"', "postcode~"),
             # frequency-adjusted: Jakarta says little
             _lvl('"city_l" = "city_r"', "exact", tf_adjustment_column="city", tf_adjustment_weight=1.0),
             ELSE]},
    ]


BLOCKING_RULES = [
    'l.p1 = r.p1', 'l.p1 = r.p2', 'l.p2 = r.p1', 'l.p2 = r.p2',
    'l.email_block = r.email_block',
    'l.email_local_block = r.email_local_block',
    'l.name_key_block = r.name_key_block',
    'l.first_company_block = r.first_company_block',
    'l.last_key = r.first_key AND l.first_key = r.last_key',
    'l.name_prefix_block = r.name_prefix_block',
    # the firm and the street find rows without a contact name (named colleagues meet by first name + firm)
    'l.company_block = r.company_block AND (l.name_key IS NULL OR r.name_key IS NULL)',
    'l.address_block = r.address_block',
    'l.dob_block = r.dob_block',
]


def blocking_rules(new_rows_only: bool = False) -> list[dict]:
    """`BLOCKING_RULES` for Splink; `new_rows_only` keeps only pairs with a row of this run, so the
    stored rows sent along never meet each other (their pairs were settled when they came in)."""
    also = " AND (l.stored_lead_id IS NULL OR r.stored_lead_id IS NULL)" if new_rows_only else ""
    return [{"blocking_rule": rule + also, "sql_dialect": "duckdb"} for rule in BLOCKING_RULES]


def base_settings() -> dict:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-5,
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
        "max_iterations": 25,
        "em_convergence": 0.0001,
    }


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
    for table in (INPUT_TABLE, FEATURES_TABLE, BLOCK_SIZES_TABLE, NAME_BLOCKS_TABLE, PREDICTIONS_TABLE, *(f"splink_tf_{c}" for c in TF_COLUMNS)):
        con.execute(f"drop table if exists {table}").fetchall()


def _splink_sql(name: str) -> str:
    text = (SPLINK_SQL / f"{name}.sql").read_text(encoding="utf-8")
    for placeholder, value in SQL_PLACEHOLDERS.items():
        text = text.replace("{" + placeholder + "}", value)
    return text


def _row_features(con: duckdb.DuckDBPyConnection, source: str, table: str) -> None:
    """Compute `row_features.sql` over the rows `source` selects (stg_leads columns and run_id) into temporary
    table `table`."""
    con.execute(f"create or replace temp view feature_source as {source}").fetchall()
    con.execute(f"create or replace temp table {table} as {_splink_sql('row_features')}").fetchall()
    con.execute("drop view feature_source").fetchall()


def ensure_member_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The kept store's row tables (`schema.sql`: `lead_members`, `member_features`, `member_feature_runs`),
    created if missing and given the columns `stg_leads` and the row features have gained since a kept store
    was made."""
    create_schema(con)
    _add_missing_columns(con, "lead_members", "stg_leads")
    _row_features(con, "select *, ''::varchar as run_id from stg_leads limit 0", "member_features_now")
    _add_missing_columns(con, "member_features", "member_features_now")
    con.execute("drop table member_features_now").fetchall()


def _add_missing_columns(con: duckdb.DuckDBPyConnection, table: str, like: str) -> None:
    """A store kept from an older version: give `table` the columns `like` has gained since (NULL in old rows)."""
    columns = """select column_name, data_type from information_schema.columns where table_name = $t
                 and table_schema = current_schema()"""
    have = {name for name, _ in con.execute(columns, {"t": table}).fetchall()}
    for name, data_type in con.execute(columns, {"t": like}).fetchall():
        if name not in have:
            con.execute(f'alter table {table} add column "{name}" {data_type}').fetchall()


def record_member_features(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Keep this run's row features (`row_features`) in the store, so later runs need not recompute them."""
    ensure_member_tables(con)
    con.execute("delete from member_features where run_id = $r", {"r": run_id}).fetchall()
    con.execute("delete from member_feature_runs where run_id = $r", {"r": run_id}).fetchall()
    con.execute("insert into member_features by name select * replace ($r as run_id) from row_features",
                {"r": run_id}).fetchall()
    con.execute("insert into member_feature_runs values ($r)", {"r": run_id}).fetchall()


def _catch_up_member_features(con: duckdb.DuckDBPyConnection) -> None:
    """Row features for stored rows of runs that predate `member_features` (stores of older versions)."""
    missing = "select distinct run_id from lead_members anti join member_feature_runs using (run_id)"
    if not con.execute(f"select count(*) from ({missing})").fetchall()[0][0]:
        return
    _row_features(con, f"select * from lead_members where quarantine_reason is null and run_id in ({missing})",
                  "member_features_missing")
    con.execute("insert into member_features by name select * from member_features_missing").fetchall()
    con.execute(f"insert into member_feature_runs {missing}").fetchall()
    con.execute("drop table member_features_missing").fetchall()


def prepare_input(con: duckdb.DuckDBPyConnection, with_store: bool = True) -> int:
    """Build Splink's input table from this run's rows (and, `with_store`, the stored rows a new row
    could pair with); returns how many stored rows it holds.

    This run's row features stay in table `row_features` until `record_member_features` keeps them.
    """
    ensure_member_tables(con)
    if with_store:
        _catch_up_member_features(con)
    _row_features(con, "select *, null::varchar as run_id from stg_leads where quarantine_reason is null",
                  "row_features")
    con.execute(f"create or replace temp table {BLOCK_SIZES_TABLE} as {_splink_sql('block_sizes')}",
                {"with_store": with_store}).fetchall()
    con.execute(f"create or replace temp table {FEATURES_TABLE} as {_splink_sql('features')}",
                {"with_store": with_store, "max_block_value_rows": MAX_BLOCK_VALUE_ROWS,
                 "max_solo_phone_rows": MAX_SOLO_PHONE_ROWS}).fetchall()
    con.execute(f"create or replace temp table {NAME_BLOCKS_TABLE} as {_splink_sql('name_blocks')}",
                {"max_name_block_rows": MAX_NAME_BLOCK_ROWS}).fetchall()
    con.execute(f"create or replace temp table {INPUT_TABLE} as {_splink_sql('input')}").fetchall()
    return con.execute(f"select count(*) from {INPUT_TABLE} where stored_lead_id is not null").fetchall()[0][0]


def term_frequency_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Term frequencies over every row, new and stored, not only those sent to Splink (Splink's own
    formula), for the values Splink will look up, as tables `splink_tf_<column>`; returns {column: table}."""
    tables = {}
    for column in TF_COLUMNS:
        tables[column] = f"splink_tf_{column}"
        con.execute(f"""
            create or replace temp table {tables[column]} as
            with all_values as (select {column} from row_features union all select {column} from member_features)
            select {column}, count(*)::double / (select count({column}) from all_values) as tf_{column}
            from all_values where {column} in (select {column} from {INPUT_TABLE}) group by {column}
        """).fetchall()
    return tables


def score_pairs(con: duckdb.DuckDBPyConnection, settings: dict, threshold: float, stored: bool,
                engine=None) -> str:
    """Splink's blocking, comparisons and prediction over the input table, on the store's connection or on
    `engine` (a `spark_engine.SparkEngine`, for lists one machine cannot score); returns the DuckDB table
    holding the prediction (ids, probability, weight, gamma_/mw_ columns)."""
    tf_tables = term_frequency_tables(con) if stored else {}
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
    pairs = con.execute(_splink_sql("pair_estimate")).fetchall()[0][0]
    return max(1, -(-pairs // PAIRS_PER_CHUNK))


def load_model(path: Path | None = None) -> dict:
    return json.loads((path or MODEL_PATH).read_text(encoding="utf-8"))


def save_model(settings_dict: dict, path: Path | None = None) -> None:
    path = path or MODEL_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    settings_dict = {k: v for k, v in settings_dict.items() if k != "linker_uid"}  # stable file
    path.write_text(json.dumps(settings_dict, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def train(con: duckdb.DuckDBPyConnection, prior: Path | None = None) -> dict:
    """Learn the parameters from the current `stg_leads` alone (`leadsweep train-matcher`), as every run
    does from its own list, to use as the prior of later runs (`--matcher-model`); returns the settings."""
    before = _splink_tables(con)
    prepare_input(con, with_store=False)
    settings, _ = learning.fit(con, INPUT_TABLE, base_settings(), load_model(prior), lambda s: _linker(con, s))
    _clean_up(con, before)
    return settings


def _evidence_sql(settings: dict) -> str:
    """SQL expression building `first:exact(+6.1);...` from the gamma_/bf_ columns of the prediction."""
    parts = []
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        n = len([lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")])
        case = " ".join(f"when gamma_{name} = {n - 1 - i} then '{lab}'"
                        for i, lab in enumerate(lv["label_for_charts"] for lv in comp["comparison_levels"]
                                                if not lv.get("is_null_level")))
        w = f"(mw_{name}" + (f" + coalesce(mw_tf_adj_{name}, 0)" if _has_tf(comp) else "") + ")"
        parts.append(f"""case when gamma_{name} >= 0 then '{name}:' || (case {case} end) || '(' ||
                         (case when {w} >= 0 then '+' else '' end) || printf('%.1f', {w}) || ')' end""")
    return "concat_ws(';', " + ", ".join(parts) + ")"


def _has_tf(comp: dict) -> bool:
    return any(lv.get("tf_adjustment_column") for lv in comp["comparison_levels"])


def gamma(comparison: str, label: str) -> int:
    """Splink's gamma value of the level `label` of `comparison` (levels count up from diff = 0; null is -1)."""
    for comp in comparisons():
        if comp["output_column_name"] == comparison:
            labels = [lv["label_for_charts"] for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
            return len(labels) - 1 - labels.index(label)
    raise KeyError(comparison)


def _at_least(comparison: str, label: str) -> str:
    return f"gamma_{comparison} >= {gamma(comparison, label)}"


def _is(comparison: str, label: str) -> str:
    return f"gamma_{comparison} = {gamma(comparison, label)}"


# Over the gamma levels of `comparisons()` (-1 null, then from the last level up: diff = 0):
# a way to reach the person agrees: the same e-mail, a phone, or the firm with no other e-mail and
# the surname at least fuzzy (an e-mail typo between namesakes at gmail is two people as often as one);
# for rows without a name (a firm), the firm's name at least fuzzy at the firm's own street ...
NAMELESS_SQL = "gamma_first = -1 and gamma_last = -1"
# a date of birth (exact or one typo off) or the person's own street is as good as a contact: namesakes
# do not share them
CONTACT_SQL = f"""coalesce({_is("email", "exact")} or {_at_least("phone", "shared")}
                          or ({_at_least("company", "domain")} and not {_is("email", "diff")}
                              and {_at_least("last", "fuzzy")})
                          or ({NAMELESS_SQL} and {_at_least("company", "fuzzy")} and {_at_least("place", "street~")})
                          or {_at_least("dob", "typo")} or {_at_least("place", "street~")}, false)"""
# ... or something says they differ: another firm (or, between people, a near-miss of the firm's
# name; for a firm a near-miss of its name is a typo), another e-mail. Another date of birth is
# only evidence (its weight, learnt from the list): lists mistype dates as often as they hold a
# father and his son
CONFLICT_SQL = f"""coalesce({_is("company", "diff")} or ({_is("company", "fuzzy")} and not ({NAMELESS_SQL}))
                           or {_is("email", "diff")}, false)"""
# the same date of birth (or one typo off): two rows of one family or team differ there, whatever
# their first names say (a name replaced or a nickname in one list)
SAME_BIRTH_SQL = f"coalesce({_at_least('dob', 'typo')}, false)"
# first names that are a name and its nickname agree as well as the same name does
NICKNAME_SQL = f"coalesce({_is('first', 'nickname')}, false)"

MATCH_PAIRS_DDL = """
    create or replace table match_pairs (row_id_l bigint, row_id_r bigint, lead_id_r varchar,
        match_probability double, match_weight double, evidence varchar, shares_contact boolean, conflicts boolean,
        generations_apart boolean, same_birth boolean, nickname boolean, first_key_l varchar, first_key_r varchar, name_key_l varchar, name_key_r varchar,
        source_file_l varchar, source_row_l bigint, source_file_r varchar, source_row_r bigint)
"""


def predict_pairs(con: duckdb.DuckDBPyConnection, threshold: float = 0.5, params_path: Path | None = None,
                  engine=None) -> tuple[int, dict]:
    """Score candidate pairs of usable `stg_leads` rows, and of those rows with the rows earlier runs
    stored; materialise `match_pairs` (probability >= threshold). `engine` (Spark) does the scoring, if given.

    A pair with a stored row has `row_id_r` NULL and `lead_id_r` the stored row's lead; the new row is
    always on the left. Pairs of two stored rows were settled by earlier runs and are not scored.
    Returns the number of pairs and what the matcher learnt from the list (`learning.fit`).
    """
    before = _splink_tables(con)
    stored = prepare_input(con)
    n_rows = con.execute(f"select count(*) from {INPUT_TABLE}").fetchall()[0][0]
    if n_rows < 2:
        con.execute(MATCH_PAIRS_DDL).fetchall()
        _clean_up(con, before)
        return 0, {"rows": n_rows}
    # blocking is the code's business (speed), not the model's
    base = {**base_settings(), "blocking_rules_to_generate_predictions": blocking_rules(new_rows_only=bool(stored)),
            "retain_intermediate_calculation_columns": True,
            "retain_matching_columns": True}  # gamma_ columns, for `evidence`
    settings, learnt = learning.fit(con, INPUT_TABLE, base, load_model(params_path), lambda s: _linker(con, s))
    predictions = score_pairs(con, settings, threshold, bool(stored), engine)
    con.execute(f"""
        create or replace table match_pairs as
        with scored as (
            select unique_id_l::bigint as a, unique_id_r::bigint as b, match_probability, match_weight,
                   {_evidence_sql(settings)} as evidence,
                   {CONTACT_SQL} as shares_contact, {CONFLICT_SQL} as conflicts,
                   {SAME_BIRTH_SQL} as same_birth, {NICKNAME_SQL} as nickname
            from {predictions}
            where match_probability >= {float(threshold)} and (unique_id_l > 0 or unique_id_r > 0)
        ),
        oriented as (  -- stored rows have negative ids: the new row goes left
            select greatest(a, b) as id_l, least(a, b) as id_r, * exclude (a, b) from scored
        )
        select o.id_l as row_id_l, case when r.stored_lead_id is null then o.id_r end as row_id_r,
               r.stored_lead_id as lead_id_r, o.match_probability, o.match_weight, o.evidence, o.shares_contact,
               o.conflicts,
               -- a father and his son: Jr. on one side only (or Sr., III ...), and no birth date says otherwise
               l.generation is distinct from r.generation and not o.same_birth as generations_apart,
               o.same_birth, o.nickname,
               l.first_key as first_key_l, r.first_key as first_key_r, l.name_key as name_key_l, r.name_key as name_key_r,
               l.source_file as source_file_l, l.source_row as source_row_l,
               r.source_file as source_file_r, r.source_row as source_row_r
        from oriented o
        join {INPUT_TABLE} l on l.unique_id = o.id_l
        join {INPUT_TABLE} r on r.unique_id = o.id_r
    """).fetchall()
    _clean_up(con, before)
    return con.execute("select count(*) from match_pairs").fetchall()[0][0], learnt


if __name__ == "__main__":
    with duckdb.connect(sys.argv[1]) as c:
        save_model(train(c), Path(sys.argv[2]) if len(sys.argv) > 2 else MODEL_PATH)
