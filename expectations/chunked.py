"""A suite judged chunk by chunk, so that a table of any size is validated in memory bounded by a chunk.

Each chunk of rows is one GX batch, and the per-chunk results add up to the result the whole table
would have given:
- row-by-row expectations (not null, regex, range, set): counts are summed, and `mostly` is judged on
  the sums, never per chunk;
- `increasing` is judged across chunk borders too (GX gives the first row of every batch a bye);
- the row count is the rows of all chunks;
- uniqueness is judged on the whole table in DuckDB (`table_checks`), because a repeat may sit in
  another chunk.
An expectation of any other kind is refused, not judged per chunk: a gate is never weakened silently.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from expectations import table_checks

ROW_BY_ROW = frozenset({
    "expect_column_values_to_not_be_null", "expect_column_values_to_be_null",
    "expect_column_values_to_match_regex", "expect_column_values_to_not_match_regex",
    "expect_column_values_to_be_between", "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
})
ACROSS_BORDERS = frozenset({"expect_column_values_to_be_increasing"})
ROW_COUNT = "expect_table_row_count_to_equal"
UNIQUE = frozenset({"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"})
PER_CHUNK = ROW_BY_ROW | ACROSS_BORDERS
MAX_ROWS_NAMED = 10


def _plain(value):
    return value.item() if hasattr(value, "item") else value


def _key(config) -> tuple[str, str]:
    """An expectation as GX reports it back (its result adds the batch id to the kwargs)."""
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    return config.type, json.dumps(kwargs, sort_keys=True, default=str)


def _error(item) -> str | None:
    """The exception message of a GX result; GX 1.x files it under the metric that raised it."""
    info = item.exception_info or {}
    if info.get("exception_message"):
        return info["exception_message"]
    nested = [v.get("exception_message") for v in info.values() if isinstance(v, dict)]
    return next((m for m in nested if m), None)


@dataclass
class Tally:
    """One expectation's result over the chunks seen so far."""

    expectation: Any
    unexpected_count: int | None = None
    considered: int = 0          # rows the expectation judged (GX skips missing values)
    rows: list = field(default_factory=list)
    observed: Any = None
    error: str | None = None
    broken: bool = False         # a chunk failed without counts (an exception): no sum can clear it
    last: Any = None             # `increasing`: the last value so far, to judge the next chunk's first

    @property
    def kind(self) -> str:
        return self.expectation.expectation_type

    def count(self, unexpected: int, considered: int, rows: list) -> None:
        self.unexpected_count = (self.unexpected_count or 0) + unexpected
        self.considered += considered
        self.rows.extend(rows[:MAX_ROWS_NAMED - len(self.rows)])

    def add_result(self, item, ids: list[str]) -> None:
        """Add one chunk's GX result for this expectation."""
        result = item.result or {}
        if not item.success:
            self.error = self.error or _error(item)
        if result.get("unexpected_count") is None:
            self.broken |= not item.success
            return
        named = [{k: _plain(v) for k, v in row.items() if k in ids} if isinstance(row, dict) else _plain(row)
                 for row in (result.get("unexpected_index_list") or [])[:MAX_ROWS_NAMED]]
        self.count(result["unexpected_count"], result.get("element_count", 0) - (result.get("missing_count") or 0),
                   named)

    def judge_border(self, chunk: pd.DataFrame, ids: list[str]) -> None:
        """`increasing` between the previous chunk's last value and this chunk's first (nulls skipped, as GX does)."""
        values = chunk[self.expectation.column].dropna()
        if values.empty:
            return
        first = values.iloc[0]
        if self.last is not None and not (first > self.last if self.expectation.strictly else first >= self.last):
            self.count(1, 0, [{c: _plain(chunk.at[values.index[0], c]) for c in ids}])
        self.last = values.iloc[-1]

    @property
    def success(self) -> bool:
        if self.broken:
            return False
        if self.kind == ROW_COUNT:
            return self.observed == self.expectation.value
        if not self.unexpected_count:
            return True
        if not self.considered:
            return False
        mostly = getattr(self.expectation, "mostly", None)
        mostly = 1.0 if mostly is None else mostly
        return (self.considered - self.unexpected_count) / self.considered >= mostly  # GX's own `mostly` rule

    def gx_result(self, rows: int):
        """This expectation's verdict on the whole table as a GX result (counts only, no row values)."""
        from great_expectations.core import ExpectationValidationResult

        if self.kind == ROW_COUNT:
            result = {"observed_value": self.observed}
        else:
            missing = rows - self.considered if self.kind not in UNIQUE else 0
            unexpected = self.unexpected_count or 0
            result = {"element_count": rows, "missing_count": missing,
                      "missing_percent": 100.0 * missing / rows if rows else None,
                      "unexpected_count": unexpected,
                      "unexpected_percent": 100.0 * unexpected / self.considered if self.considered else None,
                      "unexpected_percent_nonmissing": 100.0 * unexpected / self.considered if self.considered
                      else None, "partial_unexpected_list": []}
        error = {"raised_exception": True, "exception_message": self.error, "exception_traceback": None} \
            if self.error else None
        return ExpectationValidationResult(success=self.success, expectation_config=self.expectation.configuration,
                                           result=result, exception_info=error)

    def failure(self) -> dict:
        kwargs = self.expectation.configuration.kwargs
        return {"expectation": self.kind, "column": kwargs.get("column") or kwargs.get("column_list"),
                "unexpected_count": self.unexpected_count, "observed": self.observed, "rows": self.rows,
                "error": self.error}


class ChunkedSuite:
    """A suite's expectations with their tallies: feed it every chunk's GX result, then read the failures."""

    def __init__(self, name: str, expectations: list, id_columns: list[str]):
        refused = [e.expectation_type for e in expectations if e.expectation_type not in PER_CHUNK | UNIQUE
                   and e.expectation_type != ROW_COUNT]
        if refused:
            raise ValueError(f"suite {name}: {', '.join(refused)} cannot be judged chunk by chunk; "
                             "teach expectations/chunked.py how to add it up first")
        self.tallies = [Tally(e) for e in expectations]
        self.id_columns = id_columns
        self.rows = 0

    @property
    def per_chunk(self) -> list:
        """The expectations each chunk's GX batch judges."""
        return [t.expectation for t in self.tallies if t.kind in PER_CHUNK]

    @property
    def columns(self) -> list[str]:
        """Every column the suite reads, ids first."""
        named = [c for t in self.tallies for c in ([t.expectation.configuration.kwargs.get("column")]
                                                   + list(t.expectation.configuration.kwargs.get("column_list") or []))]
        return list(dict.fromkeys([*self.id_columns, *filter(None, named)]))

    def judge_unique(self, con: duckdb.DuckDBPyConnection, source: str) -> None:
        """Uniqueness on the whole of `source` (a table, or a SELECT of the same rows), in DuckDB."""
        for tally in (t for t in self.tallies if t.kind in UNIQUE):
            kwargs = tally.expectation.configuration.kwargs
            key = list(kwargs.get("column_list") or [kwargs["column"]])
            ignore = getattr(tally.expectation, "ignore_row_if", None) or "all_values_are_missing"
            considered, repeated, rows = table_checks.duplicates(con, source, key, self.id_columns, ignore,
                                                                 MAX_ROWS_NAMED)
            tally.count(repeated, considered, rows)

    def add(self, chunk: pd.DataFrame, result) -> None:
        """One chunk and its GX validation result (None when no expectation is judged per chunk)."""
        self.rows += len(chunk)
        ids = [c for c in self.id_columns if c in chunk.columns]
        items = {_key(item.expectation_config): item for item in (result.results if result else [])}
        for tally in self.tallies:
            if tally.kind in ACROSS_BORDERS and tally.expectation.column in chunk.columns:
                tally.judge_border(chunk, ids)
            item = items.get(_key(tally.expectation.configuration))
            if item is not None:
                tally.add_result(item, ids)

    def _count_rows(self) -> None:
        for tally in self.tallies:
            if tally.kind == ROW_COUNT:
                tally.observed = self.rows

    def failures(self) -> list[dict]:
        self._count_rows()
        return [t.failure() for t in self.tallies if not t.success]

    def gx_results(self) -> list:
        """Every expectation's verdict on the whole table, as GX results (for Data Docs)."""
        self._count_rows()
        return [t.gx_result(self.rows) for t in self.tallies]
