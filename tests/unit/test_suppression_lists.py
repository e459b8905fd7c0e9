"""The CRM export and DNC lists are read in pieces, normalised per distinct value and joined back in SQL."""
from __future__ import annotations

import duckdb
import pytest

from transforms.core import store
from transforms.stage import staging, suppression
from transforms.stage.normalise import normalise_phone

# Indonesian headers; the country column says Indonesia for most rows, so the file's default is ID
CRM = (
    "Nama Depan,Nama Belakang,Nama Lengkap,Perusahaan,Telepon,No HP,Email,Negara,Jabatan,Hasil\n"
    "Budi,Santoso,,PT Maju Jaya Tbk,0812-9137-4826,,Budi.Santoso@MajuJaya.co.id,Indonesia,Direktur,Customer\n"
    "BUDI,SANTOSO,,PT Maju Jaya Tbk,,0812-9137-4826,budi.santoso@majujaya.co.id,,Direktur,lost\n"
    "Иван,Петров,,Петров ЕООД,088 912 3476,,ivan@petrov.bg,България,Управител,  WON  \n"
    "Giulia,Bianchi,,Rossi S.r.l.,02 4008 4396,,,Italia,,customer\n"
    ',,"Rossi, Mario",ROSSI S.R.L.,0812-9137-4826,,,Italia,,Customer\n'
    "Sari,Dewi\n"
    "Budi,Santoso,,PT Maju Jaya Tbk,0812-9137-4826,,Budi.Santoso@MajuJaya.co.id,Indonesia,Direktur,Customer\n"
    "Ani,Wijaya,,,0812-3456-7890,,,Indonesia,,lost\n"
)


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "store.duckdb")) as connection:
        store.create_schema(connection)
        yield connection


@pytest.fixture
def lookups(monkeypatch):
    """{lookup table: distinct values normalised} of the loads that follow."""
    counts: dict[str, int] = {}
    build = suppression.build_lookup

    def counting(con, table, *args, **kwargs):
        counts[table] = build(con, table, *args, **kwargs)
        return counts[table]

    monkeypatch.setattr(suppression, "build_lookup", counting)
    return counts


def test_crm_rows_in_file_order_normalised_per_distinct_value(con, tmp_path, lookups):
    crm = tmp_path / "crm.csv"
    crm.write_text(CRM, encoding="utf-8")
    info = suppression.load_customers(con, crm)

    assert info["rows"] == 8 and info["customers"] == 4 and info["file"] == "crm.csv"
    budi = ("customer", "budi.santoso@majujaya.co.id", "+6281291374826", "budi santoso", "maju jaya", "ID",
            None, None, "Direktur")
    italian_reading = normalise_phone("0812-9137-4826", "IT").e164  # the same digits, read in Italy
    assert italian_reading != "+6281291374826"
    assert con.execute("select * from crm_history").fetchall() == [
        budi,
        # the phone is empty: the mobile is read, in the file's default country
        ("lost", "budi.santoso@majujaya.co.id", "+6281291374826", "budi santoso", "maju jaya", "ID",
         None, None, "Direktur"),
        ("won", "ivan@petrov.bg", "+359889123476", "ivan petrov", "petrov", "BG", None, None, "Управител"),
        ("customer", None, "+390240084396", "bianchi giulia", "rossi", "IT", None, None, None),
        ("customer", None, italian_reading, "mario rossi", "rossi", "IT", None, None, None),
        ("", None, None, "dewi sari", None, "ID", None, None, None),  # the record stops after the names
        budi,
        ("lost", None, None, "ani wijaya", None, "ID", None, None, None),  # 0812-3456-7890 is a placeholder
    ]
    assert con.execute("select count(*) from customers").fetchone()[0] == 4
    # each distinct value once: (0812..., ID) serves three rows, (0812..., IT) one
    assert lookups["crm_norm_phones"] == 5 and lookups["crm_norm_emails"] == 3
    assert lookups["crm_norm_companies"] == 4 and lookups["crm_norm_outcomes"] == 4
    # the working tables are gone
    assert not con.execute("select table_name from information_schema.tables "
                           "where table_name like 'crm_norm%' or table_name = 'crm_raw'").fetchall()


def test_dnc_numbers_read_in_the_lists_countries(con, tmp_path, lookups):
    con.execute("create table run_sources as select * from (values ('IT'), ('BG')) t(default_country)")
    italian, bulgarian = tmp_path / "dnc_it.csv", tmp_path / "dnc_bg.csv"
    italian.write_text("telefono;cellulare\n"
                       "+39 02 4008 4396;\n"
                       "0881 912347;0881 912347\n"
                       "n/d;\n"
                       "+39 02 4008 4396;\n"
                       ";0039 02 4008 4396\n", encoding="utf-8")
    bulgarian.write_text("телефон\n0881 912347\n088 912 3476\n", encoding="utf-8")
    scrubbed = suppression.load_dnc(con, [italian, bulgarian])

    own_list = {"register": "internal", "register_country": None, "consulted": None, "window_days": None,
                "age_days": None, "stale": False}  # no --sources entry: the firm's own list, never stale
    assert scrubbed == [
        {"file": "dnc_it.csv", "sha256": suppression._sha256(italian), "numbers": 5, "rows": 5,
         "read_in_countries": ["IT", "BG"], **own_list},
        {"file": "dnc_bg.csv", "sha256": suppression._sha256(bulgarian), "numbers": 2, "rows": 2,
         "read_in_countries": ["BG", "IT"], **own_list},
    ]
    assert con.execute("select * from dnc_numbers order by all").fetchall() == [
        ("+359881912347", "881912347", "dnc_bg.csv"),  # a national number is read in both countries
        ("+359881912347", "881912347", "dnc_it.csv"),
        ("+359889123476", "889123476", "dnc_bg.csv"),  # no Italian number: read in Bulgaria only
        ("+390240084396", "240084396", "dnc_it.csv"),  # +39 and 0039: read in Italy only
        ("+390881912347", "881912347", "dnc_bg.csv"),
        ("+390881912347", "881912347", "dnc_it.csv"),
    ]
    # (cell, country) once each: national cells in IT and BG, +39 and 0039 in IT only; the Italian
    # list's repeats and the Bulgarian list's 0881 912347 are not read again
    assert lookups["dnc_new_readings"] == 8
    assert con.execute("select count(*) from dnc_readings").fetchone()[0] == 8  # kept for later loads
    assert not con.execute("select table_name from information_schema.tables where table_name in "
                           "('dnc_cells', 'dnc_lists', 'dnc_new_readings', 'dnc_cell_readings')").fetchall()


def test_process_pool_gives_the_same_tables(con, tmp_path, monkeypatch):
    crm, dnc = tmp_path / "crm.csv", tmp_path / "dnc.csv"
    crm.write_text(CRM, encoding="utf-8")
    dnc.write_text("telefono\n+39 02 4008 4396\n0881 912347\n0812-9137-4826\n", encoding="utf-8")
    con.execute("create table run_sources (default_country varchar); "
                "insert into run_sources values ('IT'), ('BG'), ('ID')")
    suppression.load_customers(con, crm)
    suppression.load_dnc(con, [dnc])

    def tables():
        return [con.execute(f"select * from {t} order by all").fetchall()
                for t in ("crm_history", "dnc_numbers")]

    serial = tables()
    assert all(serial)

    monkeypatch.setattr(staging, "PARALLEL_THRESHOLD", 1)  # every lookup over the process pool
    monkeypatch.setattr(staging.os, "cpu_count", lambda: 2)
    con.execute("drop table crm_history; drop table dnc_numbers")  # not reused
    suppression.load_customers(con, crm)
    suppression.load_dnc(con, [dnc])
    assert tables() == serial


def test_unreadable_lists_still_stop_the_run(con, tmp_path):
    empty, no_outcome = tmp_path / "empty.csv", tmp_path / "leads.csv"
    empty.write_text("", encoding="utf-8")
    no_outcome.write_text("nome,telefono\nMario Rossi,02 4008 4396\n", encoding="utf-8")
    with pytest.raises(suppression.BadSuppressionList, match="cannot read empty.csv: empty file"):
        suppression.load_customers(con, empty)
    with pytest.raises(suppression.BadSuppressionList, match=r"leads.csv has no outcome column \(customer"):
        suppression.load_customers(con, no_outcome)
    with pytest.raises(suppression.BadSuppressionList, match="cannot read missing.csv"):
        suppression.load_dnc(con, [tmp_path / "missing.csv"])
    assert suppression.load_customers(con, None) is None
    assert con.execute("select count(*) from crm_history").fetchone()[0] == 0


def test_crm_outcomes_read_in_the_lists_languages_and_as_crms_export_them(con, tmp_path):
    crm = tmp_path / "crm.csv"
    outcomes = {"Cliente": "customer", "già cliente": "customer", "Potenziale cliente": "potenziale cliente",
                "Клиент": "customer", "Pelanggan": "customer", "Closed Won": "won", "closedwon": "won",
                "Chiuso vinto": "won", "Спечелен": "won", "Menang": "won", "Closed Lost": "lost",
                "PERSO": "lost", "Загубена": "lost", "Kalah": "lost", "In trattativa": "in trattativa"}
    crm.write_text("azienda,esito\n" + "".join(f"Firma {i},{word}\n" for i, word in enumerate(outcomes)),
                   encoding="utf-8")
    suppression.load_customers(con, crm)
    assert [r[0] for r in con.execute("select outcome from crm_history").fetchall()] == list(outcomes.values())
