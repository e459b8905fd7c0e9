"""The name a rep reads out (30_lead_provenance.sql): part by part, the right way round, the spelling
most rows and the e-mail agree on, in the person's own script."""
from tests.sql.conftest import leads_of

# other people of the list, so that it knows which words it holds first (Italian, Bulgarian, English)
OTHERS = [{"first_name": first, "last_name": last, "email": f"{first}.{last}@example{i}.it".lower(),
           "source_file": "others.csv"}
          for i, (first, last) in enumerate([("Rita", "Conti"), ("Rita", "Galli"), ("Giulia", "Moro"),
                                             ("Rita", "Serra"), ("Paolo", "Tucker"), ("Anna", "Tucker")])]


def names(con) -> dict[str, tuple[str, str]]:
    """{lead_id: (first_name, last_name)} of the golden records."""
    return {lead: (first, last) for lead, first, last in
            con.execute("select lead_id, first_name, last_name from leads").fetchall()}


def name_of(con, source_file: str, source_row: int = 1) -> tuple[str, str]:
    return names(con)[leads_of(con)[(source_file, source_row)]]


def test_a_typo_loses_to_the_spelling_the_email_shows(run_models):
    con = run_models([
        {"first_name": "Alberlco", "last_name": "Vigorelli", "phone": "347 582 0193",
         "email": "alberico.vigorelli@vigorelli.it"},
        {"first_name": "Alberico", "last_name": "Vigorelli", "phone": "347 582 0193", "source_file": "b.csv"},
    ])
    assert name_of(con, "list.csv") == ("Alberico", "Vigorelli")
    rule = con.execute("select rule from lead_provenance where field = 'name'").fetchone()[0]
    assert "e-mail agrees" in rule


def test_names_the_other_way_round_are_turned_by_what_the_list_holds_first(run_models):
    # Tucker is a surname and Rita a first name in the rest of the list
    con = run_models([
        {"first_name": "Tucker", "last_name": "Rita", "phone": "07700 900123", "country": "GB"},
        {"first_name": "Rita", "last_name": "Tucker", "phone": "+44 7700 900123", "source_file": "b.csv"},
        *OTHERS,
    ])
    assert name_of(con, "list.csv") == ("Rita", "Tucker")


def test_a_phone_book_that_writes_the_surname_first_is_read_its_way(run_models):
    rows = [{"first_name": last, "last_name": first, "phone": f"02 4871 50{i:02d}", "source_file": "elenco.txt"}
            for i, (first, last) in enumerate([("Rita", "Bassi"), ("Giulia", "Ferri"), ("Paolo", "Rota"),
                                               ("Anna", "Villa")])]
    con = run_models([*rows, *OTHERS])
    assert {name_of(con, "elenco.txt", r) for r in range(1, 5)} == {
        ("Rita", "Bassi"), ("Giulia", "Ferri"), ("Paolo", "Rota"), ("Anna", "Villa")}


def test_the_persons_own_script_and_accents_are_kept(run_models):
    con = run_models([
        {"first_name": "Иван", "last_name": "Петров", "phone": "0888 723 451", "country": "BG"},
        {"first_name": "Ivan", "last_name": "Petrov", "phone": "+359 888 723 451", "source_file": "fair.csv"},
        {"first_name": "NICCOLO", "last_name": "BIANCHI", "email": "n.bianchi@bianchi.it", "source_file": "c.csv"},
        {"first_name": "Niccolò", "last_name": "Bianchi", "email": "n.bianchi@bianchi.it", "source_file": "d.csv"},
    ])
    assert name_of(con, "list.csv") == ("Иван", "Петров")
    assert name_of(con, "c.csv") == ("Niccolò", "Bianchi")


def test_one_word_never_stands_for_both_names(run_models):
    # each row the other way round, and no other row of the list knows either word
    con = run_models([
        {"first_name": "Joe", "last_name": "Atkinson", "email": "j.atkinson@higgins.co.uk", "country": "GB"},
        {"first_name": "Atkinsn", "last_name": "Joe", "email": "j.atkinson@higgins.co.uk", "source_file": "b.csv"},
    ])
    first, last = name_of(con, "list.csv")
    assert first != last and {first, last} <= {"Joe", "Atkinson", "Atkinsn"}


def golden(con, field: str) -> tuple[str, str]:
    """(value, rule) of the only lead's golden `field`."""
    return con.execute("select value, rule from lead_provenance where field = $f", {"f": field}).fetchone()


def test_a_job_title_or_firm_from_a_newer_list_wins(run_models):
    person = {"first_name": "Anna", "last_name": "Verdi", "email": "anna.verdi@gmail.com"}
    first = run_models([{**person, "job_title": "Buyer", "company": "Verdi S.p.A."},
                        {**person, "job_title": "Buyer", "company": "Verdi S.p.A.", "source_file": "b.csv"}],
                       run_id="r1")
    first.execute("insert into runs (run_id, as_of) values ('r1', date '2026-01-15')")
    second = run_models([{**person, "job_title": "Head of Purchasing", "company": "Bianchi S.r.l.",
                          "source_file": "c.csv"}], run_id="r2")
    assert golden(second, "job_title")[0] == "Head of Purchasing"
    value, rule = golden(second, "company")
    assert value.startswith("Bianchi") and "newest list" in rule
    assert golden(second, "email")[0] == "anna.verdi@gmail.com"


def test_the_firm_the_email_domain_names_wins_a_tie(run_models):
    con = run_models([
        {"first_name": "Mario", "last_name": "Rossi", "email": "m.rossi@rossisrl.it", "company": "Bianchi S.p.A."},
        {"first_name": "Mario", "last_name": "Rossi", "email": "m.rossi@rossisrl.it", "company": "Rossi S.r.l.",
         "source_file": "b.csv"},
    ])
    value, rule = golden(con, "company")
    assert value.startswith("Rossi") and "e-mail domain" in rule


def test_an_irish_surname_typed_as_the_first_name_is_turned_round(run_models):
    # O'Donnell is keyed 'donnell' whichever field holds it, so the list's other O'Donnells (surnames)
    # and Waynes (first names) say which is which, in a file that otherwise keeps its columns' order
    others = [{"first_name": first, "last_name": last, "phone": f"07700 9001{i:02d}", "country": "GB"}
              for i, (first, last) in enumerate([(first, last) for first in ("Carly", "Aaron", "Mohammad", "Wayne")
                                                 for last in ("O'Donnell", "Reid", "Hart") if first != "Wayne" or
                                                 last != "O'Donnell"])]
    con = run_models([{"first_name": "O'Donnell", "last_name": "Wayne", "phone": "07700 900999", "country": "GB"},
                      *others])
    assert name_of(con, "list.csv") == ("Wayne", "O'Donnell")


def test_a_tie_between_two_titles_is_settled_the_same_way_every_run(run_models):
    rows = [{"honorific": title, "first_name": "Ippazio", "last_name": "Calarco", "phone": "347 582 0111",
             "source_file": f"{i}.csv"} for i, title in enumerate(["Mr", "Dott.", "Mr", "Dott."])]
    con = run_models(rows)
    assert con.execute("select honorific from leads").fetchall() == [("Dott.",)]


def test_most_of_the_leads_rows_settle_two_words_the_list_holds_either_way(run_models):
    # Dean and Russell are first names and surnames alike in the rest of the list, and the e-mail puts the
    # surname first: two of the person's three rows, in files that keep their columns, say Russell Dean
    clear = [("Rita", "Conti"), ("Giulia", "Moro"), ("Paolo", "Serra")]
    files = ["a.csv", "b.csv", "c.csv", "others.csv"]
    others = [{"first_name": first, "last_name": last, "phone": f"07700 9{i:02d}{j:03d}", "country": "GB",
               "source_file": file}
              for i, file in enumerate(files) for j, (first, last) in enumerate(clear)]
    either_way = [{"first_name": first, "last_name": last, "phone": f"07700 95{i:04d}", "country": "GB",
                   "source_file": "others.csv"}
                  for i, (first, last) in enumerate([("Dean", "Hart"), ("Dean", "Moss"), ("Carl", "Dean"),
                                                     ("Russell", "Kerr"), ("Tom", "Russell")])]
    person = {"phone": "07700 900456", "email": "dean.russell@example.co.uk", "country": "GB"}
    con = run_models([{"first_name": "Russell", "last_name": "Dean", "source_file": "a.csv", **person},
                      {"first_name": "Russell", "last_name": "Dean", "source_file": "b.csv", **person},
                      {"first_name": "Dean", "last_name": "Russell", "source_file": "c.csv", **person},
                      *others, *either_way])
    leads = leads_of(con)
    assert leads[("a.csv", 1)] == leads[("b.csv", 1)] == leads[("c.csv", 1)]
    assert name_of(con, "a.csv") == ("Russell", "Dean")
