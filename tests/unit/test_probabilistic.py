"""Splink matcher on tiny hand-made stg_leads tables, with the shipped model (no training)."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from transforms.match import members, probabilistic
from transforms.match.probabilistic import predict_pairs

COLS = ["row_id", "quarantine_reason", "first_name", "last_name", "name_key", "first_key", "company",
        "company_key", "phone_e164", "phone_valid", "phone_kind", "mobile_e164", "mobile_valid", "mobile_kind",
        "phone_raw", "mobile_raw",
        "email", "email_valid", "email_role", "email_placeholder", "email_disposable", "email_domain", "address",
        "city", "postcode", "dob", "country", "source_file", "source_row"]


def row(rid, first, last, company=None, phone=None, phone_kind="fixed_line", mobile=None, email=None,
        role=False, placeholder=False, city="Milano", country="IT"):
    fk = first.lower() if first else None
    nk = " ".join(sorted(f"{first or ''} {last or ''}".lower().split())) or None
    return [rid, None, first, last, nk, fk, company, company.lower() if company else None,
            phone, phone is not None and phone_kind != "placeholder", phone_kind,
            mobile, mobile is not None, "mobile" if mobile else None, phone, mobile,
            email, email is not None, role, placeholder, False, email.split("@")[1] if email else None,
            None, city, None, None, country, "list.csv", rid]


FILLER = [  # unrelated people, so the table is not only the case under test
    row(101, "Chiara", "Fontana", "Delta Srl", mobile="+393331000001", email="chiara.fontana@gmail.com"),
    row(102, "Stefano", "Galli", "Omega Srl", mobile="+393331000002", email="s.galli@omega.it", city="Roma"),
    row(103, "Elena", "Moretti", None, mobile="+393331000003", email="elena.moretti@libero.it", city="Como"),
    row(104, "Davide", "Colombo", "Beta Spa", phone="+390201000004", email="davide.colombo@beta.it"),
]


def pairs(rows: list[list], threshold: float = 0.5) -> pd.DataFrame:
    con = duckdb.connect()
    df = pd.DataFrame(rows + FILLER, columns=COLS)
    con.register("df", df)
    con.execute("create table stg_leads as select * exclude (quarantine_reason), "
                "quarantine_reason::varchar as quarantine_reason from df").fetchall()
    n, _ = predict_pairs(con, threshold=threshold)
    out = con.execute("select * from match_pairs order by match_probability desc").df()
    con.close()
    assert len(out) == n
    return out


def linked(out: pd.DataFrame, a: int, b: int, p: float = 0.9) -> bool:
    hit = out[((out.row_id_l == a) & (out.row_id_r == b)) | ((out.row_id_l == b) & (out.row_id_r == a))]
    return bool(len(hit)) and hit.match_probability.max() >= p


def test_typo_in_name_with_same_email_merges():
    out = pairs([
        row(1, "Giovanni", "Bianchi", "Acme Srl", mobile="+393471234567", email="giovanni.bianchi@acme.it"),
        row(2, "Giovanni", "Bianchu", "Acme Srl", phone="+390212345678", email="giovanni.bianchi@acme.it"),
    ])
    assert linked(out, 1, 2)
    ev = out.evidence.iloc[0]
    assert "email:exact(+" in ev and "last:fuzzy(" in ev


def test_swapped_names_with_same_mobile_score_as_the_names_written_alike():
    # a swap says what the two names say written alike, never more (FEBRL4: a swap weighed +23 bits, the names
    # +12, and a second Lachlan Nguyen merged with the first); in six rows a name is common, so both pairs
    # are review pairs here, and the phone with the name (a match key) merges them in a run
    marta = row(1, "Marta", "Ferraris", mobile="+393489876543", email="marta.ferraris@gmail.com")
    swapped = pairs([marta, row(2, "Ferraris", "Marta", mobile="+393489876543")])
    alike = pairs([marta, row(2, "Marta", "Ferraris", mobile="+393489876543")])
    assert linked(swapped, 1, 2, p=0.5) and "first:swapped(" in swapped.evidence.iloc[0]
    assert swapped.match_weight.iloc[0] <= alike.match_weight.iloc[0] + 2


def test_a_file_written_surname_first_is_turned_round_before_its_names_are_compared():
    # a vendor writes "Sandra Ramazzotti"; a phone book "RAMAZZOTTI SANDRA", its first column the surname. The
    # other file's rows say which word is the first name, so the phone book is read the other way round and
    # its rows agree on the names as written, not as a swap (which weighs no more than the names alike)
    people = [("Sandra", "Ramazzotti"), ("Arnulfo", "Bignami"), ("Gioffre", "Pirandello"), ("Carla", "Neri"),
              ("Ugo", "Lodi"), ("Rita", "Sala")]
    vendor = [row(i, first, last, mobile=f"+3933320000{i:02d}") for i, (first, last) in enumerate(people, 1)]
    book = [row(20 + i, last.upper(), first.upper(), phone=f"+3902400000{i:02d}") for i, (first, last)
            in enumerate(people, 1)]
    stranger = row(40, "BRUNO", "GATTI", phone="+390240000099")  # names no other file holds: no evidence
    for r in [*book, stranger]:
        r[COLS.index("source_file")] = "elenco.txt"
    out = pairs(vendor + book + [stranger], threshold=0.0)
    for i in range(1, len(people) + 1):
        hit = out[(out.row_id_l.isin([i, 20 + i])) & (out.row_id_r.isin([i, 20 + i]))]
        assert len(hit) == 1 and "first:exact(" in hit.evidence.iloc[0] and "swapped" not in hit.evidence.iloc[0]

    con = duckdb.connect()
    con.register("df", pd.DataFrame(vendor + book + [stranger] + FILLER, columns=COLS))
    con.execute("create table stg_leads as select * exclude (quarantine_reason), "
                "quarantine_reason::varchar as quarantine_reason from df").fetchall()
    _, _, surname_first = probabilistic.prepare_input(con, with_store=False)
    assert surname_first == ["elenco.txt"]
    keys = dict(con.execute("select row_id, first_key || ' ' || last_key from row_features").fetchall())
    assert keys[21] == "sandra ramazzotti" and keys[1] == "sandra ramazzotti" and keys[40] == "gatti bruno"
    # a phone book that comes alone, in a later run, is judged against the store's rows
    members.row_features(con, "select *, 'r1' as run_id from stg_leads where source_file = 'list.csv'",
                         "member_features")
    later = "select *, null::varchar as run_id from stg_leads where source_file = 'elenco.txt'"
    members.row_features(con, later, "later", orient=True, with_store=True)
    assert con.execute("select bool_and(surname_first) from later").fetchall()[0][0]
    # ... and alone, one file teaches nothing about its order: it is read as written
    members.row_features(con, later, "alone", orient=True, with_store=False)
    assert not con.execute("select bool_or(surname_first) from alone").fetchall()[0][0]
    # a file the store holds keeps the order it was read in (there: as written), so that its new rows and its
    # stored ones agree; the vendor's list, new, is turned to agree with it
    con.execute("create or replace temp table member_features as select * from alone").fetchall()
    members.row_features(con, "select *, null::varchar as run_id from stg_leads", "again", orient=True,
                         with_store=True)
    assert dict(con.execute("select source_file, bool_and(surname_first) from again group by 1").fetchall()) == {
        "elenco.txt": False, "list.csv": True}


def test_colleagues_sharing_switchboard_and_role_email_do_not_merge():
    out = pairs([
        row(1, "Marco", "Verdi", "Acme Srl", phone="+390298765432", email="info@acme.it", role=True),
        row(2, "Luca", "Neri", "Acme Srl", phone="+390298765432", email="info@acme.it", role=True),
        row(3, "Sara", "Conti", "Acme Srl", phone="+390298765432", email="sara.conti@acme.it"),
    ])
    assert not linked(out, 1, 2, 0.5) and not linked(out, 1, 3, 0.5) and not linked(out, 2, 3, 0.5)


def test_household_sharing_home_phone_and_surname_does_not_merge():
    out = pairs([
        row(1, "Anna", "Rossetti", phone="+390312223344", city="Como"),
        row(2, "Paolo", "Rossetti", phone="+390312223344", city="Como"),
    ])
    assert not linked(out, 1, 2, 0.5)


def test_placeholder_rows_do_not_merge():
    out = pairs([
        row(1, "Test", "Test", "Test Srl", phone="+3900000000", phone_kind="placeholder",
            email="test@test.com", placeholder=True),
        row(2, "Test", "Test", "Test Srl", phone="+3900000000", phone_kind="placeholder",
            email="test@test.com", placeholder=True),
        row(3, "Mario", "Rossi", "asdf", phone="+3900000000", phone_kind="placeholder"),
        row(4, "Mario", "Rossi", "asdf", phone="+3900000000", phone_kind="placeholder"),
    ])
    assert len(out[out.row_id_l.isin([1, 2, 3, 4]) | out.row_id_r.isin([1, 2, 3, 4])]) == 0


def test_a_real_name_holding_a_filler_word_still_matches():
    # "na" alone is N/A, but Na is a Korean surname and an Italian bar is a "Bar": such rows take part
    out = pairs([
        row(1, "Min-jun", "Na", "Bar Roma", mobile="+393471234567", email="minjun.na@barroma.it"),
        row(2, "Min-jun", "Na", "Bar Roma", mobile="+393471234567", email="minjun.na@barroma.it"),
        row(3, "N/A", None, "Bar Roma", mobile="+393479999999"),
        row(4, "N/A", None, "Bar Roma", mobile="+393479999999"),
    ])
    assert linked(out, 1, 2)
    assert len(out[out.row_id_l.isin([3, 4]) | out.row_id_r.isin([3, 4])]) == 0


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_inputs_give_an_empty_table(n):
    con = duckdb.connect()
    con.register("df", pd.DataFrame(FILLER[:n], columns=COLS))
    con.execute("create table stg_leads as select * exclude (quarantine_reason), "
                "quarantine_reason::varchar as quarantine_reason from df").fetchall()
    assert predict_pairs(con)[0] == 0
    assert con.execute("select count(*) from match_pairs").fetchall()[0][0] == 0


def test_same_email_is_a_shared_contact():
    out = pairs([
        row(1, "Giovanni", "Bianchi", "Acme Srl", mobile="+393471234567", email="giovanni.bianchi@acme.it"),
        row(2, "Giovanni", "Bianchu", "Acme Srl", phone="+390212345678", email="giovanni.bianchi@acme.it"),
    ])
    assert out.shares_contact.iloc[0] and not out.conflicts.iloc[0]


def test_namesakes_at_other_firms_with_near_miss_emails_conflict():
    # marco.ferri@ and marco.ferro@gmail.com: a typo, or two people; their firms differ, so two people
    out = pairs([
        row(1, "Marco", "Ferri", "Alfa Srl", mobile="+393471112233", email="marco.ferri@gmail.com"),
        row(2, "Marco", "Ferri", "Beta Spa", mobile="+393479998877", email="marco.ferro@gmail.com"),
        # gmail.com is a free-mail domain, not a firm's: it serves people of many firms
        *[row(10 + i, first, "Neri", f"Firm{i} Srl", mobile=f"+39347555000{i}", email=f"{first.lower()}.neri@gmail.com")
          for i, first in enumerate(["Luca", "Sara", "Paolo", "Anna", "Ugo", "Rita"])],
    ], threshold=0.0)
    hit = out[(out.row_id_l.isin([1, 2])) & (out.row_id_r.isin([1, 2]))]
    assert len(hit) == 1 and "email:typo" in hit.evidence.iloc[0]
    assert not hit.shares_contact.iloc[0] and hit.conflicts.iloc[0]


def test_prediction_in_chunks_scores_the_same_pairs(monkeypatch):
    import transforms.match.probabilistic as probabilistic

    rows = [  # Italian, Bulgarian and Indonesian duplicates: typo, swapped names, shared e-mail
        row(1, "Giovanni", "Bianchi", "Acme Srl", mobile="+393471234567", email="giovanni.bianchi@acme.it"),
        row(2, "Giovanni", "Bianchu", "Acme Srl", phone="+390212345678", email="giovanni.bianchi@acme.it"),
        row(3, "Иван", "Петров", "Орбита ООД", mobile="+359888723451", city="София", country="BG"),
        row(4, "Петров", "Иван", "Орбита ООД", mobile="+359888723451", city="София", country="BG"),
        row(5, "Budi", "Santoso", "PT Maju Jaya", mobile="+6281291374826", email="budi.santoso@majujaya.co.id",
            city="Jakarta", country="ID"),
        row(6, "Budi", "Santosa", "PT Maju Jaya", mobile="+6281291374826", city="Jakarta", country="ID"),
    ]
    whole = pairs(rows)
    calls = []
    real_predict = probabilistic.prediction_chunks
    monkeypatch.setattr(probabilistic, "PAIRS_PER_CHUNK", 1)  # one chunk per estimated pair

    def counted(con):
        calls.append(real_predict(con))
        return calls[-1]

    monkeypatch.setattr(probabilistic, "prediction_chunks", counted)
    chunked = pairs(rows)
    assert calls and calls[0] > 1 and len(chunked) == len(whole)
    key = ["row_id_l", "row_id_r"]
    assert {tuple(r) for r in whole[key].values} == {tuple(r) for r in chunked[key].values}
    assert {(2, 1), (4, 3), (6, 5)} <= {tuple(sorted(r, reverse=True)) for r in chunked[key].values}
    assert whole.match_probability.sum() == pytest.approx(chunked.match_probability.sum())


def test_names_in_each_others_columns_up_to_a_typo_are_evidence():
    # "Marianne Rees" typed as first name Rees, surname Maribanne in another list (FEBRL's corruptions)
    out = pairs([row(1, "Marianne", "Rees", email="m.rees@gmail.com"),
                 row(2, "Rees", "Maribanne", email="m.rees@gmail.com"),
                 row(3, "Jordan", "Lavis", mobile="+393471234500"),
                 row(4, "Lavis", "Henry", mobile="+393471234500")], threshold=0.0)
    swapped = out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]
    assert "first:swapped~(" in swapped
    crossed = out[(out.row_id_l == 4) & (out.row_id_r == 3)].evidence.iloc[0]
    assert "first:crossed(" in crossed


def test_a_nickname_is_evidence_and_lets_the_pair_merge():
    # Tony is short for Anthony (the `nicknames` package's table); same mobile, same surname
    out = pairs([row(1, "Anthony", "Marsh", mobile="+447700900123", country="GB", city="Leeds"),
                 row(2, "Tony", "Marsh", mobile="+447700900123", country="GB", city="Leeds")], threshold=0.0)
    hit = out[(out.row_id_l == 2) & (out.row_id_r == 1)]
    assert "first:nickname(" in hit.evidence.iloc[0] and hit.nickname.iloc[0]


def test_a_phone_a_name_and_its_nickname_share_is_one_persons():
    # Peggy is short for Margaret: the line is hers alone, not a household's
    out = pairs([row(1, "Margaret", "Williams", mobile="+447700900124", country="GB", city="Leeds"),
                 row(2, "Peggy", "Williams", mobile="+447700900124", country="GB", city="Leeds"),
                 row(3, "Budi", "Santoso", mobile="+6281234567890", country="ID", city="Jakarta"),
                 row(4, "Siti", "Santoso", mobile="+6281234567890", country="ID", city="Jakarta")], threshold=0.0)
    nick = out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]
    family = out[(out.row_id_l == 4) & (out.row_id_r == 3)].evidence.iloc[0]
    assert "phone:exact(" in nick and "phone:shared(" in family


def test_a_father_and_his_son_at_one_address_are_two_people():
    # one name, one home line; Jr. on one side, or birth dates a generation apart
    def person(rid, last, dob):
        r = row(rid, "Frank", last, phone="+17182443797", phone_kind="fixed_line", country="US", city="Brooklyn")
        r[COLS.index("dob")] = dob
        return r
    out = pairs([person(1, "Bray", "1961-04-22"), person(2, "Bray Jr.", None), person(3, "Bray", "1990-03-02")],
                threshold=0.0)
    jr = out[(out.row_id_l == 2) & (out.row_id_r == 1)]
    assert jr.generations_apart.iloc[0]
    apart = out[(out.row_id_l == 3) & (out.row_id_r == 1)].evidence.iloc[0]
    assert "dob:generation(" in apart


def test_an_address_abbreviated_in_one_list_is_the_same_street():
    # the postal abbreviations (N, Cir; Gdns) are spelled out before addresses are compared
    def at(rid, first, address, postcode, city):
        r = row(rid, first, "Jones", country="US" if city == "Houston" else "GB", city=city)
        r[COLS.index("address")], r[COLS.index("postcode")] = address, postcode
        return r
    out = pairs([at(1, "Sandra", "7635 North Stanley Circle", "77013", "Houston"),
                 at(2, "Sandra", "7635 N Stanley Cir", "77013", "Houston"),
                 at(3, "Daniel", "10 Church Gardens", "SO16 2HL", "Southampton"),
                 at(4, "Daniel", "10 Church Gdns.", "SO162HL", "Southampton")], threshold=0.0)
    for a, b in ((2, 1), (4, 3)):
        evidence = out[(out.row_id_l == a) & (out.row_id_r == b)].evidence.iloc[0]
        assert "place:street(" in evidence or "place:street+postcode(" in evidence, evidence


def test_a_postcode_one_keystroke_off_in_the_same_town_is_evidence():
    def at(rid, address, postcode):
        r = row(rid, "Stephanie", "Rumbal", country="AU", city="Galston")
        r[COLS.index("address")], r[COLS.index("postcode")] = address, postcode
        return r
    out = pairs([at(1, "26 Sollya Place", "6285"), at(2, "26 Griffin Place", "6258")], threshold=0.0)
    # (the house number and "place" in common too: a house at a postcode one keystroke off, which weighs in a
    # small list what the postcode one keystroke off does)
    evidence = out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]
    assert "place:postcode~(+" in evidence or "place:street_part~(+" in evidence, evidence


def test_a_house_at_a_postcode_one_keystroke_off_is_evidence():
    # FEBRL4: "41 haystack crescent" at 3690 and "41 haystack crescent st vincents hospital" at 3680, towns apart
    def at(rid, address, postcode, city):
        r = row(rid, "Shanaye", "Carbone", country="AU", city=city)
        r[COLS.index("address")], r[COLS.index("postcode")] = address, postcode
        return r
    out = pairs([at(1, "41 Haystack Crescent St Vincents Hospital", "3690", "Matong"),
                 at(2, "41 Haystack Crescent", "3680", "Leetob")], threshold=0.0)
    assert "place:street_part~(" in out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]


def test_a_street_written_without_its_house_number_is_the_same_street():
    # FEBRL2: Kiara Everett at "8 eddy crescent legacy vlge", 6076, and a copy of her row at "eddy crescent legacy
    # vlge", 0676: the number left out in one list, not another house; another number is another house
    def at(rid, first, address, postcode):
        r = row(rid, first, "Everett", country="AU", city="Noble Park")
        r[COLS.index("address")], r[COLS.index("postcode")] = address, postcode
        return r
    out = pairs([at(1, "Kiara", "8 Eddy Crescent Legacy Vlge", "6076"),
                 at(2, "Kieran", "Eddy Crescent Legacy Vlge", "0676"),
                 at(3, "Kiara", "12 Eddy Crescent", "6076")], threshold=0.0)
    unnumbered = out[(out.row_id_l == 2) & (out.row_id_r == 1)].iloc[0]
    assert "place:street_unnumbered(" in unnumbered.evidence and unnumbered.shares_contact
    assert not out[(out.row_id_l == 3) & (out.row_id_r == 1)].evidence.str.contains("street_unnumbered").any()


def test_a_firm_named_two_ways_on_one_phone_holds_it_alone():
    # Fodors-Zagat: "Hotel Bel-Air" / "Bel-Air Hotel", "Spago" / "Spago (Los Angeles)": one firm's own line, its
    # name's words reordered or some left out; two firms of other names on one number share it
    def firm(rid, company, phone):
        return row(rid, None, None, company, phone=phone, country="US", city="Los Angeles")
    out = pairs([firm(1, "Hotel Bel-Air", "+13104721211"), firm(2, "Bel-Air Hotel", "+13104721211"),
                 firm(3, "Spago", "+13106524025"), firm(4, "Spago (Los Angeles)", "+13106524025"),
                 firm(5, "Katsu", "+12136651891"), firm(6, "Fenix", "+12136651891")], threshold=0.0)
    for a, b in ((2, 1), (4, 3)):
        assert "phone:exact(" in out[(out.row_id_l == a) & (out.row_id_r == b)].evidence.iloc[0]
    assert "phone:shared(" in out[(out.row_id_l == 6) & (out.row_id_r == 5)].evidence.iloc[0]


def test_a_name_one_keystroke_off_is_a_typo():
    # "Sehnna" / "Seanna": one letter off, though Jaro-Winkler puts them below its typo cut-off
    out = pairs([row(1, "Seanna", "Pendle", mobile="+393331234567"), row(2, "Sehnna", "Pendle")], threshold=0.0)
    assert "first:fuzzy(" in out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]


def test_a_postcode_and_its_town_in_common_are_a_place_level():
    # Amy Britten at 4 and at 15 Whiteside Court, Kirwan 2330: the postcode and the town, not the house
    def at(rid, first, address):
        r = row(rid, first, "Britten", country="AU", city="Kirwan")
        r[COLS.index("address")], r[COLS.index("postcode")] = address, "2330"
        return r
    out = pairs([at(1, "Amy", "4 Whiteside Court Gumnut Cottage"), at(2, None, "15 Whiteside Court")], threshold=0.0)
    assert "place:postcode+town(" in out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]


def test_a_street_up_to_typos_at_one_postcode_is_a_place_level():
    # FEBRL4: "97 witt place villa 74" / "97 witt place", one postcode: the street, its numbers apart (one
    # surname up to a typo: a house several families give is shared, `features.sql`)
    def at(rid, surname, address):
        r = row(rid, "Zachary", surname, country="AU", city="Laurieton")
        r[COLS.index("address")], r[COLS.index("postcode")] = address, "2206"
        return r
    out = pairs([at(1, "White", "97 Witt Place Villa 74"), at(2, "Whyte", "97 Witt Place")], threshold=0.0)
    assert "place:street~+postcode(" in out[(out.row_id_l == 2) & (out.row_id_r == 1)].evidence.iloc[0]


def test_a_weak_name_block_too_big_to_hold_anything_but_namesakes_is_not_blocked_on():
    """Surname and name prefix join strangers first: a surname of more rows than MAX_WEAK_BLOCK_ROWS blocks only
    within a town, a town's part still bigger is left out (its rows keep their other rules); the strong name rule
    still blocks up to MAX_NAME_BLOCK_ROWS."""

    firsts = ["Mario", "Luca", "Anna", "Marco", "Giulia", "Paolo", "Sara", "Andrea", "Elena", "Davide", "Laura",
              "Matteo", "Chiara", "Simone", "Francesca", "Stefano", "Valentina", "Alessandro", "Martina", "Giorgio",
              "Silvia", "Roberto", "Federica", "Fabio", "Alessia", "Enrico", "Ilaria", "Massimo", "Paola", "Luigi"]
    big = [row(i, first, "Ferri", city="Torino") for i, first in enumerate(firsts, start=1)]
    small = [row(40 + i, first, "Bruni", city="Torino") for i, first in enumerate(firsts[:5], start=1)]
    namesakes = [row(60 + i, "Mario", "Ferri", city=city) for i, city in enumerate(["Bari", "Lecce", "Pisa"])]
    assert len(big) > probabilistic.MAX_WEAK_BLOCK_ROWS
    con = duckdb.connect()
    con.register("df", pd.DataFrame(big + small + namesakes + FILLER, columns=COLS))
    con.execute("create table stg_leads as select * exclude (quarantine_reason), "
                "quarantine_reason::varchar as quarantine_reason from df").fetchall()
    probabilistic.prepare_input(con, with_store=False)
    blocks = {rid: (town, name) for rid, town, name in con.execute(
        f"select unique_id, surname_block, name_key_block from {probabilistic.INPUT_TABLE}").fetchall()}
    assert all(blocks[r[0]][0] is None for r in big)  # 30 Ferris in Torino: no surname block
    assert {blocks[r[0]][0] for r in namesakes} == {"ferri|bari", "ferri|lecce", "ferri|pisa"}  # ... but in a town
    assert {blocks[r[0]][0] for r in small} == {"bruni"}  # a rare surname blocks in every town
    # the whole name blocks as before: four Mario Ferris, one in Torino
    assert {blocks[r[0]][1] for r in namesakes} == {blocks[1][1]} and blocks[1][1] is not None


def test_a_firms_number_in_every_listing_of_it_is_its_own_not_a_shared_line():
    # a site listed twelve times by scraped directories, its name in full and short: the number is the
    # firm's own (more rows than a person's own line shows), since every spelling holds "jenner"
    spellings = ["Jenner", "Jenner Academy", "Chicago Public Schools Jenner Academy of the Arts"]
    site = [row(i, None, None, spellings[i % 3], phone="+13125348440", city="Chicago", country="US")
            for i in range(1, 13)]
    # two firms of one building, named apart, share its switchboard
    building = [row(20, None, None, "Rossi Trasporti", phone="+390255501234"),
                row(21, None, None, "Bianchi Impianti", phone="+390255501234")]
    out = pairs(site + building)
    site_pairs = out[out.row_id_l.between(1, 12) & out.row_id_r.between(1, 12)]
    assert len(site_pairs) and all("phone:exact(" in ev for ev in site_pairs.evidence)
    assert not any("phone:exact(" in ev for ev in out[out.row_id_l == 21].evidence)
