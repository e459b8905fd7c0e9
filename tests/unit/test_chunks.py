"""Reading big results in chunks gives what reading them whole gave."""
from __future__ import annotations

import duckdb
import pandas as pd

from transforms.core.store import read_chunks


def test_chunks_hold_every_row_once_in_order_with_a_running_index():
    con = duckdb.connect()
    sql = "select i, 'Цветелина ' || i as name from range(5000) t(i) order by i desc"
    assert [len(c) for c in read_chunks(con, sql, 4096)] == [4096, 904]
    assert {len(c) for c in read_chunks(con, sql, 7)} <= set(range(1, 8))
    chunks = list(read_chunks(con, sql, 3000))
    whole = pd.concat(chunks)
    assert whole["i"].tolist() == list(range(4999, -1, -1)) and whole.index.tolist() == list(range(5000))


def test_chunks_are_typed_as_the_whole_result():
    con = duckdb.connect()
    sql = ("select i, case when i % 3 = 0 then null else i end as maybe, i / 7 as share, "
           "date '2026-11-23' + i::int as on_, "
           "case when i % 2 = 0 then 'Siti' end as name from range(20) t(i) order by i")
    whole = con.execute(sql).df()
    chunked = list(read_chunks(con, sql, 7))
    assert pd.concat(chunked).to_csv(index=False) == whole.to_csv(index=False)
    assert "".join(c.to_csv(index=False, header=n == 0) for n, c in enumerate(chunked)) == whole.to_csv(index=False)


def test_an_empty_result_is_one_empty_chunk_with_its_columns():
    chunks = list(read_chunks(duckdb.connect(), "select 1 as lead_id, 'x' as tier where false", 7))
    assert len(chunks) == 1 and chunks[0].empty and list(chunks[0].columns) == ["lead_id", "tier"]
