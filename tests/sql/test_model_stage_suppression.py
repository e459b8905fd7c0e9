"""Stage models of the suppression lists: `crm_history` (05), `dnc_cell_readings` (06, a view) and `dnc_numbers` (07).

The CRM export's cells and the DNC lists' cells are written by hand; the per-value lookups are built by
the same functions the loader uses (`transforms/stage/suppression.py`), then the models run on them.
"""
import duckdb
import pyarrow as pa
import pytest

from transforms.core.store import TableSink, materialise, records, sql_text
from transforms.stage.staging import build_lookup
from transforms.stage.suppression import _CRM_LOOKUPS, CRM_RAW_SCHEMA, dnc_reading, national_digits


@pytest.fixture
def crm():
    """crm(cells) -> crm_history rows as dicts; each record is a dict of crm_raw cells, numbered as given."""
    def run(cells: list[dict], default_country: str = "IT") -> list[dict]:
        con = duckdb.connect()
        rows = [{"country_default": default_country, **r} for r in cells]
        TableSink(con, "crm_raw", CRM_RAW_SCHEMA).append(pa.Table.from_pylist(rows, schema=CRM_RAW_SCHEMA))
        for table, query, func, columns in _CRM_LOOKUPS:
            build_lookup(con, table, query, func, columns)
        materialise(con, "crm_history")
        return records(con, "select * from crm_history")
    return run


def test_crm_outcome_is_read_in_any_language_in_file_order(crm):
    # inserted out of order: the model orders by the record number. 'Vinto' / 'СПЕЧЕЛЕН' are 'won'; a value
    # that is no outcome stays as written (lowered) and means nothing downstream
    rows = crm([{"record": 2, "outcome": None, "full_name": "Budi Santoso"},
                {"record": 0, "outcome": "Vinto", "first_name": "Giulia", "last_name": "Bianchi"},
                {"record": 1, "outcome": "СПЕЧЕЛЕН", "country": "България", "full_name": "Иван Петров"},
                {"record": 3, "outcome": "Customer", "first_name": "Oliver", "last_name": "Smith"},
                {"record": 4, "outcome": "In trattativa", "first_name": "Luca", "last_name": "Neri"}])
    assert [r["outcome"] for r in rows] == ["won", "won", "", "customer", "in trattativa"]


def test_crm_phone_is_read_in_the_rows_country_else_the_mobile(crm):
    rows = crm([{"record": 0, "country": "UK", "phone": "020 7946 0018"},
                {"record": 1, "phone": "020 7946 0018"},  # no country: the export's (Italy)
                {"record": 2, "country": "България", "mobile": "0888 123 456"},  # no landline: the mobile
                {"record": 3, "country": "Indonesia", "phone": "not a number"}])
    assert [(r["country"], r["phone_e164"]) for r in rows] == [
        ("GB", "+442079460018"), ("IT", "+3902079460018"), ("BG", "+359888123456"), ("ID", None)]


def test_crm_names_and_firms_written_differently_get_one_key(crm):
    rows = crm([{"record": 0, "first_name": "Giulia", "last_name": "BIANCHI", "company": "Bianchi S.r.l.",
                 "email": "Giulia.Bianchi@Bianchi.IT"},
                {"record": 1, "full_name": "Bianchi Giulia", "company": "BIANCHI SRL"},
                {"record": 2, "full_name": "Иван Петров", "company": "Петров ЕООД"},
                {"record": 3, "outcome": "lost"}])  # nothing but an outcome: no keys
    assert [(r["name_key"], r["company_key"], r["email"]) for r in rows] == [
        ("bianchi giulia", "bianchi", "giulia.bianchi@bianchi.it"),
        ("bianchi giulia", "bianchi", None),
        ("ivan petrov", "petrov", None),
        (None, None, None)]


def dnc_con(lists: list[tuple[str, str, list[str]]], readings: list[tuple] = ()) -> duckdb.DuckDBPyConnection:
    """The load's tables for DNC `lists` [(file name, its countries space-separated, cells)] and the
    readings kept from earlier runs; `dnc_cell_readings` is created as the view the loader uses."""
    con = duckdb.connect()
    con.execute("create table dnc_lists (list_no integer, list_name varchar, countries varchar)")
    con.execute("create table dnc_cells (list_no integer, cell varchar)")
    con.execute("create table dnc_readings (raw varchar, country varchar, e164 varchar, national varchar)")
    for list_no, (name, countries, cells) in enumerate(lists):
        con.execute("insert into dnc_lists values (?, ?, ?)", [list_no, name, countries])
        con.executemany("insert into dnc_cells values (?, ?)", [(list_no, cell) for cell in cells])
    for reading in readings:
        con.execute("insert into dnc_readings values (?, ?, ?, ?)", list(reading))
    con.execute(f"create temp view dnc_cell_readings as {sql_text('dnc_cell_readings')}")
    return con


def read_new_cells(con: duckdb.DuckDBPyConnection) -> None:
    """What the loader does between the two models: read each (cell, country) not read before."""
    for cell, country in con.execute("select distinct cell, country from dnc_cell_readings where not known").fetchall():
        e164 = dnc_reading(cell, country)
        con.execute("insert into dnc_readings values (?, ?, ?, ?)",
                    [cell, country, e164, national_digits(e164) if e164 else None])


def test_dnc_national_number_is_read_in_every_country_of_its_list_an_international_one_once():
    # an Italian list in a run with Bulgarian leads: whose "0888 ..." it is, the list does not say
    con = dnc_con([("registro_opposizioni.csv", "IT BG",
                    ["02 4008 4396", "+44 20 7946 0018", "0039 02 4008 4396"]),
                   ("no_country.csv", "", ["0888 123 456"])])
    assert set(con.execute("select list_no, cell, country from dnc_cell_readings").fetchall()) == {
        (0, "02 4008 4396", "IT"), (0, "02 4008 4396", "BG"),
        (0, "+44 20 7946 0018", "IT"),     # '+': the country decides nothing
        (0, "0039 02 4008 4396", "IT"),    # '00' is the list's own country's international prefix
        (1, "0888 123 456", "")}           # no country at all: read without one


def test_dnc_cell_readings_kept_from_an_earlier_run_are_known():
    con = dnc_con([("registro_opposizioni.csv", "IT BG", ["02 4008 4396"])],
                  readings=[("02 4008 4396", "IT", "+390240084396", "240084396"), ("02 4008 4396", "GB", None, None)])
    assert set(con.execute("select country, e164, known from dnc_cell_readings").fetchall()) == {
        ("IT", "+390240084396", True), ("BG", None, False)}  # Bulgaria is new this run: still to read


def test_dnc_numbers_are_the_valid_readings_once_per_list():
    con = dnc_con([("registro_opposizioni.csv", "IT BG",
                    ["02 4008 4396", "+39 02 4008 4396", "0039 02 4008 4396", "0888 123 456", "12345"]),
                   ("tps_uk.csv", "GB", ["+39 02 4008 4396", "020 7946 0018"])])
    read_new_cells(con)
    materialise(con, "dnc_numbers")
    assert sorted(con.execute("select list_name, e164, national from dnc_numbers").fetchall()) == [
        ("registro_opposizioni.csv", "+359888123456", "888123456"),  # the Bulgarian mobile, read in BG
        ("registro_opposizioni.csv", "+390240084396", "240084396"),  # three spellings, one number
        ("tps_uk.csv", "+390240084396", "240084396"),
        ("tps_uk.csv", "+442079460018", "2079460018")]               # "12345" is no number anywhere
