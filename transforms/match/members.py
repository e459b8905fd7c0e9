"""The store's memory of who is who: every staged row with its lead (`lead_members`), the matcher's row
features of those rows (`member_features`, so that a later run compares its rows with them without
recomputing), and the scored pairs behind each lead (`pair_evidence`, for `explain`)."""
from __future__ import annotations

import duckdb

from transforms.core.store import create_schema, define_macros
from transforms.match.splink_model import SQL_PLACEHOLDERS, splink_sql

# a file is turned round when at least this many of its rows hold words the other files know, and five in
# eight of those (a lean below -0.25) hold them the other way round (`name_order.sql`): a scraped phone book
# may write one name in four first name first, and turning it still puts three in four the right way
MIN_ORDER_ROWS = 5
TURN_LEAN = -0.25


def row_features(con: duckdb.DuckDBPyConnection, source: str, table: str, orient: bool = False,
                 with_store: bool = False) -> list[str]:
    """Compute `row_features.sql` over the rows `source` selects (stg_leads columns and run_id) into temporary
    table `table`; `orient`, with each file's names turned round if it writes the surname first
    (`surname_first_files`). Returns the files turned round."""
    define_macros(con)  # placeholder_name
    con.execute(f"create or replace temp view feature_source as {source}").fetchall()
    con.execute("create or replace temp table turned_files (source_file varchar)").fetchall()
    turned = surname_first_files(con, with_store) if orient else []
    con.execute(f"create or replace temp table {table} as {splink_sql('row_features')}").fetchall()
    con.execute("drop view feature_source").fetchall()
    con.execute("drop table turned_files").fetchall()
    return turned


def surname_first_files(con: duckdb.DuckDBPyConnection, with_store: bool) -> list[str]:
    """Fill `turned_files` with the files of `feature_source` whose names are written surname first, as far
    as the other files (and, `with_store`, the stored rows) tell, and return them.

    A file the store already holds keeps the order it was read in before, so that its rows of this run and
    of earlier ones agree. Of the others, the file leaning most the other way round is turned, and the rest
    asked again, until none leans so. Matching needs the files to agree, not to be right: of two files that
    disagree, the one whose names came as one full-name column (`raw_rows`: its order read from the words,
    not from headers) is turned, else the smaller. A list of one file, or names no other file holds, teach
    nothing."""
    con.execute(f"""create or replace temp table name_words as
                    select source_file, first_key as fk, {SQL_PLACEHOLDERS['surname_key']} as lk from feature_source
                    where nullif(first_key, '') is not null and nullif(name_key, '') is not null""").fetchall()
    settled = dict(con.execute("""select source_file, bool_or(coalesce(surname_first, false)) from member_features
                                  where $with_store and source_file in (select source_file from name_words)
                                  group by source_file""", {"with_store": with_store}).fetchall())
    turned = sorted(f for f, surname_first in settled.items() if surname_first)
    for name in turned:
        con.execute("insert into turned_files values ($f)", {"f": name}).fetchall()
    headed = _files_with_name_columns(con)
    while True:
        files = con.execute(splink_sql("name_order"), {"with_store": with_store}).fetchall()
        leaning = sorted((name in headed, lean, named, name) for name, named, known, lean in files
                         if known >= MIN_ORDER_ROWS and lean < TURN_LEAN and name not in settled
                         and name not in turned)
        if not leaning:
            break
        turned.append(leaning[0][-1])
        con.execute("insert into turned_files values ($f)", {"f": leaning[0][-1]}).fetchall()
    con.execute("drop table name_words").fetchall()
    return sorted(turned)


def _files_with_name_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The files of this run (`raw_rows`, when there is one) that give first and last name in columns of
    their own: their headers say which is which."""
    if not con.execute("select count(*) from duckdb_tables() where table_name = 'raw_rows'").fetchall()[0][0]:
        return set()
    return {f for (f,) in con.execute("select source_file from raw_rows group by source_file "
                                      "having count(first_name) + count(last_name) > 0").fetchall()}


def ensure_member_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The kept store's row tables (`schema.sql`: `lead_members`, `member_features`, `member_feature_runs`),
    created if missing and given the columns `stg_leads` and the row features have gained since a kept store
    was made."""
    create_schema(con)
    _add_missing_columns(con, "lead_members", "stg_leads")
    row_features(con, "select *, ''::varchar as run_id from stg_leads limit 0", "member_features_now")
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


def catch_up_member_features(con: duckdb.DuckDBPyConnection) -> None:
    """Row features for stored rows of runs that predate `member_features` (stores of older versions)."""
    missing = "select distinct run_id from lead_members anti join member_feature_runs using (run_id)"
    if not con.execute(f"select count(*) from ({missing})").fetchall()[0][0]:
        return
    row_features(con, f"select * from lead_members where quarantine_reason is null and run_id in ({missing})",
                  "member_features_missing")
    con.execute("insert into member_features by name select * from member_features_missing").fetchall()
    con.execute(f"insert into member_feature_runs {missing}").fetchall()
    con.execute("drop table member_features_missing").fetchall()


def record_members(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Append this run's usable staged rows, with their lead, to the store's `lead_members` (and their
    row features to `member_features`)."""
    ensure_member_tables(con)
    con.execute("delete from lead_members where run_id = $run_id", {"run_id": run_id})
    con.execute("""
        insert into lead_members by name
        select s.*, c.lead_id, $run_id as run_id
        from stg_leads s join lead_clusters c using (row_id)
    """, {"run_id": run_id})
    record_member_features(con, run_id)


def record_pair_evidence(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Keep this run's scored pairs, with the leads their rows ended in, for `explain`."""
    con.execute("delete from pair_evidence where run_id = $run_id", {"run_id": run_id})
    con.execute("""
        insert into pair_evidence by name
        select $run_id as run_id, cl.lead_id as lead_id_l, p.source_file_l, p.source_row_l,
               coalesce(p.lead_id_r, cr.lead_id) as lead_id_r, p.source_file_r, p.source_row_r,
               p.match_probability, p.match_weight, p.evidence
        from match_pairs p
        join lead_clusters cl on cl.row_id = p.row_id_l
        left join lead_clusters cr on cr.row_id = p.row_id_r
    """, {"run_id": run_id})
