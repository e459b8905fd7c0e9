"""Report models on hand-made tables: `source_stats` (70, what each input file brought and cost) and
`score_histogram` (71, how the leads spread over each score)."""
import pytest

from tests.sql.conftest import memory_store as store
from transforms.core.store import materialise, records

# file: cost per lead bought, rows as (lead_id or None when quarantined)
FILES = {"vendor_it.csv": (0.5, ["LGIULIA", "LGIULIA", "LMARCO", None, "LIVAN", "LTEST"]),
         "fiera_sofia.xlsx": (None, ["LIVAN", "LPETAR"]),
         "leads_id.csv": (12.0, ["LBUDI", None, "LSITI"])}
# lead: (tier, disposition)
LEADS = {"LGIULIA": ("A", "call"), "LMARCO": ("D", "call"), "LIVAN": ("B", "do_not_call"), "LTEST": ("D", "call"),
         "LPETAR": ("C", "recontact"), "LBUDI": ("D", "call"), "LSITI": ("D", "known")}


@pytest.fixture(scope="module")
def stats() -> dict[str, dict]:
    rows = [(file, lead) for file, (_, leads) in FILES.items() for lead in leads]
    con = store(
        stg_leads=("row_id bigint, source_file varchar, quarantine_reason varchar",
                   [(i, file, None if lead else "unparseable") for i, (file, lead) in enumerate(rows, 1)]),
        lead_clusters=("row_id bigint, lead_id varchar", [(i, lead) for i, (_, lead) in enumerate(rows, 1) if lead]),
        lead_dispositions=("lead_id varchar, disposition varchar", [(lead, d) for lead, (_, d) in LEADS.items()]),
        lead_scores=("lead_id varchar, tier varchar", [(lead, t) for lead, (t, _) in LEADS.items()]),
        run_sources=("source_file varchar, source varchar, kind varchar, default_country varchar, "
                     "country_basis varchar, cost_per_lead double",
                     [(file, file.split(".")[0], "vendor", "IT", "header", cost) for file, (cost, _) in FILES.items()]))
    materialise(con, "source_stats")
    return {row["source_file"]: row for row in records(con, "select * from source_stats")}


def pick(row: dict, *columns: str) -> tuple:
    return tuple(row[c] for c in columns)


def test_source_stats_junk_rate_and_cost_per_usable_lead(stats):
    # vendor_it: 6 rows bought at 0.50 = 3.00 for 2 usable leads (Giulia, Ivan); Marco and a test row are junk
    columns = ("leads", "junk_rate", "usable_leads", "cost_per_lead", "cost_per_usable_lead")
    assert pick(stats["vendor_it.csv"], *columns) == (4, 0.5, 2, 0.5, 1.5)
    assert pick(stats["leads_id.csv"], *columns) == (2, 1.0, 0, 12.0, None)  # all junk: no usable lead to pay for
    assert pick(stats["fiera_sofia.xlsx"], *columns) == (2, 0.0, 2, None, None)  # the fair's list cost nothing known


def test_source_stats_rows_quarantine_and_duplicates(stats):
    columns = ("rows", "quarantined", "leads", "duplicates_within", "leads_with_duplicates")
    assert pick(stats["vendor_it.csv"], *columns) == (6, 1, 4, 1, 2)  # Giulia twice; Ivan also at the fair
    assert pick(stats["fiera_sofia.xlsx"], *columns) == (2, 0, 2, 0, 1)
    assert pick(stats["leads_id.csv"], *columns) == (3, 1, 2, 0, 0)


def test_source_stats_counts_each_files_leads_by_list(stats):
    columns = ("to_call", "to_recontact", "do_not_call", "known")
    assert pick(stats["vendor_it.csv"], *columns) == (3, 0, 1, 0)
    assert pick(stats["fiera_sofia.xlsx"], *columns) == (0, 1, 1, 0)  # Ivan is in both files' counts
    assert pick(stats["leads_id.csv"], *columns) == (1, 0, 0, 1)
    assert list(stats) == ["fiera_sofia.xlsx", "leads_id.csv", "vendor_it.csv"]


def histogram(scores: list[tuple]) -> list[tuple]:
    """score_histogram rows (score, bin, bin_low, bin_high, tier, leads) for leads (tier, priority, value, junk)."""
    con = store(lead_scores=("tier varchar, priority_score double, value_score double, junk_score double", scores))
    materialise(con, "score_histogram")
    return con.execute("select score, bin, bin_low, bin_high, tier, leads from score_histogram").fetchall()


SCORES = [("A", 150.0, 150.0, 0.0), ("A", 480.0, 500.0, 0.04), ("B", 50.0, 62.5, 0.2), ("C", 20.0, 14.0, 0.5),
          ("D", 0.4, 40.0, 0.99), ("D", 0.0, 1.0, 1.0)]


def test_histogram_bins_cover_every_lead_once_per_score():
    rows = histogram(SCORES)
    for score in ("priority_score", "value_score", "junk_score"):
        assert sum(n for s, *_, n in rows if s == score) == len(SCORES)
        for tier in "ABCD":
            leads_of_tier = sum(1 for lead in SCORES if lead[0] == tier)
            assert sum(n for s, *_, t, n in rows if s == score and t == tier) == leads_of_tier


def test_histogram_value_bins_on_a_1_2_5_scale_with_empty_bins_listed():
    rows = [r for r in histogram(SCORES) if r[0] == "priority_score"]
    edges = sorted({(b, low, high) for _, b, low, high, _, _ in rows})
    assert edges == [(0, 0, 1), (1, 1, 2), (2, 2, 5), (3, 5, 10), (4, 10, 20), (5, 20, 50), (6, 50, 100),
                     (7, 100, 200), (8, 200, 500)]
    filled = {(b, t): n for _, b, _, _, t, n in rows if n}
    # a bin holds its low edge: 150 (the tier A cut) in 100-200, 50 (the tier B cut) in 50-100, 20 in 20-50
    assert filled == {(7, "A"): 1, (8, "A"): 1, (6, "B"): 1, (5, "C"): 1, (0, "D"): 2}
    assert len(rows) == 9 * 4  # every bin for every tier, empty ones with 0 leads


def test_histogram_junk_score_in_tenths_with_1_in_the_last_bin():
    rows = [r for r in histogram(SCORES) if r[0] == "junk_score"]
    assert sorted({b for _, b, *_ in rows}) == list(range(10))
    filled = {(b, t): n for _, b, _, _, t, n in rows if n}
    assert filled == {(0, "A"): 2, (2, "B"): 1, (5, "C"): 1, (9, "D"): 2}
    assert {(low, high) for _, b, low, high, *_ in rows if b == 9} == {(0.9, 1.0)}
