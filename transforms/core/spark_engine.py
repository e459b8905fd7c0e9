"""Scale-out: the matching and the per-value normalisation on Apache Spark (`--engine spark`).

The store stays DuckDB. Spark gets the two parts whose work grows with the data beyond what one
machine can take: Splink's pairwise scoring (blocking, comparisons, prediction: O(rows x block))
and the per-value normalisers of `staging`. Everything else (feature SQL before, pair rules after,
the golden records) is set-based SQL over tables no bigger than the input and stays in DuckDB.

Splink's Spark backend runs the same trained model as the DuckDB one. Its comparisons are the
model's DuckDB SQL translated to Spark SQL (`spark_sql`); `jaro_winkler_similarity` and
`damerau_levenshtein` are DuckDB's own functions run on the executors in Arrow UDFs, because the
Scala UDFs shipped with Splink score differently and the model was trained on DuckDB's: on the
sample's keys the jar's Jaro-Winkler differs for 3% of first-name pairs and a quarter of full-name
and company pairs, and 1 pair in 5,000 lands on the other side of a threshold (renata/ratna: DuckDB
0.89, the jar 0.86; its Damerau-Levenshtein counts characters where DuckDB counts UTF-8 bytes).

A run opens a session (`open_engine`) and stops it at the end; a session already running in this
process (a notebook, a test, Databricks) is used as it is and left running. A local master's
workers run this interpreter; on a cluster set PYSPARK_PYTHON to an environment with leadsweep.
"""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from transforms.core import store

ENGINES = ("duckdb", "spark")
DEFAULT_MASTER = "local[*]"
PREDICTION_COLUMNS = ("unique_id_l", "unique_id_r", "match_weight", "match_probability")
PREDICTION_PREFIXES = ("gamma_", "mw_")  # comparison levels and their weights, for `evidence`

UDF_PREFIX = "duckdb_"  # Spark name of a DuckDB function run in an Arrow UDF
VALUES_PER_SLICE = 2000  # distinct values a Spark task normalises (more on big inputs: 4 tasks a core)

# pyspark warns on pandas 3 whenever it loads its pandas helpers; no pandas object crosses the
# boundary here (Arrow tables in, Arrow tables out), so the warning says nothing about this code.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)


def missing_requirements() -> str | None:
    """Why `--engine spark` cannot run here (no pyspark, no Java), or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "--engine spark needs pyspark: pip install 'leadsweep[spark]'"
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and Path(java_home, "bin", "java").exists()) and shutil.which("java") is None:
        return "--engine spark needs Java 17 or newer: install a JRE (e.g. openjdk-17-jre-headless) or set JAVA_HOME"
    return None


def local_cores(master: str) -> int | None:
    """Cores of a `local`, `local[N]` or `local[*]` master; None for a cluster."""
    found = re.fullmatch(r"local(?:\[(\*|\d+)(?:,\d+)?\])?", master.strip())
    if found is None:
        return None
    return os.cpu_count() or 1 if found.group(1) == "*" else int(found.group(1) or 1)


def session_conf(master: str) -> dict[str, str]:
    """Settings for a batch stage rather than a notebook: no progress bars; locally also no web UI,
    loopback only, and a few shuffle partitions per core instead of Spark's 200."""
    conf = {"spark.app.name": "leadsweep", "spark.ui.showConsoleProgress": "false",
            "spark.sql.session.timeZone": "UTC"}
    cores = local_cores(master)
    if cores is not None:
        conf |= {"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1",
                 "spark.driver.bindAddress": "127.0.0.1",
                 "spark.sql.shuffle.partitions": str(2 * cores), "spark.default.parallelism": str(2 * cores)}
    return conf


def start_session(master: str = DEFAULT_MASTER):
    """A new Spark session on `master` (`local[*]`, `local[2]`, `spark://host:7077`, `yarn` ...).

    The JVM's console (Java's incubator-module notice, Spark's log, local workers' stderr) is kept off
    the user's terminal unless LEADSWEEP_DEBUG is set; Spark's errors still arrive as exceptions."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    if local_cores(master) is not None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers import transforms from this venv
    conf = SparkConf().setMaster(master).setAll(list(session_conf(master).items()))
    gateway = None
    if SparkContext._gateway is None and not os.environ.get("LEADSWEEP_DEBUG"):  # else: that JVM, as it is
        gateway = launch_gateway(conf, popen_kwargs={"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL})
    SparkContext(conf=conf, gateway=gateway)
    return SparkSession.builder.getOrCreate()


def running_session():
    """The Spark session this process already runs, or None."""
    from pyspark.errors import PySparkRuntimeError
    from pyspark.sql import SparkSession

    try:
        return SparkSession.active()
    except PySparkRuntimeError:
        return None


@contextmanager
def open_engine(engine: str, master: str = DEFAULT_MASTER) -> Iterator[SparkEngine | None]:
    """None for `duckdb` (DuckDB and a local process pool do all the work); a SparkEngine for `spark`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "duckdb":
        yield None
        return
    session = running_session()
    owned = session is None
    if owned:
        session = start_session(master)
    try:
        yield SparkEngine(session)
    finally:
        if owned:
            session.stop()


class SparkEngine:
    """Handle on a Spark session for the stages that scale out (tasks get this, never the session)."""

    def __init__(self, session):
        from pyspark.sql.functions import arrow_udf

        self.session = session
        for name, (func, return_type) in DUCKDB_UDFS.items():
            session.udf.register(UDF_PREFIX + name, arrow_udf(func, return_type))

    def map_values(self, func: Callable, values: list[tuple]) -> list[tuple]:
        """`[func(v) for v in values]` over Spark partitions (a few per core, at most one per
        VALUES_PER_SLICE values: a task costs more than a small slice), in order."""
        if not values:
            return []
        context = self.session.sparkContext
        slices = min(4 * context.defaultParallelism, -(-len(values) // VALUES_PER_SLICE))
        return context.parallelize(values, slices).map(func).collect()

    def predict(self, con: duckdb.DuckDBPyConnection, input_table: str, settings: dict, threshold: float,
                tf_tables: dict[str, str], out_table: str) -> str:
        """Splink's prediction over DuckDB's `input_table`, run on Spark, stored back as DuckDB `out_table`
        (ids, probability, weight, gamma_/mw_ columns). `tf_tables` are term-frequency lookups per column."""
        views = [input_table, *tf_tables.values()]
        with tempfile.TemporaryDirectory(prefix="leadsweep-spark-", dir=os.environ.get("LEADSWEEP_SPARK_STAGING")) \
                as staging:
            try:
                frames = {table: self.to_spark(con, table, Path(staging)) for table in views}
                linker = self._linker(frames, input_table, settings, tf_tables)
                pred = linker.inference.predict(threshold_match_probability=threshold).as_spark_dataframe()
                keep = [c for c in pred.columns if c in PREDICTION_COLUMNS or c.startswith(PREDICTION_PREFIXES)]
                to_duckdb(con, pred.select(*keep), out_table, Path(staging))
            finally:
                with contextlib.suppress(Exception):  # a failed clean-up must not hide why a prediction failed
                    self.drop_views(views)
        return out_table

    def _linker(self, frames: dict, input_table: str, settings: dict, tf_tables: dict[str, str]):
        from splink import Linker
        from splink.backends.spark import SparkAPI

        api = SparkAPI(spark_session=self.session, break_lineage_method="persist",
                       register_udfs_automatically=False)  # Splink's Scala UDFs are not used (see above)
        linker = Linker(api.register(frames[input_table], table_name=input_table), spark_settings(settings),
                        log_level=40)
        for column, table in tf_tables.items():
            linker.table_management.register_term_frequency_lookup(
                api.register(frames[table], table_name=table), column)
        return linker

    def to_spark(self, con: duckdb.DuckDBPyConnection, table: str, staging: Path):
        """A DuckDB table as a Spark DataFrame, through a Parquet file in `staging` that Spark reads in
        splits (a DataFrame made from rows in the driver is copied whole into every plan that uses it)."""
        path = staging / f"{table}.parquet"
        con.execute(f"copy {table} to {store.quote_literal(path)} (format parquet)").fetchall()
        return self.session.read.parquet(str(path))

    def drop_views(self, views: list[str]) -> None:
        """Uncache and drop `views` and Splink's working views, leaving the session as it was."""
        catalog = self.session.catalog
        for name in [t.name for t in catalog.listTables() if t.isTemporary]:
            if name in views or name.startswith("__splink__"):
                if catalog.isCached(name):
                    catalog.uncacheTable(name)
                catalog.dropTempView(name)


def to_duckdb(con: duckdb.DuckDBPyConnection, frame, table: str, staging: Path) -> None:
    """Store a Spark DataFrame as DuckDB `table`, through Parquet files the executors write to `staging`
    (nothing is collected in the driver)."""
    path = staging / table
    frame.write.parquet(str(path))
    files = store.quote_literal(f"{path}/*.parquet")
    con.execute(f"create or replace table {table} as select * from read_parquet({files})").fetchall()


@functools.cache
def _worker_duckdb() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config={"threads": 1})  # one per Spark worker process; Spark runs the cores


def duckdb_function(name: str, left: pa.Array, right: pa.Array) -> pa.Array:
    """DuckDB's two-argument function `name` over one Arrow batch (runs on the executors)."""
    con = _worker_duckdb()
    con.register("udf_args", pa.table({"l": left, "r": right}))
    try:
        return con.sql(f"select {name}(l, r) from udf_args").to_arrow_table().column(0).combine_chunks()
    finally:
        con.unregister("udf_args")


def jaro_winkler_similarity(left: pa.Array, right: pa.Array) -> pa.Array:
    return duckdb_function("jaro_winkler_similarity", left, right)


def damerau_levenshtein(left: pa.Array, right: pa.Array) -> pa.Array:
    return duckdb_function("damerau_levenshtein", left, right)  # on UTF-8 bytes, as in DuckDB


# DuckDB functions of the model's SQL that Spark runs as Arrow UDFs, and the other renames
DUCKDB_UDFS = {"jaro_winkler_similarity": (jaro_winkler_similarity, "double"),
               "damerau_levenshtein": (damerau_levenshtein, "bigint")}
SPARK_FUNCTIONS = {"list_intersect": "array_intersect", **{f: UDF_PREFIX + f for f in DUCKDB_UDFS}}


def spark_sql(condition: str) -> str:
    """A DuckDB comparison or blocking condition of the model in Spark SQL, with the same answers.

    Only functions known to agree pass; any other is an error, not a guess (sqlglot's own translation
    keeps jaro_winkler_similarity, which Spark lacks, and turns DuckDB's one-match regexp_replace into
    Spark's all-matches one)."""
    import sqlglot
    from sqlglot import exp

    def translate(node):
        # a replaced node's children are not visited again: translate them here
        if isinstance(node, exp.JarowinklerSimilarity):
            return _call(SPARK_FUNCTIONS["jaro_winkler_similarity"], [node.this, node.expression], translate)
        if isinstance(node, exp.Length) and isinstance(node.this, exp.Anonymous) \
                and node.this.name.lower() == "list_intersect":
            return _call("size", [node.this], translate)  # len() of a list
        if isinstance(node, exp.Anonymous) and node.name.lower() in SPARK_FUNCTIONS:
            return _call(SPARK_FUNCTIONS[node.name.lower()], node.expressions, translate)
        if isinstance(node, exp.RegexpReplace) and "g" in node.text("modifiers"):
            return node  # every match replaced, in both
        if isinstance(node, exp.Split) and isinstance(node.expression, exp.Literal):
            return node  # on a string, in both (sqlglot quotes it, \Q..\E, for Spark's pattern)
        if isinstance(node, exp.RegexpExtract) and node.text("group") in ("", "0") and not node.args.get("parameters"):
            # the whole first match, '' for none, in both: DuckDB's default group is 0, Spark's 1, so say 0
            return exp.RegexpExtract(this=node.this.transform(translate), expression=node.expression,
                                     group=exp.Literal.number(0))
        if isinstance(node, exp.Func) and not isinstance(node, (exp.And, exp.Or, exp.Not, exp.SplitPart)):
            raise ValueError(f"no Spark equivalent known for {node.sql('duckdb')} (in {condition})")
        return node

    return sqlglot.parse_one(condition, read="duckdb").transform(translate).sql(dialect="spark")


def _call(function: str, args: list, translate: Callable):
    from sqlglot import exp

    return exp.Anonymous(this=function, expressions=[a.transform(translate) for a in args])


def spark_settings(settings: dict) -> dict:
    """The model's Splink settings (DuckDB SQL) with every condition and blocking rule in Spark SQL."""
    translated = {**settings, "sql_dialect": "spark"}
    translated["comparisons"] = [
        {**comp, "comparison_levels": [
            lv if lv["sql_condition"] == "ELSE" else {**lv, "sql_condition": spark_sql(lv["sql_condition"])}
            for lv in comp["comparison_levels"]]}
        for comp in settings["comparisons"]]
    translated["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": spark_sql(rule["blocking_rule"] if isinstance(rule, dict) else rule)}
        for rule in settings["blocking_rules_to_generate_predictions"]]
    return translated
