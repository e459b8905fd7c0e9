"""lead_suppression_hits: leads a do-not-call list names (by a valid number, or by the national digits of a number
that could not be read) and leads that are already customers (by e-mail, phone, or name + company)."""
import duckdb
import pytest

from transforms.core.store import materialise

LEAD = {"phones": [], "emails": [], "name_key": None, "company_key": None}


@pytest.fixture
def hits():
    def run(leads: dict[str, dict], members: list[tuple] = (), dnc: list[tuple] = (),
            customers: list[tuple] = (), forgotten: list[tuple] = ()) -> dict[str, tuple]:
        """leads {lead_id: changes to LEAD}; members (lead_id, phone_valid, phone_raw, mobile_valid, mobile_raw);
        dnc (e164, national, list_name); customers (email, phone_e164, name_key, company_key); forgotten
        (row_id, lead_id): this run's rows that hold a contact of someone `forget` erased, and their lead."""
        con = duckdb.connect()
        con.execute("create table leads (lead_id varchar, phones varchar[], emails varchar[], name_key varchar, "
                    "company_key varchar)")
        for lead_id, lead in leads.items():
            con.execute("insert into leads values ($id, $phones, $emails, $name_key, $company_key)",
                        {"id": lead_id, **LEAD, **lead})
        tables = {"lead_members": ("lead_id varchar, phone_valid boolean, phone_raw varchar, mobile_valid boolean, "
                                   "mobile_raw varchar", members),
                  "dnc_numbers": ("e164 varchar, national varchar, list_name varchar", dnc),
                  "customers": ("email varchar, phone_e164 varchar, name_key varchar, company_key varchar", customers),
                  "lead_clusters": ("row_id bigint, lead_id varchar", forgotten),
                  "forgotten_rows": ("row_id bigint", [(row_id,) for row_id, _ in forgotten])}
        for table, (columns, rows) in tables.items():
            con.execute(f"create table {table} ({columns})")
            for row in rows:
                con.execute(f"insert into {table} values ({', '.join('?' * len(row))})", row)
        materialise(con, "lead_suppression_hits")
        return {lead: rest for lead, *rest in con.execute("select * from lead_suppression_hits").fetchall()}
    return run


def test_a_number_on_a_dnc_list_suppresses_the_lead(hits):
    got = hits({"BG": {"phones": ["+359888123456"]}, "GB": {"phones": ["+447700900123", "+442079460000"]},
                "ID": {"phones": ["+6281234567890"]}},
               dnc=[("+359888123456", "888123456", "kzp_bg.csv"), ("+442079460000", "2079460000", "tps.csv"),
                    ("+447700900123", "7700900123", "ctps.csv")])
    # the first list by name
    assert got == {"BG": [True, "kzp_bg.csv", False, False], "GB": [True, "ctps.csv", False, False]}


def test_an_unread_national_number_still_hits_the_dnc_list(hits):
    # a row without its country: "02 4008 4396" could not be read, its digits are Milan's +39 02 4008 4396
    dnc = [("+390240084396", "240084396", "rpo.csv"), ("+393471234567", "3471234567", "rpo.csv")]
    got = hits({"L1": {}, "L2": {}},
               members=[("L1", False, "02 4008 4396", None, None),
                        ("L2", True, "02 4008 4396", False, "4396")],  # read in its own country (Sofia); 4 digits
               dnc=dnc)
    assert got == {"L1": [True, "rpo.csv", False, False]}


def test_existing_customers_are_found_by_email_phone_or_name_and_company(hits):
    got = hits({"email": {"emails": ["mario.rossi@rossisrl.it"]},
                "phone": {"phones": ["+359888123456"]},
                "firm": {"name_key": "budi santoso", "company_key": "maju gemilang"},
                "other_firm": {"name_key": "budi santoso", "company_key": "sinar jaya"},  # a namesake elsewhere
                "both": {"phones": ["+447700900123"], "emails": ["j.smith@acme.co.uk"]}},
               dnc=[("+447700900123", "7700900123", "tps.csv")],
               customers=[("mario.rossi@rossisrl.it", None, "mario rossi", "rossi"),
                          (None, "+359888123456", "georgi petrov", None),
                          (None, None, "budi santoso", "maju gemilang"),
                          ("j.smith@acme.co.uk", None, "john smith", "acme")])
    assert got == {"email": [False, None, True, False], "phone": [False, None, True, False],
                   "firm": [False, None, True, False], "both": [True, "tps.csv", True, False]}


def test_a_lead_with_a_row_of_someone_forgotten_is_flagged(hits):
    got = hits({"L1": {}, "L2": {}}, forgotten=[(7, "L2")])
    assert got == {"L2": [False, None, False, True]}
