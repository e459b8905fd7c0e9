"""The DuckDB lead store: one connection per run, and a tiny runner for the stages' `sql/NN_<table>.sql` models."""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # pandas comes with DuckDB's frames; the CLI imports this module before it needs pandas
    import pandas as pd
    import pyarrow as pa

# DuckDB spills to disk past this; 2 GB keeps a 1M-row run under 3 GB in all (LEADSWEEP_MEMORY_LIMIT to change)
DEFAULT_MEMORY_LIMIT = "2GB"
TRANSFORMS = Path(__file__).parents[1]
SCHEMA = Path(__file__).with_name("schema.sql")  # every kept table of the store, with its grain
MACROS = Path(__file__).with_name("macros.sql")  # rules more than one model reads
DATA_DIR = TRANSFORMS / "data"  # reference tables shipped with the package, loaded as ref_<name>
VECTOR_ROWS = 2048  # DuckDB's vector size: `fetch_df_chunk` counts in vectors
CHUNK_ROWS = 100_000  # rows per chunk when a big table is read into pandas: ~40 MB of a wide output frame


class StoreBusy(Exception):
    """Another run holds the store; only one run may write a store at a time."""


def connect(db_path: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open (or create) the store with a memory limit and spilling to a temp folder beside it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusy(f"the store {db_path} is in use by another leadsweep run; wait for it to finish") from None
        raise
    con.execute(f"set memory_limit = '{memory_limit}'")
    con.execute(f"set temp_directory = '{db_path.parent / (db_path.stem + '.tmp')}'")
    con.execute("set preserve_insertion_order = false")
    if threads:
        con.execute(f"set threads = {int(threads)}")
    return con


def release_unused_memory() -> None:
    """Hand back to the system what a stage freed: Arrow's memory pool and glibc's heap keep freed
    pages for reuse, and the next stage's DuckDB memory would come on top of them."""
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def quote_identifier(name: str) -> str:
    """A column or table name as SQL spells it, whatever characters it holds."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str | Path) -> str:
    """A text (a file path, say) as an SQL string literal, for the places DuckDB takes no parameter."""
    return "'" + str(text).replace("'", "''") + "'"


def records(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[dict]:
    """Rows of a query as dicts (for summaries and explanations, never for bulk data)."""
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read_chunks(con: duckdb.DuckDBPyConnection, sql: str, chunk_rows: int | None = None,
                params: dict | None = None) -> Iterator[pd.DataFrame]:
    """Rows of a query as frames of at most `chunk_rows` rows, in the query's order, for results too big to
    hold whole. The frames come from DuckDB's own pandas conversion, so values are typed as `.df()` types
    them; each frame's index counts rows from the start of the result. An empty result still gives one
    (empty) frame, so its columns are known. Run no other query on `con` until the chunks are read.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    result = con.execute(sql, params or {})
    vectors = max(1, chunk_rows // VECTOR_ROWS)  # whole vectors: below one, a fetch is cut into chunks
    offset = 0
    while True:
        fetched = result.fetch_df_chunk(vectors)
        if fetched.empty and offset:
            return
        for start in range(0, len(fetched) or 1, chunk_rows):
            chunk = fetched.iloc[start:start + chunk_rows]
            chunk.index = range(offset, offset + len(chunk))  # a RangeIndex
            offset += len(chunk)
            yield chunk
        if fetched.empty:
            return


def model_path(name: str) -> Path:
    """The file of model `name`: `<stage>/sql/NN_<name>.sql` (table names and numbers are unique project-wide)."""
    matches = sorted(TRANSFORMS.glob(f"*/sql/[0-9][0-9]_{name}.sql"))
    if len(matches) != 1:
        raise FileNotFoundError(f"expected one <stage>/sql/NN_{name}.sql, found {len(matches)}")
    return matches[0]


def sql_text(name: str) -> str:
    """The SELECT of model `name`."""
    return model_path(name).read_text(encoding="utf-8")


def materialise(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> int:
    """Run model `name` (`<stage>/sql/NN_<name>.sql`) and store its result as table `name`; returns the row count.

    Only the `$parameters` a model uses are passed, so one settings dict serves every model; the shared
    rules of `macros.sql` are (re)defined first, a fraction of a millisecond.
    """
    sql = sql_text(name)
    define_macros(con)
    used = {p: v for p, v in (params or {}).items() if re.search(rf"\${p}\b", sql)}
    con.execute(f"create or replace table {name} as {sql}", used)
    return con.execute(f"select count(*) from {name}").fetchone()[0]


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)define the shared rules of `macros.sql` on `con`."""
    con.execute(MACROS.read_text(encoding="utf-8")).fetchall()


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The store's kept tables (`schema.sql`), created where missing; a kept store's are left as they are."""
    con.execute(SCHEMA.read_text(encoding="utf-8"))


def load_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Seed tables shipped with the package (placeholder names, job-title levels ...) as `ref_<name>`."""
    for path in sorted(DATA_DIR.glob("*.csv")):
        con.execute(
            f"create or replace table ref_{path.stem} as select * from read_csv($p, header = true, all_varchar = true)",
            {"p": str(path)},
        )


def create_empty(con: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema) -> None:
    """(Re)create store table `table` empty, with the columns of an Arrow schema."""
    con.register("empty_arrow", schema.empty_table())
    con.execute(f"create or replace table {table} as select * from empty_arrow")
    con.unregister("empty_arrow")


def append(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Append Arrow rows to store table `table`, matching columns by name."""
    con.register("append_arrow", rows)
    con.execute(f"insert into {table} by name select * from append_arrow")
    con.unregister("append_arrow")


class TableSink:
    """Store table `table` (made empty with `schema`), filled piece by piece as a file is read."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema):
        self.con, self.table = con, table
        create_empty(con, table, schema)

    def append(self, rows: pa.Table) -> None:
        append(self.con, self.table, rows)


class Store:
    """Handle on the run's open store. Tasks get this handle rather than the connection, so that
    nothing Prefect keeps after the run (task inputs) holds a live DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con: duckdb.DuckDBPyConnection | None = con

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise RuntimeError("the store is closed")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


@contextmanager
def open_store(db_path: Path, fresh: bool, memory_limit: str = DEFAULT_MEMORY_LIMIT,
               compact: bool = False) -> Iterator[Store]:
    """The run's store with its persistent tables and reference data; `fresh` starts it empty.

    A run is all or nothing for the store too: it works on a copy beside it (`.<name>.running.duckdb`),
    which replaces the store in one rename when the run ends well. A run that fails, is stopped or is
    killed leaves the store as it was, byte for byte, and no lead id it issued survives it. One run at a
    time: a second one finds the store locked and stops at once (StoreBusy). `compact` writes the store anew
    from its live data instead (`forget`: a deleted row's bytes may linger in the file's freed pages)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    working = db_path.with_name(f".{db_path.stem}.running{db_path.suffix}")
    with _run_lock(db_path):
        _remove(working)  # left by a run that was killed
        if db_path.exists() and not fresh:
            _checkpoint(db_path)
            shutil.copyfile(db_path, working)
        published = False
        try:
            store = Store(connect(working, memory_limit))
            try:
                create_schema(store.con)
                load_reference_tables(store.con)
                yield store
            finally:
                store.close()
            # the store was checkpointed when the run began, so its log holds nothing; it goes first, as a
            # log beside the new file would be replayed into it. The rename replaces the store in one step.
            if compact:
                working = _compacted(working)
            _wal(db_path).unlink(missing_ok=True)
            os.replace(working, db_path)
            published = True
        finally:
            if not published:
                _remove(working)


def _compacted(db_path: Path) -> Path:
    """A new file beside `db_path` holding only its live data (tables, views, macros); `db_path` is removed."""
    fresh = db_path.with_name(f".{db_path.stem}.compact{db_path.suffix}")
    _remove(fresh)
    with duckdb.connect() as con:
        con.execute("attach $old as old_store (read_only)", {"old": str(db_path)})
        con.execute("attach $new as new_store", {"new": str(fresh)})
        con.execute("copy from database old_store to new_store")
    _remove(db_path)
    return fresh


def _wal(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def _remove(db_path: Path) -> None:
    for path in (db_path, _wal(db_path)):
        path.unlink(missing_ok=True)


def _checkpoint(db_path: Path) -> None:
    """Fold the store's write-ahead log into it (a store a crash left with one), so that the file alone is
    the store; raises StoreBusy if another process has it open."""
    with connect(db_path) as con:
        con.execute("checkpoint")


@contextmanager
def _run_lock(db_path: Path) -> Iterator[None]:
    """Hold `.<name>.lock` beside the store for the run (the system releases it if the process dies)."""
    with open(db_path.with_name(f".{db_path.name}.lock"), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(f"the store {db_path} is in use by another leadsweep run; wait for it to finish") from None
        yield
