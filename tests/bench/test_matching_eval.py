"""The bench's matching metrics on hand-made rows: traps, largest leads, lead_id stability, peak RSS."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb
import pytest

from bench import measure
from bench.matching_eval import largest_leads, lead_id_stability, real_people_scores, trap_scores

HOME, SWITCHBOARD, FAKE = "+390212345678", "+35929876543", "+390000000000"
# source_row, person_id, first, last, phone, phone_kind, lead_id
ROWS = [
    (1, "P1", "Anna", "Rossi", HOME, "fixed_line", "L1"),
    (2, "P1", "Anna", "Rossi", HOME, "fixed_line", "L1"),
    (3, "P2", "Marco", "Rossi", HOME, "fixed_line", "L1"),        # household member wrongly merged
    (4, "P3", "Ivan", "Petrov", SWITCHBOARD, "fixed_line", "L2"),
    (5, "P4", "Maria", "Ivanova", SWITCHBOARD, "fixed_line", "L3"),
    (6, "P4", "Maria", "Ivanova", SWITCHBOARD, "fixed_line", "L3"),  # colleague kept apart from Ivan
    (7, "J1", "Test", "Test", SWITCHBOARD, "fixed_line", "L3"),    # junk: never a trap row
    (8, "P5", "Luca", "Bianchi", FAKE, "placeholder", "L4"),        # placeholder number: no trap group
    (9, "P6", "Sara", "Verdi", FAKE, "placeholder", "L4"),
]


def _write_csv(path: Path, header: list[str], rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def _files(tmp_path: Path, rows: list[tuple] = ROWS) -> tuple[Path, Path, Path]:
    """A store with stg_leads, plus truth.csv and lineage.csv for `rows`."""
    store = tmp_path / "store.duckdb"
    with duckdb.connect(str(store)) as con:
        con.execute("""create table stg_leads (row_id bigint, source_file varchar, source_row bigint, name_key varchar,
                       first_key varchar, phone_e164 varchar, phone_valid boolean, phone_kind varchar,
                       mobile_e164 varchar, mobile_valid boolean, mobile_kind varchar, quarantine_reason varchar)""")
        con.executemany("insert into stg_leads values (?, 'f.csv', ?, ?, ?, ?, true, ?, null, false, null, null)",
                        [(r[0], r[0], f"{r[2]} {r[3]}".lower(), r[2].lower(), r[4], r[5]) for r in rows])
    truth = _write_csv(tmp_path / "truth.csv", ["source_file", "source_row", "person_id"],
                       [("f.csv", r[0], r[1]) for r in rows])
    (tmp_path / "run").mkdir(exist_ok=True)
    lineage = _write_csv(tmp_path / "run" / "lineage.csv", ["source_file", "source_row", "lead_id", "disposition"],
                         [("f.csv", r[0], r[6], "call") for r in rows])
    return store, truth, lineage


def test_trap_precision_counts_merged_pairs_of_a_shared_phone(tmp_path):
    store, truth, lineage = _files(tmp_path)
    scores = trap_scores(store, lineage, truth)
    # household: (1,2) one person and merged; (1,3), (2,3) Anna and Marco merged -> 1 of 3 right
    assert scores["trap_household_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["trap_household_merged"] == "2/2"
    # colleagues: only (5,6), one person, merged; the junk row 7 and the placeholder number do not count
    assert scores["trap_colleague_precision"] == 1.0
    assert scores["trap_colleague_merged"] == "0/2"
    assert scores["trap_precision"] == 0.5
    assert scores["trap_merged"] == "2/4"
    assert scores["trap_recall"] == 1.0


def test_real_people_scores_leave_junk_rows_out(tmp_path):
    store, truth, lineage = _files(tmp_path)
    scores = real_people_scores(lineage, truth)
    # predicted real pairs: L1 3, L3 1, L4 1 = 5, of which (1,2) and (5,6) are right; true pairs: 2
    assert scores["precision_real"] == 0.4
    assert scores["recall_real"] == 1.0


def test_largest_leads_reports_size_and_majority_share(tmp_path):
    giant = [(i, "P9" if i <= 140 else f"J{i}", "Gino", "Neri", None, None, "LBIG") for i in range(100, 161)]
    store, truth, lineage = _files(tmp_path, ROWS + giant)
    scores = largest_leads(lineage, truth)
    assert scores["largest_lead_rows"] == 61
    assert scores["leads_over_50"] == 1
    assert scores["leads_over_50_purity"] == pytest.approx(41 / 61, abs=1e-4)


def test_lead_id_stability_finds_missing_leads_and_moved_rows(tmp_path):
    store, truth, lineage = _files(tmp_path)
    with duckdb.connect(str(store)) as con:
        con.execute("create table lead_registry as select * from (values ('L1'), ('L2'), ('L3')) t(lead_id)")
        con.execute("create table lead_members (source_file varchar, source_row bigint, lead_id varchar)")
        con.executemany("insert into lead_members values ('f.csv', ?, ?)",  # row 4 moved to L9; 7-9 gone
                        [(r[0], "L9" if r[0] == 4 else r[6]) for r in ROWS if r[0] <= 6])
    result = lead_id_stability(store, lineage)
    assert result["first_run_leads_missing"] == 1  # L4
    assert result["first_run_rows_moved"] == 1
    assert result["first_run_rows_absent"] == 3
    assert not result["lead_ids_stable"]


@pytest.mark.parametrize("gnu_time", [True, False])
def test_peak_rss_is_the_childs_own_not_the_benchs_or_an_earlier_childs(tmp_path, monkeypatch, gnu_time):
    if not gnu_time:  # the fallback: the child's VmHWM, polled
        monkeypatch.setattr(measure, "GNU_TIME", tmp_path / "no-time")
    elif not measure.GNU_TIME.exists():
        pytest.skip("no /usr/bin/time")
    ballast = bytearray(200 * 2**20)  # the bench itself is big: a forked child must not inherit that peak
    ballast[::4096] = b"1" * len(ballast[::4096])
    big = [sys.executable, "-c", "import time; x = bytearray(300 * 2**20); x[::4096] = b'1' * len(x[::4096]); "
                                 "time.sleep(1)"]
    small = [sys.executable, "-c", "import time; time.sleep(0.5)"]
    with (tmp_path / "log").open("w") as log:
        code_big, _, peak_big, _ = measure.run_measured(big, log)
        code_small, _, peak_small, _ = measure.run_measured(small, log)
    assert code_big == code_small == 0
    assert peak_big > 300
    assert peak_small < 100


def test_programs_the_child_starts_are_measured_apart(tmp_path):
    helper = "import time; x = bytearray(150 * 2**20); x[::4096] = b'1' * len(x[::4096]); time.sleep(1)"
    parent = [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {helper!r}])"]
    with (tmp_path / "log").open("w") as log:
        code, _, peak, helpers = measure.run_measured(parent, log)
    assert code == 0
    assert peak < 100
    assert helpers > 150
