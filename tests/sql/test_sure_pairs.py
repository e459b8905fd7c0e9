"""sure_pairs: which probable Splink pairs merge, on hand-made match_pairs."""
import duckdb
import pytest

from transforms.core.store import materialise

PARAMS = {"merge": 0.95, "first_name_similarity": 0.85, "households": True}
COLUMNS = ("row_id_l", "row_id_r", "lead_id_r", "match_probability", "shares_contact", "conflicts", "generations_apart",
           "same_birth", "nickname", "swapped", "first_key_l", "first_key_r", "name_key_l", "name_key_r")


def pair(left, right, p=0.99, contact=False, first_l="mario", first_r="mario", lead_r=None, conflicts=False,
         birth=False, swapped=False):
    return (left, right, lead_r, p, contact, conflicts, False, birth, False, swapped, first_l, first_r,
            f"{first_l} rossi", f"{first_r} rossi")


@pytest.fixture
def sure():
    def run(pairs: list[tuple], same_person: list[list[int]] = (), households: bool = True,
            rows: dict[int, dict] | None = None) -> set[tuple]:
        """`rows`: this run's rows' features by row_id (e-mail, company_key, dob, phones), where a test gives them."""
        con = duckdb.connect()
        con.execute("create table row_features (row_id bigint, email varchar, company_key varchar, dob_text varchar, "
                    "dob_swap varchar, p1 varchar, p2 varchar)")
        for row_id, f in (rows or {}).items():
            dob = f.get("dob")
            con.execute("insert into row_features values (?, ?, ?, ?, ?, ?, ?)",
                        [row_id, f.get("email"), f.get("company_key"), dob, dob and dob[:4] + dob[6:] + dob[4:6],
                         f.get("p1"), f.get("p2")])
        con.execute("create table match_pairs (row_id_l bigint, row_id_r bigint, lead_id_r varchar, "
                    "match_probability double, shares_contact boolean, conflicts boolean, generations_apart boolean, "
                    "same_birth boolean, nickname boolean, swapped boolean, first_key_l varchar, first_key_r varchar, "
                    "name_key_l varchar, name_key_r varchar)")
        con.executemany(f"insert into match_pairs values ({', '.join('?' * len(COLUMNS))})", pairs)
        con.execute("create table key_components (row_id bigint, component bigint)")
        for component, rows in enumerate(same_person):
            con.executemany("insert into key_components values (?, ?)", [(r, component) for r in rows])
        materialise(con, "sure_pairs", {**PARAMS, "households": households})
        return {(left, right if right is not None else lead) for left, right, lead in
                con.execute("select row_id_l, row_id_r, lead_id_r from sure_pairs").fetchall()}
    return run


def test_pair_sharing_a_contact_merges(sure):
    assert sure([pair(2, 1, contact=True)]) == {(2, 1)}


def test_improbable_pair_or_other_first_name_does_not_merge(sure):
    assert sure([pair(2, 1, p=0.9, contact=True), pair(4, 3, contact=True, first_r="giulia")]) == set()


def test_other_first_name_with_the_same_birth_date_merges(sure):
    # a first name replaced in one list (FEBRL's "luke" / "mia purdon", one birth date, one home):
    # a family shares a home, not a birthday
    assert sure([pair(4, 3, contact=True, first_r="giulia", birth=True)]) == {(4, 3)}


def test_names_only_pair_merges_when_unambiguous(sure):
    # the phone book's "Rossi Mario, Milano" and the one Mario Rossi of Milano in a vendor list
    assert sure([pair(2, 1)]) == {(2, 1)}


def test_names_only_pairs_with_two_people_are_ambiguous(sure):
    # two different Mario Rossi in Milano: the phone-book row could be either, so it joins neither
    assert sure([pair(3, 1), pair(3, 2)]) == set()


def test_two_rows_of_one_person_are_not_ambiguous(sure):
    # Mario's two vendor rows share his e-mail (one key component): the phone-book row is his
    assert sure([pair(3, 1), pair(3, 2)], same_person=[[1, 2]]) == {(3, 1), (3, 2)}


def test_three_rows_of_one_person_tied_by_names_alone_merge(sure):
    # phone book, vendor list and trade-show list each hold the one Mario Rossi of Milano, no contact in common
    assert sure([pair(2, 1), pair(3, 1), pair(3, 2)]) == {(2, 1), (3, 1), (3, 2)}


def test_a_row_between_two_people_told_apart_is_ambiguous(sure):
    # rows 1 and 2 are two Mario Rossi (other e-mails: a conflict); the phone-book row 3 could be either
    assert sure([pair(2, 1, conflicts=True), pair(3, 1), pair(3, 2)]) == set()


def test_a_row_like_two_rows_found_alike_below_the_merge_line_is_one_person_with_both(sure):
    # one historical figure three times (Splink's historical_50k): rows 1 and 2 scored 0.8 with nothing
    # against them (a typo in one, no birth date in the other); row 3 is sure with each
    assert sure([pair(2, 1, p=0.8), pair(3, 1), pair(3, 2)]) == {(3, 1), (3, 2)}
    # ... but not when something tells rows 1 and 2 apart (another e-mail)
    assert sure([pair(2, 1, p=0.8, conflicts=True), pair(3, 1), pair(3, 2)]) == set()


def test_a_row_like_two_rows_nothing_tells_apart_is_one_person_with_both(sure):
    # historical_50k: one figure in three rows of names and a postcode, a birth date on one of them at most;
    # rows 1 and 2 were never scored together (no blocking rule paired them)
    bare = {1: {"dob": "16300801"}, 2: {}, 3: {}}
    assert sure([pair(3, 1), pair(3, 2)], rows=bare) == {(3, 1), (3, 2)}
    # ... but another e-mail, firm, birth date or numbers tell two Mario Rossi apart: row 3 could be either
    for one, other in [({"email": "m.rossi@a.it"}, {"email": "mario.rossi@b.it"}),
                       ({"company_key": "rossi"}, {"company_key": "bianchi"}),
                       ({"dob": "19700101"}, {"dob": "19851231"}),
                       ({"p1": "+390211111111"}, {"p1": "+390222222222", "p2": "+393331234567"})]:
        assert sure([pair(3, 1), pair(3, 2)], rows={1: one, 2: other, 3: {}}) == set()
    # a birth date one typo off, or its day and month swapped, is the same date
    assert sure([pair(3, 1), pair(3, 2)], rows={1: {"dob": "19700102"}, 2: {"dob": "19700201"}, 3: {}}) == {
        (3, 1), (3, 2)}


def test_a_typo_in_the_first_name_still_merges(sure):
    # same e-mail, first name scrambled ("Jessica" / "aessicJ") or one letter off ("Jesica")
    assert sure([pair(2, 1, contact=True, first_l="jessica", first_r="aessicj"),
                 pair(4, 3, contact=True, first_l="jessica", first_r="jesica")]) == {(2, 1), (4, 3)}
    assert sure([pair(6, 5, contact=True, first_l="anna", first_r="nina")]) == set()  # two people


def test_names_only_pair_with_a_stored_lead_is_ambiguous_when_a_new_row_also_fits(sure):
    assert sure([pair(5, None, lead_r="LSTORED"), pair(5, 6)]) == set()


def test_names_only_pair_with_another_firm_or_email_does_not_merge(sure):
    # two Mario Rossi of Milano, one at Rossi S.r.l., one at Bianchi S.p.A.: review, not merge
    assert sure([pair(2, 1, conflicts=True)]) == set()
    # a shared contact outweighs a second address: his work and his private e-mail
    assert sure([pair(2, 1, contact=True, conflicts=True)]) == {(2, 1)}


def test_other_first_name_merges_in_a_list_without_households(sure):
    # a list whose rows at one address never differ in first name and birth date together holds no families:
    # a probable pair with another first name is one person whose name was replaced
    other = pair(2, 1, contact=True, first_l="kody", first_r="lillianna")
    assert sure([other]) == set()
    assert sure([other], households=False) == {(2, 1)}


def test_two_rows_sharing_a_contact_with_a_third_are_one_person(sure):
    # rows 1 and 2 each share a contact with row 3 (a birth date, a home) but not with each other: one person,
    # so row 4, tied to both by name alone, is that person's
    assert sure([pair(3, 1, contact=True), pair(3, 2, contact=True), pair(4, 1), pair(4, 2)]) == \
        {(3, 1), (3, 2), (4, 1), (4, 2)}


def test_names_swapped_up_to_a_typo_still_merge(sure):
    # "Hartaai Kartika" and "Kartika Hartati" at one e-mail: her names in the other columns, not a relative
    assert sure([pair(2, 1, contact=True, first_l="hartaai", first_r="kartika", swapped=True)]) == {(2, 1)}
