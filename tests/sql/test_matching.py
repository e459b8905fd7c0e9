"""The deterministic matcher on the hard cases of real lead lists."""
import numpy as np

from tests.sql.conftest import leads_of


def test_same_person_in_three_formats_is_one_lead(run_models):
    con = run_models([
        {"first_name": "Niccolò", "last_name": "Bianchi", "phone": "347 582 0193", "email": "n.bianchi@bianchi.it"},
        {"full_name": "BIANCHI Niccolo", "mobile": "+39 347 5820193", "source_file": "b.csv"},
        {"first_name": "Bianchi", "last_name": "Niccolò", "email": " N.Bianchi@Bianchi.IT ", "source_file": "c.jsonl"},
    ])
    assert len(set(leads_of(con).values())) == 1


def test_cyrillic_and_latin_spelling_of_one_person_merge(run_models):
    con = run_models([
        {"first_name": "Г-н Иван", "last_name": "Петров", "phone": "0888 723 451", "country": "BG"},
        {"full_name": "Ivan Petrov", "phone": "+359 888 723 451", "source_file": "fair.xlsx"},
    ])
    assert len(set(leads_of(con).values())) == 1


def test_colleagues_sharing_switchboard_and_role_email_stay_apart(run_models):
    con = run_models([
        {"first_name": "Mario", "last_name": "Rossi", "phone": "02 4871 5093", "email": "info@rossisrl.it",
         "company": "Rossi S.r.l."},
        {"first_name": "Giulia", "last_name": "Verdi", "phone": "02 4871 5093", "email": "info@rossisrl.it",
         "company": "ROSSI SRL"},
        {"first_name": "Paolo", "last_name": "Neri", "phone": "024871 5093", "company": "Rossi"},
    ])
    assert len(set(leads_of(con).values())) == 3


def test_family_sharing_home_phone_and_surname_stay_apart(run_models):
    con = run_models([
        {"first_name": "Budi", "last_name": "Santoso", "phone": "(021) 5551234", "country": "ID"},
        {"first_name": "Siti", "last_name": "Santoso", "phone": "021 5551234", "country": "ID"},
        {"first_name": "Budi", "last_name": "Santoso", "phone": "+62 21 5551234", "source_file": "web.jsonl"},
    ])
    leads = leads_of(con)
    assert len(set(leads.values())) == 2
    assert leads[("list.csv", 1)] == leads[("web.jsonl", 1)]


def test_shared_family_email_is_keyed_with_the_name(run_models):
    con = run_models([
        {"first_name": "Anna", "last_name": "Bianchi", "email": "famiglia.bianchi@libero.it"},
        {"first_name": "Marco", "last_name": "Bianchi", "email": "famiglia.bianchi@libero.it"},
    ])
    assert len(set(leads_of(con).values())) == 2


def test_placeholder_values_never_glue_junk_rows(run_models):
    con = run_models([
        {"first_name": "Test", "last_name": "Test", "phone": "0000000", "email": "test@test.com"},
        {"first_name": "asdf", "last_name": "asdf", "phone": "0000000", "email": "test@test.com"},
        {"first_name": "Mickey", "last_name": "Mouse", "phone": "1234567", "email": "asdf@mailinator.com"},
        {"first_name": "Paolino", "last_name": "Paperino", "phone": "1234567", "email": "asdf@mailinator.com"},
    ])
    assert len(set(leads_of(con).values())) == 4


def test_nameless_row_joins_the_only_person_with_that_number(run_models):
    con = run_models([
        {"first_name": "Мария", "last_name": "Иванова", "phone": "0887 614 392", "country": "BG"},
        {"phone": "+359887614392", "company": "Алфа ЕООД", "source_file": "b.csv"},
    ])
    assert len(set(leads_of(con).values())) == 1


def test_golden_record_prefers_valid_mobile_and_personal_email(run_models):
    con = run_models([
        {"first_name": "Anna", "last_name": "Verdi", "phone": "011 5621 843", "email": "info@verdi.it",
         "company": "Verdi S.p.A."},
        {"first_name": "Anna", "last_name": "Verdi", "mobile": "347 582 0194", "email": "anna.verdi@verdi.it",
         "source_file": "b.csv"},
        {"first_name": "ANNA", "last_name": "VERDI", "phone": "+39 011 5621843", "email": "anna.verdi@verdi.it",
         "source_file": "c.csv"},
    ])
    assert len(set(leads_of(con).values())) == 1
    phone, email, company, legal_form = con.execute("select phone, email, company, legal_form from leads").fetchone()
    assert (phone, email, company, legal_form) == ("+393475820194", "anna.verdi@verdi.it", "Verdi S.p.A.", "SPA")
    rule = con.execute("select rule from lead_provenance where field = 'phone'").fetchone()[0]
    assert "mobile preferred" in rule


def test_lead_ids_are_stable_across_runs_on_one_store(run_models):
    first = run_models([
        {"first_name": "Mario", "last_name": "Rossi", "email": "mario.rossi@rossisrl.it"},
    ], run_id="r1")
    lead = set(leads_of(first).values())
    first.execute("update lead_registry set delivered_run_id = 'r1'")
    second = run_models([
        {"full_name": "ROSSI Mario", "email": "Mario.Rossi@rossisrl.it", "phone": "347 111 2233",
         "source_file": "new.csv"},
        {"first_name": "Giulia", "last_name": "Neri", "email": "giulia@neri.it", "source_file": "new.csv"},
    ], run_id="r2")
    leads = leads_of(second)
    assert leads[("new.csv", 1)] in lead
    dispositions = dict(second.execute("select lead_id, disposition from lead_dispositions").fetchall())
    assert dispositions[leads[("new.csv", 1)]] == "known"
    assert dispositions[leads[("new.csv", 2)]] == "call"
    assert second.execute("select count(*) = count(distinct key) from lead_keys").fetchone()[0]  # Mario's e-mail once


GIOVANNI = {"first_name": "Giovanni", "last_name": "Bianchi", "mobile": "347 582 0193", "company": "Acme S.r.l.",
            "city": "Milano"}
# a typo in the surname and another address: no shared key, only Splink can tell it is him
GIOVANNI_AGAIN = {"first_name": "Giovanni", "last_name": "Bianchu", "mobile": "+39 347 5820193",
                  "company": "ACME SRL", "city": "Milano", "source_file": "fair.csv"}
STRANGERS = [
    {"first_name": "Chiara", "last_name": "Fontana", "mobile": "333 100 0001", "company": "Delta Srl"},
    {"first_name": "Stefano", "last_name": "Galli", "mobile": "333 100 0002", "company": "Omega Srl"},
    {"first_name": "Elena", "last_name": "Moretti", "mobile": "333 100 0003", "city": "Como"},
]


def test_probabilistic_duplicate_without_a_shared_key_merges_in_one_run(run_models):
    con = run_models([GIOVANNI, *STRANGERS, GIOVANNI_AGAIN])
    leads = leads_of(con)
    assert leads[("list.csv", 1)] == leads[("fair.csv", 1)]
    assert len(set(leads.values())) == 4


def test_new_row_is_matched_probabilistically_against_the_stored_leads(run_models):
    first = run_models([GIOVANNI, *STRANGERS], run_id="r1")
    giovanni, chiara = leads_of(first)[("list.csv", 1)], leads_of(first)[("list.csv", 2)]
    first.execute("update lead_registry set delivered_run_id = 'r1'")
    second = run_models([GIOVANNI_AGAIN, {**STRANGERS[0], "first_name": "Paola", "source_file": "fair.csv"}],
                        run_id="r2")
    leads = leads_of(second)
    assert leads[("fair.csv", 1)] == giovanni
    dispositions = dict(second.execute("select lead_id, disposition from lead_dispositions").fetchall())
    assert dispositions[giovanni] == "known"
    # Paola shares Chiara's mobile and firm, not her name: a new lead, not a merge into Chiara's
    assert leads[("fair.csv", 2)] != chiara
    assert second.execute("select count(*) from lead_registry").fetchone()[0] == 5
    # a key seen again is not stored twice: one lead per key
    assert second.execute("select count(*) = count(distinct key) from lead_keys").fetchone()[0]


def test_explain_shows_the_pair_evidence_of_a_merge(run_models):
    from transforms.report.explain import _pair_lines

    household = [{"first_name": "Anna", "last_name": "Rossetti", "phone": "031 222 3344", "city": "Como"},
                 {"first_name": "Paolo", "last_name": "Rossetti", "phone": "031 222 3344", "city": "Como"}]
    con = run_models([GIOVANNI, *STRANGERS, *household, GIOVANNI_AGAIN])
    leads = leads_of(con)
    merged = _pair_lines(con, leads[("fair.csv", 1)])
    assert any("list.csv row 1" in line and "fair.csv row 1" in line and "merged" in line
               and "last:fuzzy(+" in line for line in merged)
    assert leads[("list.csv", 5)] != leads[("list.csv", 6)]  # the household stays apart ...
    assert not any("merged" in line for line in _pair_lines(con, leads[("list.csv", 5)]))  # ... and says so


def test_a_chain_of_probable_pairs_past_50_rows_keeps_only_its_keys():
    from transforms.match.matching import capped_components

    # rows 0..59: each probable pair (i, i+1) is an edge (namesakes chained); rows 0-2 also share a key
    chain = [(i, f"s:{i}") for i in range(59)] + [(i + 1, f"s:{i}") for i in range(59)]
    keys = [(0, "e:niccolo.dona@gmail.com"), (1, "e:niccolo.dona@gmail.com"), (2, "e:niccolo.dona@gmail.com")]
    edges = chain + keys
    names = sorted({k for _, k in edges})
    row_ids = np.array([r for r, _ in edges])
    codes = np.array([names.index(k) for _, k in edges])
    is_key = np.array([not k.startswith("s:") for _, k in edges])
    rows, labels = capped_components(row_ids, codes, is_key)
    leads = dict(zip(rows.tolist(), labels.tolist(), strict=True))
    assert len(leads) == 60  # every row is still placed
    assert leads[0] == leads[1] == leads[2]
    assert len(set(leads.values())) == 58
    # a short chain is left alone
    rows, labels = capped_components(row_ids, codes, is_key, max_rows=100)
    assert len(set(labels.tolist())) == 1


def test_stored_row_features_are_kept_once_and_rebuilt_for_older_stores(run_models):
    from transforms.match import members

    run_models([GIOVANNI, *STRANGERS, {"full_name": "Петров Иван", "mobile": "+359 88 719 2846",
                                               "company": "Петров ЕООД"}], run_id="r1")
    second = run_models([GIOVANNI_AGAIN, {"first_name": "Budi", "last_name": "Santoso", "mobile": "0812 6639 1047",
                                          "company": "PT Maju Jaya", "country": "ID"}], run_id="r2")
    kept = second.execute("select * from member_features order by run_id, row_id").fetchall()
    assert [r[0] for r in kept] == ["r1"] * 5 + ["r2"] * 2
    assert any(r[6] == "ivan petrov" for r in kept)  # the Cyrillic row, by its transliterated name key
    # a store from before member_features: its rows' features are computed again from lead_members, equal
    second.execute("drop table member_features; drop table member_feature_runs")
    members.ensure_member_tables(second)
    members.catch_up_member_features(second)
    assert second.execute("select * from member_features order by run_id, row_id").fetchall() == kept


def test_a_run_of_few_new_rows_scores_with_the_model_its_store_kept(run_models):
    # the nightly batch: a handful of rows against a store that learnt from its list; a run as big as a
    # tenth of the store learns again, and keeps what it learnt
    colleagues = [{"first_name": name, "last_name": "Esposito", "mobile": f"348 512 77{i:02d}", "company": "Beta Spa"}
                  for i, name in enumerate(["Anna", "Luca", "Marco", "Sara", "Paolo", "Laura", "Davide", "Ilaria",
                                            "Matteo", "Silvia"])]
    first = run_models([GIOVANNI, *STRANGERS, *colleagues], run_id="r1")
    assert first.execute("select run_id, rows from matcher_models").fetchall() == [("r1", 14)]
    giovanni = leads_of(first)[("list.csv", 1)]
    second = run_models([GIOVANNI_AGAIN], run_id="r2")  # 1 new row beside 14 stored: the kept model
    assert leads_of(second)[("fair.csv", 1)] == giovanni
    assert second.execute("select run_id from matcher_models").fetchall() == [("r1",)]
    newcomers = [{"first_name": f, "last_name": "Greco", "mobile": f"349 718 26{i:02d}", "source_file": "new.csv"}
                 for i, f in enumerate(["Aldo", "Bice"])]
    third = run_models(newcomers, run_id="r3")  # 2 new rows beside 15: more than a tenth, learnt again
    assert third.execute("select run_id from matcher_models order by learnt_at").fetchall() == [("r1",), ("r3",)]
