"""Export models on hand-made tables: `review_pairs` (64, the pairs a person should look at) and `lineage` (63,
what became of every input row)."""

from tests.sql.conftest import memory_store as store
from transforms.core.store import materialise

# row_id, source_file, source_row, first_name, last_name, company, lead_id
ROWS = [(1, "vendor_it.csv", 1, "Giulia", "Bianchi", "Bianchi S.r.l.", "LGIULIA"),
        (2, "vendor_it.csv", 2, "Giulia", "Bianchi", "Bianchi Srl", "LGIULIA"),
        (3, "fiera_sofia.xlsx", 4, "Иван", "Петров", "Петров ЕООД", "LIVAN_BG"),
        (4, "vendor_it.csv", 3, "Ivan", "Petrov", "Petrov EOOD", "LIVAN_IT"),
        (5, "leads_id.csv", 1, "Budi", "Santoso", "PT Maju Jaya", "LBUDI"),
        (6, "leads_id.csv", 2, "Budi", "Santosa", None, "LBUDI_2")]


def review(pairs: list[tuple], members: list[tuple] = (), decided: list[tuple] = ()) -> list[tuple]:
    """review_pairs for pairs (row_l, row_r or None, stored lead_r, probability, weight[, file_r, row_r]);
    `decided`: (source_file_l, source_row_l, source_file_r, source_row_r) pairs a person already decided."""
    by_id = {r[0]: r for r in ROWS}
    match_pairs = [(left, right, lead_r, p, w, "email:exact, name:jw>0.9", *by_id[left][1:3],
                    *(by_id[right][1:3] if right else rest)) for left, right, lead_r, p, w, *rest in pairs]
    con = store(
        stg_leads=("row_id bigint, first_name varchar, last_name varchar, company varchar",
                   [(r[0], *r[3:6]) for r in ROWS]),
        lead_clusters=("row_id bigint, lead_id varchar", [(r[0], r[6]) for r in ROWS]),
        match_pairs=("row_id_l bigint, row_id_r bigint, lead_id_r varchar, match_probability double, "
                     "match_weight double, evidence varchar, source_file_l varchar, source_row_l bigint, "
                     "source_file_r varchar, source_row_r bigint", match_pairs),
        lead_members=("source_file varchar, source_row bigint, lead_id varchar, first_name varchar, "
                      "last_name varchar, company varchar, run_id varchar", members),
        review_decisions=("source_file_l varchar, source_row_l bigint, source_file_r varchar, source_row_r bigint",
                          decided))
    materialise(con, "review_pairs")
    return con.execute("select match_probability, match_weight, source_file_l, source_row_l, name_l, company_l, "
                       "lead_id_r, source_file_r, source_row_r, name_r, company_r from review_pairs").fetchall()


def test_review_pairs_most_probable_first_with_both_sides_named():
    got = review([(6, 5, None, 0.6123456, 1.234), (4, 3, None, 0.83, 2.3456)])
    assert got == [
        (0.83, 2.35, "vendor_it.csv", 3, "Ivan Petrov", "Petrov EOOD",
         "LIVAN_BG", "fiera_sofia.xlsx", 4, "Иван Петров", "Петров ЕООД"),
        (0.6123, 1.23, "leads_id.csv", 2, "Budi Santosa", None,
         "LBUDI", "leads_id.csv", 1, "Budi Santoso", "PT Maju Jaya")]


def test_pairs_that_ended_in_one_lead_need_no_review():
    assert review([(2, 1, None, 0.97, 6.0), (5, None, "LBUDI", 0.7, 1.5, "old_list.csv", 9)]) == []


def test_a_pair_with_a_stored_row_is_named_from_its_latest_run():
    members = [("old_list.csv", 9, "LSTORED", "Budi", "Santoso", "PT Maju Jaya", "r1"),
               ("old_list.csv", 9, "LSTORED", "Budi", "Santoso", "PT Maju Jaya Tbk", "r2"),
               ("old_list.csv", 10, "LSTORED", "Siti", "Rahayu", "PT Sinar", "r2")]
    assert review([(5, None, "LSTORED", 0.7, 1.5, "old_list.csv", 9)], members) == [
        (0.7, 1.5, "leads_id.csv", 1, "Budi Santoso", "PT Maju Jaya",
         "LSTORED", "old_list.csv", 9, "Budi Santoso", "PT Maju Jaya Tbk")]


def lineage(rows: list[tuple], clusters: list[tuple], dispositions: list[tuple]) -> list[tuple]:
    con = store(stg_leads=("row_id bigint, source_file varchar, source_row bigint, quarantine_reason varchar", rows),
                lead_clusters=("row_id bigint, lead_id varchar", clusters),
                lead_dispositions=("lead_id varchar, disposition varchar", dispositions))
    materialise(con, "lineage")
    return con.execute("select * from lineage").fetchall()


def test_lineage_has_every_input_row_once_in_file_order_with_its_lead_and_fate():
    rows = [(4, "vendor_it.csv", 3, "no name, company, phone or email"), (5, "fiera_sofia.xlsx", 1, None),
            (2, "vendor_it.csv", 2, None), (1, "vendor_it.csv", 1, None), (6, "leads_id.csv", 1, None)]
    got = lineage(rows, clusters=[(1, "LGIULIA"), (2, "LGIULIA"), (5, "LIVAN"), (6, "LBUDI")],
                  dispositions=[("LGIULIA", "call"), ("LIVAN", "do_not_call"), ("LBUDI", "known")])
    assert got == [("fiera_sofia.xlsx", 1, "LIVAN", "do_not_call"),
                   ("leads_id.csv", 1, "LBUDI", "known"),
                   ("vendor_it.csv", 1, "LGIULIA", "call"),   # Giulia's two rows: one lead, one fate
                   ("vendor_it.csv", 2, "LGIULIA", "call"),
                   ("vendor_it.csv", 3, None, "quarantine")]


def test_lineage_shows_a_person_bought_twice_as_one_lead_in_both_files():
    rows = [(1, "fiera_sofia.xlsx", 4, None), (2, "vendor_it.csv", 3, None)]
    assert lineage(rows, clusters=[(1, "LIVAN"), (2, "LIVAN")], dispositions=[("LIVAN", "recontact")]) == [
        ("fiera_sofia.xlsx", 4, "LIVAN", "recontact"), ("vendor_it.csv", 3, "LIVAN", "recontact")]


def test_a_pair_a_person_decided_is_not_asked_again_whichever_way_round():
    pairs = [(6, 5, None, 0.61, 1.2), (4, 3, None, 0.83, 2.3)]
    assert [r[2:4] for r in review(pairs, decided=[("fiera_sofia.xlsx", 4, "vendor_it.csv", 3)])] == [
        ("leads_id.csv", 2)]
    both = [("leads_id.csv", 2, "leads_id.csv", 1), ("vendor_it.csv", 3, "fiera_sofia.xlsx", 4)]
    assert review(pairs, decided=both) == []
