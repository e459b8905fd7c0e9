"""lead_clusters (transforms/match/sql/22_lead_clusters.sql): which lead each usable row joins, new or stored.

The row components (from match keys and sure pairs, computed in Python by matching.py) are given by hand.
"""
import hashlib

import duckdb
import pytest

from transforms.core.store import materialise

SHA = {"vendor_it.csv": "a1" * 32, "fiera_sofia.xlsx": "b2" * 32}


def new_id(source_file: str, source_row: int) -> str:
    """The id a new lead gets from its first row."""
    return "L" + hashlib.sha256(f"{SHA[source_file]}:{source_row}".encode()).hexdigest()[:11].upper()


@pytest.fixture
def clusters():
    def run(rows: list[tuple], components: list[list[int]] = (), keys: list[tuple] = (), stored_keys: list[tuple] = (),
            stored_leads: list[tuple] = (), sure: list[tuple] = (), decided: list[tuple] = (),
            pins: list[tuple] = ()) -> dict[int, tuple[str, bool]]:
        """rows: (row_id, source_file, source_row[, quarantine_reason]); keys: (row_id, key) of this run;
        stored_keys: (key, lead_id); stored_leads: (lead_id, issued_at); sure: (row_id, stored lead_id);
        decided: (row_id, stored partner's lead_id, same|different); pins: (source_file, source_row, lead_id)."""
        con = duckdb.connect()
        con.execute("create table stg_leads (row_id bigint, source_file varchar, source_row bigint, "
                    "quarantine_reason varchar)")
        con.execute("create table run_sources (source_file varchar, sha256 varchar)")
        con.execute("create table row_components (row_id bigint, component bigint)")
        con.execute("create table match_keys (row_id bigint, key varchar)")
        con.execute("create table lead_keys (key varchar, lead_id varchar, run_id varchar)")
        con.execute("create table lead_registry (lead_id varchar, issued_at timestamp)")
        con.execute("create table sure_pairs (row_id_l bigint, row_id_r bigint, lead_id_r varchar)")
        con.execute("create table decided_pairs (row_id bigint, partner_row_id bigint, partner_lead_id varchar, "
                    "decision varchar)")
        con.execute("create table lead_pins (source_file varchar, source_row bigint, lead_id varchar)")
        inserts = {"stg_leads": [(*r, None)[:4] for r in rows], "run_sources": list(SHA.items()),
                   "row_components": [(r, c) for c, members in enumerate(components) for r in members],
                   "match_keys": keys, "lead_keys": [(k, lead, "r0") for k, lead in stored_keys],
                   "lead_registry": stored_leads, "sure_pairs": [(r, None, lead) for r, lead in sure],
                   "decided_pairs": [(r, None, lead, d) for r, lead, d in decided], "lead_pins": pins}
        for table, values in inserts.items():
            for value in values:
                con.execute(f"insert into {table} values ({', '.join('?' * len(value))})", list(value))
        materialise(con, "lead_clusters")
        found = con.execute("select row_id, lead_id, is_new_lead from lead_clusters").fetchall()
        return {r: (lead, new) for r, lead, new in found}
    return run


def test_a_component_is_one_new_lead_named_after_its_first_row(clusters):
    # the Sofia fair's row 7 and the Italian vendor's row 2 are one person: by file name, the fair's row is first
    rows = [(1, "vendor_it.csv", 1), (2, "vendor_it.csv", 2), (3, "fiera_sofia.xlsx", 7), (4, "vendor_it.csv", 3)]
    got = clusters(rows, components=[[3, 2], [1]])
    assert got == {1: (new_id("vendor_it.csv", 1), True), 2: (new_id("fiera_sofia.xlsx", 7), True),
                   3: (new_id("fiera_sofia.xlsx", 7), True),
                   4: (new_id("vendor_it.csv", 3), True)}  # no key, no pair: a lead of its own


def test_quarantined_rows_join_no_lead(clusters):
    assert set(clusters([(1, "vendor_it.csv", 1), (2, "vendor_it.csv", 2, "no name, company, phone or email")])) == {1}


def test_a_key_issued_in_an_earlier_run_pulls_the_component_into_that_lead(clusters):
    got = clusters([(1, "vendor_it.csv", 1), (2, "vendor_it.csv", 2)], components=[[1, 2]],
                   keys=[(2, "e:giulia.bianchi@bianchi.it")],
                   stored_keys=[("e:giulia.bianchi@bianchi.it", "LGIULIA")],
                   stored_leads=[("LGIULIA", "2026-01-05 09:00")])
    assert got == {1: ("LGIULIA", False), 2: ("LGIULIA", False)}


def test_a_component_hitting_two_stored_leads_joins_the_one_with_most_hits_then_the_oldest(clusters):
    stored = dict(stored_leads=[("LOLD", "2025-03-01 09:00"), ("LNEW", "2026-06-01 09:00")],
                  stored_keys=[("e:ivan@petrov.bg", "LNEW"), ("p:+359888123456|ivan petrov", "LNEW"),
                               ("p:+390240084396|ivan petrov", "LOLD")])
    rows = [(1, "fiera_sofia.xlsx", 1), (2, "fiera_sofia.xlsx", 2)]
    both = clusters(rows, components=[[1, 2]], keys=[(1, "e:ivan@petrov.bg"), (1, "p:+359888123456|ivan petrov"),
                                                     (2, "p:+390240084396|ivan petrov")], **stored)
    assert both == {1: ("LNEW", False), 2: ("LNEW", False)}  # two shared keys against one
    # one key each: the lead issued first
    tie = clusters(rows, components=[[1, 2]], keys=[(1, "e:ivan@petrov.bg"), (2, "p:+390240084396|ivan petrov")],
                   **stored)
    assert tie == {1: ("LOLD", False), 2: ("LOLD", False)}


def test_a_sure_pair_with_a_stored_row_joins_its_lead(clusters):
    got = clusters([(1, "vendor_it.csv", 1), (2, "vendor_it.csv", 2)], components=[[1]],
                   sure=[(1, "LBUDI")], stored_leads=[("LBUDI", "2026-01-05 09:00")])
    assert got == {1: ("LBUDI", False), 2: (new_id("vendor_it.csv", 2), True)}


STORED = [("LOLD0000001", "2026-01-01"), ("LOLD0000002", "2026-02-01")]


def test_a_row_a_person_put_in_a_lead_takes_its_component_there_over_the_keys(clusters):
    rows = [(1, "vendor_it.csv", 1), (2, "vendor_it.csv", 2)]
    got = clusters(rows, components=[[1, 2]], keys=[(1, "k1"), (2, "k2")],
                   stored_keys=[("k1", "LOLD0000001"), ("k2", "LOLD0000001")], stored_leads=STORED,
                   pins=[("vendor_it.csv", 2, "LOLD0000002")])
    assert got == {1: ("LOLD0000002", False), 2: ("LOLD0000002", False)}


def test_a_row_called_the_same_as_a_stored_row_joins_its_lead(clusters):
    got = clusters([(1, "vendor_it.csv", 1)], keys=[(1, "k1")], stored_keys=[("k1", "LOLD0000001")],
                   stored_leads=STORED, decided=[(1, "LOLD0000002", "same")])
    assert got == {1: ("LOLD0000002", False)}


def test_a_component_never_joins_a_lead_holding_a_row_called_different(clusters):
    rows = [(1, "vendor_it.csv", 1), (2, "vendor_it.csv", 2)]
    # the keys point at the first stored lead, but row 2 was called different from one of its rows
    got = clusters(rows, components=[[1, 2]], keys=[(1, "k1"), (2, "k1")], stored_keys=[("k1", "LOLD0000001")],
                   stored_leads=STORED, sure=[(1, "LOLD0000002")], decided=[(2, "LOLD0000001", "different")])
    assert got == {1: ("LOLD0000002", False), 2: ("LOLD0000002", False)}
    alone = clusters(rows, components=[[1, 2]], keys=[(1, "k1"), (2, "k1")], stored_keys=[("k1", "LOLD0000001")],
                     stored_leads=STORED, decided=[(2, "LOLD0000001", "different")])
    assert alone == {1: (new_id("vendor_it.csv", 1), True), 2: (new_id("vendor_it.csv", 1), True)}
