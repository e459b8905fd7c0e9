"""stg_leads on a few hand-written raw rows: dates of birth, contract ends, opt-outs and consent."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.sql.conftest import raw_table
from transforms.core import store
from transforms.ingest import lists
from transforms.stage import staging

D = dt.date


@pytest.fixture
def staged(tmp_path):
    """staged(rows) -> {(source_file, source_row): stg_leads row as a dict}."""
    opened = []

    def stage(rows: list[dict]) -> dict[tuple[str, int], dict]:
        ctx = store.open_store(tmp_path / "store.duckdb", fresh=True)
        con = ctx.__enter__().con
        opened.append(ctx)
        lists.load_raw_rows(con, raw_table(rows))
        staging.stage_leads(con)
        result = con.execute("select * from stg_leads")
        names = [d[0] for d in result.description]
        return {(r["source_file"], r["source_row"]): r
                for r in (dict(zip(names, row, strict=True)) for row in result.fetchall())}

    yield stage
    for ctx in opened:
        ctx.__exit__(None, None, None)


def test_dates_of_birth_are_parsed_and_impossible_ones_are_null(staged):
    dobs = ["1956-04-09", "09/04/1956", "09.04.1956", "19560409", "09-04-1956", "9 aprile 1956", "09/04/56",
            "31/02/1980", "2099-01-01", "1850-01-01", "sconosciuta", None]
    rows = staged([{"full_name": f"Persona {i}", "dob": dob} for i, dob in enumerate(dobs)])
    got = [(rows["list.csv", i + 1]["dob_raw"], rows["list.csv", i + 1]["dob"]) for i in range(len(dobs))]
    assert got == [(dob, D(1956, 4, 9)) for dob in dobs[:7]] + [(dob, None) for dob in dobs[7:]]


def test_a_file_that_writes_the_month_first_is_read_month_first(staged):
    rows = staged([
        {"full_name": "Ann Lee", "dob": "12/31/1980", "contract_end": "01/02/2028", "source_file": "us.csv"},
        {"full_name": "Bob Ray", "dob": "4/9/1956", "source_file": "us.csv"},
        {"full_name": "Mario Rossi", "dob": "31/12/1980", "contract_end": "01/02/2028", "source_file": "it.csv"},
        {"full_name": "Anna Verdi", "dob": "4/9/1956", "source_file": "it.csv"},
        {"full_name": "Ivan Petrov", "dob": "04.09.1956", "source_file": "bg.csv"},  # no evidence: day first
    ])
    assert [rows["us.csv", 1]["dob"], rows["us.csv", 1]["contract_end"], rows["us.csv", 2]["dob"]] == \
        [D(1980, 12, 31), D(2028, 1, 2), D(1956, 4, 9)]
    assert [rows["it.csv", 1]["dob"], rows["it.csv", 1]["contract_end"], rows["it.csv", 2]["dob"]] == \
        [D(1980, 12, 31), D(2028, 2, 1), D(1956, 9, 4)]
    assert rows["bg.csv", 1]["dob"] == D(1956, 9, 4)


def test_contract_end_dates_as_renewal_columns_hold_them(staged):
    ends = ["31/12/2027", "2027-12-31", "31.12.2027", "31-12-2027", "20271231", "31/12/27", "2027-12-31 00:00:00",
            "31 dicembre 2027", "Dec 31, 2027"]
    rows = staged([{"full_name": f"Persona {i}", "contract_end": e} for i, e in enumerate(ends)])
    assert [rows["list.csv", i + 1]["contract_end"] for i in range(len(ends))] == [D(2027, 12, 31)] * len(ends)


def test_a_store_kept_from_before_dates_of_birth_takes_the_new_columns(run_models):
    first = run_models([{"first_name": "Ottavio", "last_name": "Brambilla", "mobile": "347 582 0193",
                         "dob": "09/04/1956"}], run_id="r1")
    for table in ("lead_members", "member_features"):  # a store written before stg_leads had these columns
        for (column,) in first.execute("select column_name from information_schema.columns where table_name = $t "
                                       "and column_name like 'dob%'", {"t": table}).fetchall():
            first.execute(f"alter table {table} drop column {column}")
    second = run_models([{"first_name": "Ottavio", "last_name": "Brambilla", "mobile": "347 582 0193",
                          "dob": "1956-04-09"}], run_id="r2")
    assert second.execute("select run_id, dob_raw, dob from lead_members order by run_id").fetchall() == \
        [("r1", None, None), ("r2", "1956-04-09", D(1956, 4, 9))]
    assert second.execute("select count(distinct lead_id) from lead_members").fetchone()[0] == 1


CONSENT = [  # a consent (opt-in) answer, whether it sets the lead aside
    ("si", False), ("Sì", False), ("yes", False), ("1", False), ("да", False), ("ya", False), ("", False),
    (None, False),
    ("no", True), ("NO", True), ("No.", True), ("n", True), ("0", True), ("false", True), ("negato", True),
    ("rifiutato", True), ("revoked", True), ("не", True), ("Нет", True), ("tidak", True), ("Tidak setuju", True),
]
OPT_OUT = [("si", True), ("Yes", True), ("x", True), ("да", True), ("1", True), ("no", False), ("", False),
           (None, False), ("0", False), ("не", False), ("tidak", False)]


def test_consent_refusals_and_opt_outs_set_a_lead_aside_and_nothing_else_does(staged):
    rows = staged([{"full_name": f"Persona {i}", "consent": c} for i, (c, _) in enumerate(CONSENT)]
                  + [{"full_name": f"Altra {i}", "opt_out": o, "source_file": "b.csv"}
                     for i, (o, _) in enumerate(OPT_OUT)])
    assert [(c, rows["list.csv", i + 1]["has_opt_out"]) for i, (c, _) in enumerate(CONSENT)] == CONSENT
    assert [(o, rows["b.csv", i + 1]["has_opt_out"]) for i, (o, _) in enumerate(OPT_OUT)] == OPT_OUT


def test_a_consenso_privacy_column_of_si_and_no_sets_aside_only_the_no_rows(tmp_path, staged):
    from transforms.ingest.lists import ingest

    path = tmp_path / "contatti.csv"
    path.write_text("Nome;Cognome;Cellulare;Consenso privacy\nGiulia;Bianchi;348 765 4321;no\n"
                    "Luca;Verdi;349 111 2223;si\nAnna;Neri;340 999 8887;\nPaolo;Gallo;335 772 0194;NO\n",
                    encoding="utf-8")
    raw = ingest([path]).rows.to_pylist()
    rows = staged([{k: v for k, v in r.items() if v is not None} for r in raw])
    assert {r: row["has_opt_out"] for (_, r), row in rows.items()} == {1: True, 2: False, 3: False, 4: True}


def test_a_row_with_a_cell_cut_at_the_limit_is_quarantined_with_the_reason(staged):
    problem = "field too long: notes (5,000,000 characters), over the 32,767 allowed (LEADSWEEP_MAX_FIELD_CHARS); cut"
    rows = staged([{"first_name": "Marco", "last_name": "Esposito", "phone": "348 112 9087", "row_problem": problem},
                   {"first_name": "Giulia", "last_name": "Bianchi", "phone": "347 581 2233"}])
    assert rows[("list.csv", 1)]["quarantine_reason"] == problem
    assert rows[("list.csv", 2)]["quarantine_reason"] is None


def test_a_row_with_only_a_street_address_is_kept_and_one_with_nothing_is_quarantined(staged):
    # FEBRL's copies with the name blanked out still give the house (and here the birth date): matching may
    # join them to the person; a row of punctuation and a town alone holds nothing to join
    rows = staged([{"address": "14 Teakle Place", "city": "Yarram", "postcode": "2299", "dob": "19100817"},
                   {"address": "ул. Раковски 12", "city": "София"},
                   {"address": "-", "city": "Milano", "dob": "1956-04-09"}])
    assert [rows["list.csv", i]["quarantine_reason"] for i in (1, 2, 3)] == [
        None, None, "no usable content: no name, company, phone, email or address"]
