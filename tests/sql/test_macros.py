"""core/macros.sql: the rules several models share, written once (a headcount means the same for a lead
and for a won/lost CRM row)."""
import duckdb
import pytest

from transforms.core.store import MACROS


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        connection.execute(MACROS.read_text(encoding="utf-8"))
        yield connection


@pytest.mark.parametrize("written, headcount, band", [
    ("50-249", 149.5, "100-249"), ("1.200", 1200.0, "1000-4999"), ("1,200 dipendenti", 1200.0, "1000-4999"),
    ("около 35 служители", 35.0, "20-49"), ("7", 7.0, "1-9"), ("20.000.000", None, None),
    ("3474815011", None, None), ("n/d", None, None), (None, None, None),
])
def test_headcount_and_size_band(con, written, headcount, band):
    assert con.execute("select headcount($w), size_band(headcount($w))", {"w": written}).fetchone() == (headcount, band)


def test_a_lead_and_a_crm_row_with_one_headcount_get_one_band(run_models):
    customers = [{"outcome": "won", "company": "Rossi S.p.A.", "employees": "20.000.000", "industry": "Logistica"},
                 {"outcome": "lost", "company": "Bianchi S.r.l.", "employees": "1.200", "industry": "Logistica"}]
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", "employees": "20.000.000", "country": "IT"},
                      {"first_name": "Anna", "last_name": "Bianchi", "employees": "1.200", "country": "IT"}],
                     customers=customers)
    leads = con.execute("select size_band from lead_signals order by employees_n nulls first").fetchall()
    crm = con.execute("select value from crm_features where feature = 'size_band' order by won_n desc").fetchall()
    assert leads == [(None,), ("1000-4999",)] and crm == [("unknown",), ("1000-4999",)]
