"""The output files are neutralised in SQL as DuckDB writes them; the SQL rule must say what the one-cell
rule in Python says, for every script's digits and spaces."""
from __future__ import annotations

import sys
import unicodedata

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.core.store import define_macros
from transforms.export.formulas import neutralise

# every character Python's re reads as a digit or a space, beside the formula starts and some text
DIGITS = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Nd")
SPACES = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from("=+-@\t\r\n 0123456789.٣Жàa'\u00a0"), max_size=8),
    st.builds(lambda sign, body, end: sign + body + end, st.sampled_from("+-"),
              st.text(alphabet=st.sampled_from(DIGITS[::7] + SPACES + "."), max_size=6), st.sampled_from(["", "\n"])),
    st.sampled_from(["+393475820193", "-2+3", "=1+1", "@SUM(1)", "Иван", "Niccolò", "+62 812 3456", "+12.5\n"]))


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    define_macros(con)
    return con


def sql_neutralised(con, cells: list) -> list:
    rows = con.execute("select neutralised(cell) from unnest($cells::varchar[]) with ordinality t(cell, n) "
                       "order by n", {"cells": cells}).fetchall()
    return [r[0] for r in rows]


@given(st.lists(CELLS, max_size=30))
def test_the_sql_rule_agrees_with_neutralise(con, cells):
    expected = [None if c == "" else neutralise(c) for c in cells]  # an empty text prints as a missing value
    assert sql_neutralised(con, cells) == expected


@pytest.mark.parametrize("digit", [DIGITS[0], "٣", "३", "৩", "０", DIGITS[-1]])
@pytest.mark.parametrize("space", [" ", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85"])
def test_signed_numbers_in_any_script_stay_numbers(con, digit, space):
    cell = f"+{digit}{space}{digit}{digit}.{digit}"
    assert neutralise(cell) == cell
    assert sql_neutralised(con, [cell]) == [cell]


def test_numbers_stay_and_payloads_are_quoted(con):
    cells = ["+393475820193", "+62 812 3456", "-2+3", "=HYPERLINK(\"x\")", "Цветелина", "\t=1", "@x"]
    assert sql_neutralised(con, cells) == [
        "+393475820193", "+62 812 3456", "'-2+3", "'=HYPERLINK(\"x\")", "Цветелина", "'\t=1", "'@x"]
