"""Scores, tiers and dispositions from the SQL models."""
import datetime as dt

import pytest

from tests.sql.conftest import AS_OF

PERSON = {"company": "Rossi S.r.l.", "email": "mario.rossi@rossisrl.it", "phone": "347 582 0193"}


def scores(con) -> dict[str, dict]:
    cursor = con.execute("""select l.first_name, s.*, d.disposition, d.reason as disposition_reason, d.recontact_on
                            from leads l join lead_scores s using (lead_id) join lead_dispositions d using (lead_id)""")
    names = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


@pytest.mark.parametrize("title, country, level", [
    ("Titolare", "IT", "decision_maker"),
    ("Amministratore Delegato", "IT", "decision_maker"),
    ("Управител", "BG", "decision_maker"),
    ("Собственик", "BG", "decision_maker"),
    ("Direktur Utama", "ID", "decision_maker"),
    ("Pemilik", "ID", "decision_maker"),
    ("Head of Procurement", "GB", "decision_maker"),
    ("Responsabile Acquisti", "IT", "decision_maker"),
    ("Responsabile Marketing", "IT", "influencer"),
    ("Мениджър продажби", "BG", "influencer"),
    ("Търговски представител", "BG", "staff"),
    ("Manajer Pemasaran", "ID", "influencer"),
    ("Segretaria di Direzione", "IT", "staff"),
    ("Счетоводител", "BG", "staff"),
    ("Staf Administrasi", "ID", "staff"),
    ("Assistant to the CEO", "GB", "staff"),
])
def test_job_titles_read_in_four_languages(run_models, title, country, level):
    con = run_models([{"first_name": "Ana", "last_name": "Test-Free", "job_title": title, "country": country}])
    assert con.execute("select title_level from lead_scores").fetchone()[0] == level


@pytest.mark.parametrize("employees, expected", [("50-249", 149.5), ("1.200", 1200), ("1,200", 1200), ("12", 12),
                                                 ("250+", 250), ("oltre 1.000", 1000)])
def test_company_size_is_read_as_written(run_models, employees, expected):
    con = run_models([{"first_name": "Ana", "last_name": "Neri", "employees": employees}])
    assert con.execute("select employees_n from lead_scores").fetchone()[0] == pytest.approx(expected)


@pytest.mark.parametrize("employees", ["393471234567", "9" * 400])
def test_a_phone_number_in_the_employees_column_is_no_company_size(run_models, employees):
    con = run_models([{"first_name": "Ana", "last_name": "Neri", "employees": employees, **PERSON}])
    size, value = con.execute("select employees_n, value_score from lead_scores").fetchone()
    assert size is None and value < 1000


def test_junk_sinks_to_tier_d_but_stays_listed(run_models):
    con = run_models([
        {"first_name": "Mario", "last_name": "Rossi", "job_title": "Titolare", "employees": "50-249", **PERSON},
        {"first_name": "Test", "last_name": "Test", "phone": "0000000", "email": "test@test.com",
         "source_file": "elenco.txt"},
        {"first_name": "Тест", "last_name": "Тестов", "phone": "899 123456", "email": "asdf@mailinator.com",
         "source_file": "elenco.txt"},
        {"first_name": "Qwrtzx", "last_name": "Bbbb", "phone": "06 0000 0000", "source_file": "elenco.txt"},
    ])
    by_name = scores(con)
    assert by_name["Mario"]["tier"] in ("A", "B") and by_name["Mario"]["junk_score"] < 0.2
    for junk in ("Test", "Тест", "Qwrtzx"):
        assert by_name[junk]["tier"] == "D", by_name[junk]
        assert by_name[junk]["disposition"] == "call"
    assert "junk_placeholder_name" in by_name["Test"]["reasons"]
    assert "junk_premium_phone" in by_name["Тест"]["reasons"]
    assert "src_junk_rate_100" in by_name["Qwrtzx"]["reasons"]  # the phone book earns its own prior


def test_decision_maker_in_big_company_outranks_staff(run_models):
    con = run_models([
        {"first_name": "Mario", "last_name": "Rossi", "job_title": "Titolare", "employees": "1.200", **PERSON},
        {"first_name": "Lucia", "last_name": "Neri", "job_title": "Stagista", "employees": "12",
         "company": "Neri SNC", "email": "lucia@neri.it", "phone": "335 7720 194"},
    ])
    by_name = scores(con)
    assert by_name["Mario"]["priority_score"] > by_name["Lucia"]["priority_score"]
    assert "decision_maker" in by_name["Mario"]["reasons"] and "size_1000-4999:+" in by_name["Mario"]["reasons"]


def test_dnc_number_in_another_format_suppresses(run_models):
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", **PERSON}], dnc=["+39 347 5820193"])
    row = scores(con)["Mario"]
    assert (row["disposition"], row["disposition_reason"]) == ("do_not_call", "dnc")


def test_existing_customer_is_set_aside(run_models):
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", **PERSON}],
                     customers=[{"first_name": "Mario", "last_name": "Rossi", "company": "ROSSI SRL",
                                 "email": "", "phone": "", "outcome": "customer"}])
    assert scores(con)["Mario"]["disposition_reason"] == "customer"


def test_opt_out_is_set_aside(run_models):
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", "opt_out": "sì", **PERSON}])
    assert scores(con)["Mario"]["disposition_reason"] == "opt_out"


def test_competitor_contract_schedules_recontact_before_it_ends(run_models):
    con = run_models([
        {"first_name": "Mario", "last_name": "Rossi", "contract_end": "31/12/2027", **PERSON},
        {"first_name": "Anna", "last_name": "Verdi", "contract_end": "2026-12-01", "phone": "335 7720 194"},
    ])
    by_name = scores(con)
    assert by_name["Mario"]["disposition"] == "recontact"
    assert by_name["Mario"]["recontact_on"] == dt.date(2027, 12, 31) - dt.timedelta(days=90)
    assert by_name["Anna"]["disposition"] == "call"  # its recontact date is before AS_OF: call now
    assert dt.date(2026, 12, 1) - dt.timedelta(days=90) < AS_OF


def test_won_lost_history_teaches_industry_odds(run_models):
    history = [{"first_name": f"N{i}", "last_name": "X", "industry": "Energy", "job_title": "CEO",
                "outcome": "won" if i < 8 else "lost"} for i in range(10)]
    history += [{"first_name": f"M{i}", "last_name": "Y", "industry": "Hospitality", "job_title": "CEO",
                 "outcome": "won" if i < 2 else "lost"} for i in range(10)]
    con = run_models([
        {"first_name": "Ada", "last_name": "Neri", "job_title": "Titolare", "industry": "Energia", **PERSON},
        {"first_name": "Bea", "last_name": "Rota", "job_title": "Titolare", "industry": "Ristorazione",
         "company": "Rota SNC", "email": "bea@rota.it", "phone": "335 7720 194"},
    ], customers=history)
    by_name = scores(con)
    assert by_name["Ada"]["value_score"] > by_name["Bea"]["value_score"]
    assert "industry_energy:+" in by_name["Ada"]["reasons"]  # 20 deals: the prior, nudged by the odds learned
    assert "industry_hospitality:-" in by_name["Bea"]["reasons"]


def test_dnc_national_number_is_read_in_the_country_of_the_leads(run_models):
    # the list's header is English and its other numbers British, so the list reads as GB; the Italian
    # national mobile must still be read as Italian, the country the lead files come from
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", **PERSON}],
                     dnc=["07901 333608", "07940 054390", "347 582 0193"])
    assert scores(con)["Mario"]["disposition_reason"] == "dnc"


def test_dnc_matches_a_number_whose_row_does_not_say_its_country(run_models):
    # a British web form with an Italian mobile written without +39: the number cannot be read as
    # British, but its digits are those of a listed Italian number
    con = run_models([
        {"first_name": "Vittoria", "last_name": "Mengolo", "country": "GB", "phone": "393 2414349",
         "email": "v.mengolo@libero.it", "source_file": "webform.jsonl"},
        {"first_name": "Oliver", "last_name": "Hughes", "country": "GB", "phone": "07912 345 678",
         "email": "oliver@hughes.co.uk", "source_file": "webform.jsonl"},
    ], dnc=["+39 393 241 4349"])
    by_name = scores(con)
    assert by_name["Vittoria"]["disposition_reason"] == "dnc"
    assert by_name["Oliver"]["disposition"] == "call"


@pytest.mark.parametrize("field, text", [
    ("notes", "contratto con TelcoNord fino al 31/12/2027"),
    ("notes", "Договор с Телеком Плюс до 31.12.2027"),
    ("notes", "Kontrak dengan PT Nusantara Telekom berakhir 31-12-2027"),
    ("notes", "Our contract with Britel ends on 31/12/2027, call us before then"),
    ("timeline", "Contract ends 2027-12-31"),
])
def test_contract_end_in_the_notes_schedules_recontact(run_models, field, text):
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", field: text, **PERSON}])
    row = scores(con)["Mario"]
    assert (row["disposition"], row["recontact_on"]) == ("recontact", dt.date(2027, 12, 31) - dt.timedelta(days=90))
    assert row["disposition_reason"] == "competitor_contract_ends_2027-12-31"


@pytest.mark.parametrize("text", ["richiamare il 15/01/2028", "Call after 3pm", "Q3 2027", "изпратена оферта"])
def test_a_date_without_a_contract_word_is_no_contract(run_models, text):
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", "notes": text, **PERSON}])
    assert scores(con)["Mario"]["disposition"] == "call"


def test_contract_note_of_any_merged_row_counts(run_models):
    # the golden record keeps one note; the contract is in the other row's note
    con = run_models([
        {"first_name": "Иван", "last_name": "Петров", "phone": "0887 123 456", "email": "ivan@petrov.bg",
         "country": "BG", "notes": "да се обади"},
        {"first_name": "Ivan", "last_name": "Petrov", "phone": "+359 887 123 456", "email": "ivan@petrov.bg",
         "country": "BG", "notes": "Договор с ЕнергоСофт до 28.02.2028", "source_file": "kontakti.csv"},
        {"first_name": "Ivan", "last_name": "Petrov", "email": "ivan@petrov.bg", "country": "BG",
         "notes": "да се обади", "source_file": "webform.jsonl"},
    ])
    (row,) = scores(con).values()
    assert row["recontact_on"] == dt.date(2028, 2, 28) - dt.timedelta(days=90)


def test_recontact_lead_time_is_configurable(run_models):
    con = run_models([{"first_name": "Mario", "last_name": "Rossi", "contract_end": "31/12/2027", **PERSON}],
                     recontact_days=30)
    assert scores(con)["Mario"]["recontact_on"] == dt.date(2027, 12, 1)


def test_explain_shows_each_contribution_and_the_scrubbed_list(run_models, tmp_path):
    import json

    from transforms.export.outputs import remember_leads
    from transforms.report.explain import explain_lead

    history = [{"first_name": f"N{i}", "last_name": "X", "industry": "Energy", "job_title": "CEO",
                "outcome": "won" if i < 8 else "lost"} for i in range(10)]
    history += [{"first_name": f"M{i}", "last_name": "Y", "industry": "Hospitality", "job_title": "CEO",
                 "outcome": "won" if i < 2 else "lost"} for i in range(10)]
    con = run_models([
        {"first_name": "Ada", "last_name": "Neri", "job_title": "Titolare", "industry": "Energia",
         "employees": "1.200", **PERSON},
        {"first_name": "Test", "last_name": "Test", "phone": "0000000", "email": "test@test.com",
         "source_file": "elenco.txt"},
        {"first_name": "Иван", "last_name": "Петров", "phone": "0887 123 456", "country": "BG"},
    ], dnc=["+359 887 123 456"], customers=history)
    scrub = {"scrubbed_at": "2026-11-23T09:00:00+00:00",
             "dnc_lists": [{"file": "dnc.csv", "sha256": "ab12cd", "numbers": 1, "rows": 1}]}
    remember_leads(con, "r1")
    con.execute("insert into runs by position values ('r1', now(), now(), '2026-11-23', 'run', $s, null)",
                {"s": json.dumps({"suppression": scrub})})
    ids = dict(con.execute("select first_name, lead_id from leads").fetchall())
    run_models.close()
    store = tmp_path / "store.duckdb"

    ada = explain_lead(store, ids["Ada"])
    assert "tier A because priority >= 150" in ada
    assert "value 706.99 = sum of (cold-start prior: too little won/lost history):" in ada
    assert "  +90.00  seniority executive" in ada and "company size band 1000-4999" in ada
    assert "+349.04  industry energy" in ada  # 8 of 10 energy deals won: its odds, kept within x2
    assert "- no junk signal" in ada  # its source has no junk either

    junk = explain_lead(store, ids["Test"])
    assert "tier D because junk >= 0.6" in junk
    assert "0.75  junk_placeholder_name: placeholder name" in junk
    assert "0.55  junk_fake_phone: fake phone number" in junk
    assert "src_junk_rate_100: its source looks 100% junk" in junk

    ivan = explain_lead(store, ids["Иван"])
    assert "disposition do_not_call (dnc)" in ivan
    assert "scrubbed against dnc.csv (sha256 ab12cd)" in ivan and "+359887123456 is on dnc.csv" in ivan
