"""lead_contracts: when a lead's competitor contract ends, from the golden record's contract-end column or else
from a member row's notes or timeline ("contratto ... fino al 31/12/2027", "Договор ... до 28.02.2027")."""
import datetime as dt

import duckdb
import pytest

from transforms.core.store import materialise


def contracts(leads: dict[str, dt.date | None], members: list[tuple]) -> dict[str, tuple]:
    """lead_contracts of this run's leads {lead_id: contract_end} and member rows (lead_id, notes, timeline)."""
    con = duckdb.connect()
    con.execute("create table leads (lead_id varchar, contract_end date)")
    con.executemany("insert into leads values (?, ?)", list(leads.items()))
    con.execute("create table lead_members (lead_id varchar, notes varchar, timeline varchar)")
    con.executemany("insert into lead_members values (?, ?, ?)", members)
    materialise(con, "lead_contracts")
    return {lead: (end, source) for lead, end, source in con.execute("select * from lead_contracts").fetchall()}


@pytest.mark.parametrize("notes, timeline, end", [
    ("Contratto luce con Enel fino al 31/12/2027", None, dt.date(2027, 12, 31)),
    ("Договор с А1 до 28.02.2027", None, dt.date(2027, 2, 28)),
    ("Kontrak Telkom berakhir 01-03-2028", None, dt.date(2028, 3, 1)),
    (None, "Contract ends 2027-06-30", dt.date(2027, 6, 30)),
    ("Renewal due 5/9/2027", None, dt.date(2027, 9, 5)),  # day first, as the UK writes it
])
def test_contract_end_is_read_from_notes_or_timeline(notes, timeline, end):
    assert contracts({"L1": None}, [("L1", notes, timeline)]) == {"L1": (end, "notes")}


def test_the_contract_end_column_wins_over_the_notes():
    got = contracts({"L1": dt.date(2027, 1, 31)}, [("L1", "Contratto in scadenza il 30/06/2029", None)])
    assert got == {"L1": (dt.date(2027, 1, 31), "contract_end column")}


def test_the_latest_date_of_the_member_rows_is_kept():
    got = contracts({"L1": None}, [("L1", "Договор до 31.03.2027", None), ("L1", "contratto fino al 30/09/2027", None)])
    assert got == {"L1": (dt.date(2027, 9, 30), "notes")}


def test_dates_without_a_contract_word_and_leads_of_other_runs_give_no_contract():
    got = contracts({"L1": None, "L2": None}, [
        ("L1", "Richiamare il 15/01/2027", "Q1 2027"),     # a call-back date, no contract
        ("L2", "Contratto in essere", None),               # no date
        ("L9", "Contract expires 2027-12-31", None),       # a lead not in this run
    ])
    assert got == {}
