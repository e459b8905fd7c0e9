"""The call list is published in priority order however the store happens to hold the table, and
however many chunks it is read in."""
import duckdb
import pandas as pd

from transforms.export.outputs import output_chunks


def read_output(con, name: str, chunk_rows: int) -> pd.DataFrame:
    return pd.concat(list(output_chunks(con, name, chunk_rows)))


def test_call_list_is_read_in_priority_order_not_storage_order():
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false")
    # stored back to front, as a parallel insert into a big table may leave it
    con.execute("create table call_list as select (1000 - i)::int as priority_rank, 'L' || i as lead_id "
                "from range(1000) t(i)")
    for chunk_rows in (7, 100_000):
        frame = read_output(con, "call_list.csv", chunk_rows)
        assert frame["priority_rank"].tolist() == list(range(1, 1001))


def test_lineage_is_read_in_file_and_row_order():
    con = duckdb.connect()
    con.execute("create table lineage as select * from (values ('b.csv', 2), ('a.csv', 10), ('a.csv', 9), "
                "('b.csv', 1)) t(source_file, source_row)")
    frame = read_output(con, "lineage.csv", 3)
    assert list(zip(frame.source_file, frame.source_row, strict=True)) == [("a.csv", 9), ("a.csv", 10), ("b.csv", 1),
                                                                           ("b.csv", 2)]
