"""A kept store reads the same CRM export and DNC lists every night: unchanged lists are not read again."""
from __future__ import annotations

import duckdb
import pytest

from transforms.core import store
from transforms.stage import suppression

CRM = ("nome,cognome,azienda,telefono,email,esito\n"
       "Giulia,Bianchi,Rossi S.p.A.,02 4008 4396,giulia@rossi.it,cliente\n"
       "Иван,Петров,Петров ЕООД,+359 88 123 4567,ivan@petrov.bg,customer\n"
       "Budi,Santoso,PT Maju Jaya,0812-3456-7890,budi@majujaya.co.id,lost\n")


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "store.duckdb")) as connection:
        store.create_schema(connection)
        yield connection


def _crm(con) -> list[tuple]:
    return con.execute("select * from crm_history order by all").fetchall()


def test_unchanged_crm_export_is_not_read_again(con, tmp_path, monkeypatch):
    crm = tmp_path / "crm.csv"
    crm.write_text(CRM, encoding="utf-8")
    first = suppression.load_customers(con, crm)
    rows = _crm(con)
    assert len(rows) == 3 and first["rows"] == 3

    def must_not_read(*_):
        raise AssertionError("an unchanged CRM export was read again")

    monkeypatch.setattr(suppression, "_load_crm_history", must_not_read)
    assert suppression.load_customers(con, crm) == first
    assert _crm(con) == rows
    assert con.execute("select count(*) from customers").fetchone()[0] == 2  # 'cliente' is Italian for customer


def test_changed_crm_export_is_read(con, tmp_path):
    crm = tmp_path / "crm.csv"
    crm.write_text(CRM, encoding="utf-8")
    suppression.load_customers(con, crm)
    crm.write_text(CRM.replace("lost", "customer"), encoding="utf-8")
    info = suppression.load_customers(con, crm)
    assert info["customers"] == 3
    assert con.execute("select count(*) from customers").fetchone()[0] == 3


def test_dnc_reuse_depends_on_the_run_countries(con, tmp_path, monkeypatch):
    dnc = tmp_path / "dnc.csv"
    dnc.write_text("telefono\n02 4008 4396\n", encoding="utf-8")
    con.execute("create table run_sources as select 'IT' as default_country")
    first = suppression.load_dnc(con, [dnc])
    assert con.execute("select e164 from dnc_numbers").fetchall() == [("+390240084396",)]

    read = []
    original = suppression._read
    monkeypatch.setattr(suppression, "_read", lambda path: read.append(path) or original(path))
    assert suppression.load_dnc(con, [dnc]) == first and not read
    # a run with Bulgarian lists too: the national number is read in Bulgaria as well
    con.execute("insert into run_sources values ('BG')")
    again = suppression.load_dnc(con, [dnc])
    assert read and again[0]["read_in_countries"] == ["IT", "BG"]


def test_dnc_cells_are_read_once_per_country_across_loads(con, tmp_path, monkeypatch):
    dnc = tmp_path / "dnc.csv"
    dnc.write_text("telefono\n02 4008 4396\n0881 912347\n+359 88 912 3476\n", encoding="utf-8")
    con.execute("create table run_sources as select 'IT' as default_country")
    suppression.load_dnc(con, [dnc])
    read = []
    original = suppression._reading_row
    monkeypatch.setattr(suppression, "_reading_row", lambda args: read.append(args) or original(args))
    con.execute("insert into run_sources values ('BG')")
    suppression.load_dnc(con, [dnc])
    # only the national numbers in the new country: +359 is read in the list's own country only
    assert sorted(read) == [("02 4008 4396", "BG"), ("0881 912347", "BG")]
    kept = con.execute("select * from dnc_numbers order by all").fetchall()
    with duckdb.connect(str(tmp_path / "fresh.duckdb")) as fresh:
        store.create_schema(fresh)
        fresh.execute("create table run_sources as select * from (values ('IT'), ('BG')) t(default_country)")
        suppression.load_dnc(fresh, [dnc])
        assert fresh.execute("select * from dnc_numbers order by all").fetchall() == kept
    assert ("+359889123476", "889123476", "dnc.csv") in kept and ("+359881912347", "881912347", "dnc.csv") in kept

    # other reading code: every pair is read again
    con.execute("update suppression_loads set fingerprint = 'older code' where target = 'dnc_readings'")
    con.execute("delete from suppression_loads where target = 'dnc_numbers'")
    read.clear()
    suppression.load_dnc(con, [dnc])
    assert len(read) == 5 and con.execute("select count(*) from dnc_readings").fetchone()[0] == 5
