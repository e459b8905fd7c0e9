"""The call list is published in priority order however the store happens to hold the table."""
import duckdb

from transforms.export import read_output


def test_call_list_is_read_in_priority_order_not_storage_order():
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false")
    # stored back to front, as a parallel insert into a big table may leave it
    con.execute("create table call_list as select (1000 - i)::int as priority_rank, 'L' || i as lead_id "
                "from range(1000) t(i)")
    frame = read_output(con, "call_list.csv")
    assert frame["priority_rank"].tolist() == list(range(1, 1001))


def test_lineage_is_read_in_file_and_row_order():
    con = duckdb.connect()
    con.execute("create table lineage as select * from (values ('b.csv', 2), ('a.csv', 10), ('a.csv', 9), "
                "('b.csv', 1)) t(source_file, source_row)")
    frame = read_output(con, "lineage.csv")
    assert list(zip(frame.source_file, frame.source_row)) == [("a.csv", 9), ("a.csv", 10), ("b.csv", 1), ("b.csv", 2)]
