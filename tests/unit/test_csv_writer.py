"""DuckDB writes the output files: in the file's order however the store happens to hold the table, and
every cell printed as the pandas export printed it (RFC 4180 quoting, CRLF, numbers, dates, empty cells)."""
import csv
import io

import duckdb
import pytest

from transforms.core.store import define_macros
from transforms.export.formulas import neutralise
from transforms.export.invariants import InvariantBroken, check_no_formulas
from transforms.export.outputs import OUTPUT_TABLES, printed_query, write_csv

TRICKY = ["a\rb", "a\nb", 'say "hi"', "Rossi, Mario", "\tx", "", " padded ", "#1 Dealer", "x;y", "NULL",
          "\\", "Иван\u2028Петров", "'", "\x0b", "=HYPERLINK(1)", "\u00a0", "-1", "+1e5", "12", "line\r\n", "Ünïcödé"]
NUMBERS = [0.1, 1e16, 1.5e-7, 123456789.125, -0.0, 2.0, 1e22, 5e-324, None]


def written_rows(con, name: str, folder) -> list[dict]:
    table, order = OUTPUT_TABLES[name]
    write_csv(con, printed_query(con, table, order), folder / name)
    with open(folder / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_call_list_is_written_in_priority_order_not_storage_order(tmp_path):
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false")
    # stored back to front, as a parallel insert into a big table may leave it; big enough for several threads
    con.execute("create table call_list as select (300000 - i)::int as priority_rank, 'L' || i as lead_id "
                "from range(300000) t(i)")
    ranks = [int(r["priority_rank"]) for r in written_rows(con, "call_list.csv", tmp_path)]
    assert ranks == list(range(1, 300001))


def test_lineage_is_written_in_file_and_row_order(tmp_path):
    con = duckdb.connect()
    con.execute("create table lineage as select * from (values ('b.csv', 2), ('a.csv', 10), ('a.csv', 9), "
                "('b.csv', 1)) t(source_file, source_row)")
    rows = written_rows(con, "lineage.csv", tmp_path)
    assert [(r["source_file"], r["source_row"]) for r in rows] == [("a.csv", "9"), ("a.csv", "10"), ("b.csv", "1"),
                                                                   ("b.csv", "2")]


def test_cells_print_as_the_pandas_export_printed_them(tmp_path):
    con = duckdb.connect()
    define_macros(con)
    con.execute("create table t (k int, v varchar, d double, dt date)")
    for k, v in enumerate(TRICKY):
        con.execute("insert into t values (?, ?, ?, ?)", [k, v, NUMBERS[k % len(NUMBERS)],
                                                          None if k % 3 else f"2027-01-{1 + k % 9:02d}"])
    write_csv(con, printed_query(con, "t", "k"), tmp_path / "t.csv", bom=True)
    frame = con.execute("select * from t order by k").df()
    frame["v"] = frame["v"].map(neutralise)
    expected = io.StringIO()
    frame.to_csv(expected, index=False, lineterminator="\r\n")
    assert (tmp_path / "t.csv").read_bytes() == b"\xef\xbb\xbf" + expected.getvalue().encode()
    assert not list(tmp_path.glob(".*"))  # the file DuckDB wrote took its name


def test_a_formula_after_a_comment_like_row_is_found(tmp_path):
    con = duckdb.connect()
    define_macros(con)
    con.execute("copy (select * from (values ('#a', 'x'), ('b\r\nc', '=1'), ('# d', 'y')) v(p, q)) "
                f"to '{tmp_path / 'f.csv'}' (header, new_line '\r\n', comment '')")
    with pytest.raises(InvariantBroken, match="f.csv: column q has a formula-like cell"):
        check_no_formulas(con, "f.csv", tmp_path / "f.csv")
