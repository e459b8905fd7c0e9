"""match_keys (transforms/match/sql/20_match_keys.sql): which e-mails and phones identify a person, on hand-made
stg_leads (placeholder names from the shipped reference table)."""
import duckdb
import pytest

from transforms.core.store import load_reference_tables, materialise

PARAMS = {"max_key_rows": 50, "max_nameless_rows": 5}
COLUMNS = {"row_id": "bigint", "source_file": "varchar", "quarantine_reason": "varchar",
           "first_name": "varchar", "last_name": "varchar",
           "name_key": "varchar", "first_key": "varchar", "company_key": "varchar",
           "email": "varchar", "email_valid": "boolean", "email_placeholder": "boolean", "email_role": "boolean",
           "phone_raw": "varchar", "phone_e164": "varchar", "phone_valid": "boolean", "phone_kind": "varchar",
           "mobile_raw": "varchar", "mobile_e164": "varchar", "mobile_valid": "boolean", "mobile_kind": "varchar"}


def lead(row_id, name=None, email=None, phone=None, mobile=None, firm=None, key=None, role=False, placeholder=False,
         phone_kind="fixed_line", quarantine=None, local=None, file="list.csv") -> dict:
    """A staged row; `name` is "First Last", its name key the sorted lowered words unless `key` is given
    (the normaliser transliterates Cyrillic: "Иван Петров" -> "ivan petrov"); `local` is a number as written
    that the numbering plan does not know ("226-2649")."""
    first, last = name.split(" ", 1) if name else (None, None)
    key = key or (" ".join(sorted(name.lower().split())) if name else None)
    if local is not None:
        phone, phone_kind = None, "invalid"
    return {"row_id": row_id, "source_file": file, "quarantine_reason": quarantine, "first_name": first,
            "last_name": last,
            "name_key": key, "first_key": key and (first.lower() if first.isascii() else key.split()[0]),
            "company_key": firm, "email": email, "email_valid": email is not None,
            "email_placeholder": placeholder, "email_role": role,
            "phone_raw": local if local is not None else phone, "phone_e164": phone,
            "phone_valid": phone is not None, "phone_kind": phone_kind if phone or local is not None else None,
            "mobile_raw": mobile, "mobile_e164": mobile, "mobile_valid": mobile is not None, "mobile_kind": "mobile"}


@pytest.fixture
def keys():
    def run(rows: list[dict], **params) -> set[tuple[int, str]]:
        con = duckdb.connect()
        load_reference_tables(con)  # ref_placeholder_names
        con.execute(f"create table stg_leads ({', '.join(f'{c} {t}' for c, t in COLUMNS.items())})")
        con.executemany(f"insert into stg_leads values ({', '.join('?' * len(COLUMNS))})",
                        [[r[c] for c in COLUMNS] for r in rows])
        materialise(con, "match_keys", {**PARAMS, **params})
        return set(con.execute("select row_id, key from match_keys").fetchall())
    return run


def test_shared_email_is_a_key_but_not_a_role_placeholder_or_quarantined_one(keys):
    assert keys([lead(1, "Giulia Bianchi", email="giulia.bianchi@bianchi.it"),
                 lead(2, "G. Bianchi", key="bianchi g", email="giulia.bianchi@bianchi.it"),
                 lead(3, "Marco Bianchi", email="info@bianchi.it", role=True),
                 lead(4, "Иван Петров", key="ivan petrov", email="test@test.bg", placeholder=True),
                 lead(5, "Budi Santoso", email="budi@majujaya.co.id", quarantine="unparseable")]) == {
        (1, "e:giulia.bianchi@bianchi.it"), (2, "e:giulia.bianchi@bianchi.it")}


def test_family_email_of_two_first_initials_is_keyed_with_the_name(keys):
    # Giulia and Marco share famiglia.bianchi@libero.it: one key each, so they stay two people;
    # a row with that address and no name cannot say which of them it is
    assert keys([lead(1, "Giulia Bianchi", email="famiglia.bianchi@libero.it"),
                 lead(2, "Marco Bianchi", email="famiglia.bianchi@libero.it"),
                 lead(3, email="famiglia.bianchi@libero.it"),
                 lead(4, "Иван Петров", key="ivan petrov", email="ivan@petrov.bg"),
                 lead(5, "Ivan Petrov", email="ivan@petrov.bg")]) == {
        (1, "e:famiglia.bianchi@libero.it|bianchi giulia"), (2, "e:famiglia.bianchi@libero.it|bianchi marco"),
        (4, "e:ivan@petrov.bg"), (5, "e:ivan@petrov.bg")}


def test_phone_is_keyed_with_the_name_the_one_person_on_it_or_the_firm(keys):
    assert keys([lead(1, "Giulia Bianchi", phone="+390240084396", mobile="+393471234567"),
                 lead(2, phone="+390240084396"),                            # nameless: joins Giulia
                 lead(3, "Oliver Smith", phone="+442079460018"),
                 lead(4, "Amelia Jones", phone="+442079460018"),
                 lead(5, phone="+442079460018"),                            # two people on it: no key
                 lead(6, phone="+62215000123", firm="maju jaya"),           # nobody named: the firm
                 lead(7, phone="+62215000123", firm="maju jaya"),
                 lead(8, "Marco Bianchi", phone="+39899123456", phone_kind="premium_rate")]) == {
        (1, "p:+390240084396|bianchi giulia"), (1, "p:+393471234567|bianchi giulia"),
        (2, "p:+390240084396|bianchi giulia"),
        (3, "p:+442079460018|oliver smith"), (4, "p:+442079460018|amelia jones"),
        (6, "p:+62215000123|firm:maju jaya"), (7, "p:+62215000123|firm:maju jaya")}


def test_placeholder_names_and_firms_give_no_key(keys):
    assert keys([lead(1, "Nome Cognome", phone="+390240084396", firm="bianchi"),
                 lead(2, "Иван Иванов", key="ivan ivanov", phone="+359888123456", firm="petrov"),
                 lead(3, "G B", phone="+442079460018", firm="smith"),  # initials only
                 lead(4, phone="+62215000123", firm="azienda prova"),
                 lead(5, "Unknown N/A", key="na unknown", phone="+359888654321")]) == set()


def test_a_filler_word_in_a_real_name_or_firm_still_keys(keys):
    # "na", "bar", "sample" are placeholders alone (N/A, Foo Bar), but real names beside other words: the Korean
    # surname Na, the English Sample, an Italian "Bar Roma"
    assert keys([lead(1, "Min-jun Na", phone="+821012345678"),
                 lead(2, "Anne Sample", email="anne.sample@sample.co.uk"),
                 lead(3, phone="+390612345678", firm="bar roma")]) == {
        (1, "p:+821012345678|min-jun na"), (2, "e:anne.sample@sample.co.uk"), (3, "p:+390612345678|firm:bar roma")}


def test_a_number_or_email_held_by_too_many_rows_is_no_key(keys):
    # a switchboard: six rows, one named, five nameless; only the named row keeps her key
    number = "+390240084396"
    switchboard = [lead(1, "Giulia Bianchi", phone=number), *(lead(i, phone=number) for i in range(2, 7))]
    assert keys(switchboard) == {(1, "p:+390240084396|bianchi giulia")}
    assert len(keys(switchboard[:5])) == 5  # four nameless rows: they join her
    # one address on four rows is more than max_key_rows = 3: a fake or shared value
    shared = [lead(i, "Budi Santoso", email="budi@example.co.id") for i in (1, 2, 3, 4)]
    assert keys(shared, max_key_rows=3) == set()
    assert len(keys(shared[:3], max_key_rows=3)) == 3


def test_a_local_number_keys_a_firm_in_a_file_of_local_numbers(keys):
    # an old city directory: numbers without their area code, unknown to the numbering plan
    rows = [lead(1, firm="jenner academy", local="534-8440", file="directory.csv"),
            lead(2, firm="jenner academy", local="5348440", file="directory.csv"),
            lead(3, firm="south loop", local="534-8690", file="directory.csv")]
    assert keys(rows) == {(1, "p:#5348440|firm:jenner academy"), (2, "p:#5348440|firm:jenner academy"),
                          (3, "p:#5348690|firm:south loop")}


def test_an_unknown_number_in_a_file_of_real_numbers_is_a_typo_or_a_fake_not_a_key(keys):
    rows = [lead(1, name="Anna Bianchi", local="899 123456"), lead(2, name="Anna Bianchi", local="899 123456"),
            lead(3, name="Mario Rossi", phone="+390212345678"), lead(4, name="Anna Neri", phone="+390287654321"),
            lead(5, name="Luca Verdi", phone="+390255555555")]
    assert not any(key.startswith("p:#") for _, key in keys(rows))
