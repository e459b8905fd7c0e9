"""Issue 5: a run killed at any point leaves no half-written output and a usable store; two runs on
one store never corrupt it."""
from __future__ import annotations

import contextlib
import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from bench.generate import generate
from pipelines.cli import app

CLI = [sys.executable, "-m", "pipelines.cli"]
OUTPUTS = ["call_list.csv", "recontact.csv", "do_not_call.csv", "quarantine.csv", "lineage.csv",
           "run_summary.json", "report.html"]


@pytest.fixture
def run_cli():
    """Starts `leadsweep` CLIs, each in a process group of its own; ends every group, also when a test fails."""
    started: list[subprocess.Popen] = []

    def start(args: list[str], **extra_env: str) -> subprocess.Popen:
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra_env}
        env.pop("PREFECT_API_URL", None)  # the harness of the in-process tests must not leak into children
        started.append(subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                        start_new_session=True))
        return started[-1]

    yield start
    for proc in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def assert_whole_or_absent(out: Path) -> None:
    present = [name for name in OUTPUTS if (out / name).exists()]
    assert present in ([], OUTPUTS), present
    if present:
        with open(out / "lineage.csv", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and all(r["disposition"] for r in rows)


@pytest.fixture(scope="module")
def lists(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lists")
    generate(folder, people=1500, seed=3, files_only=True)
    return folder


def test_sigkill_at_any_point_leaves_whole_outputs_and_a_usable_store(lists, tmp_path, run_cli):
    db = tmp_path / "store.duckdb"
    for delay in (2.0, 6.0, 9.0, 11.0):
        out = tmp_path / f"killed_{delay}"
        proc = run_cli(["run", str(lists), "--out", str(out), "--db", str(db), "--quiet"])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_whole_or_absent(out)
    out = tmp_path / "after"
    proc = run_cli(["run", str(lists), "--out", str(out), "--db", str(db), "--quiet"])
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    assert_whole_or_absent(out)
    assert (out / "call_list.csv").exists()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from lead_registry").fetchone()[0] > 0


# the log line after which each kill lands in the stage named (the stage that follows the line)
KILL_POINTS = {"ingest": "Beginning flow run", "stage": "Task run 'ingest_raw_rows", "match": "Task run 'stage_leads",
               "export": "Task run 'score_leads", "report and publishing": "Task run 'export_outputs"}


def test_a_killed_run_leaves_the_store_as_it_was_and_the_rerun_publishes_what_a_clean_run_would(lists, tmp_path,
                                                                                                run_cli):
    files = sorted(p for p in lists.iterdir() if p.is_file())
    first, second = files[: len(files) // 2], files[len(files) // 2:]

    def start(db: Path, out: Path, inputs: list[Path]) -> subprocess.Popen:
        return run_cli(["run", *map(str, inputs), "--out", str(out), "--db", str(db), "--quiet",
                        "--as-of", "2026-12-01"], PREFECT_LOGGING_LEVEL="INFO")

    def run(db: Path, out: Path, inputs: list[Path]) -> None:
        proc = start(db, out, inputs)
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr.decode()

    run(tmp_path / "clean.duckdb", tmp_path / "clean_1", first)  # the reference: two runs, nothing killed
    run(tmp_path / "clean.duckdb", tmp_path / "clean_2", second)
    db = tmp_path / "store.duckdb"
    run(db, tmp_path / "first", first)
    before = db.read_bytes()
    for stage, line in KILL_POINTS.items():
        proc = start(db, tmp_path / "second", second)
        for logged in proc.stderr:  # Prefect's log, a line as each stage ends
            if line in logged.decode(errors="replace"):
                break
        proc.send_signal(signal.SIGKILL)
        if proc.wait() == 0 and stage == "report and publishing":  # the last 0.2 s outran the kill: a clean run
            db.write_bytes(before)
            continue
        assert proc.returncode == -signal.SIGKILL, stage
        assert db.read_bytes() == before, stage  # no lead id, key or member of the killed run survives it
        assert_whole_or_absent(tmp_path / "second")
    run(db, tmp_path / "second", second)
    for name in ("call_list.csv", "recontact.csv", "do_not_call.csv", "lineage.csv", "quarantine.csv",
                 "review_pairs.csv"):
        assert (tmp_path / "second" / name).read_bytes() == (tmp_path / "clean_2" / name).read_bytes(), name


def test_two_runs_on_one_store_at_once_one_publishes_and_the_other_stops_at_once(lists, tmp_path, run_cli):
    db = tmp_path / "store.duckdb"
    procs = [run_cli(["run", str(lists), "--out", str(tmp_path / f"out_{n}"), "--db", str(db), "--quiet"])
             for n in (1, 2)]
    results = [(proc.returncode, stderr.decode()) for proc in procs for _, stderr in [proc.communicate(timeout=300)]]
    assert sorted(code for code, _ in results) == [0, 1], results
    refused = next(err for code, err in results if code == 1)
    assert "in use by another leadsweep run" in refused
    published = [tmp_path / f"out_{n}" for n, (code, _) in enumerate(results, start=1) if code == 0]
    assert_whole_or_absent(published[0])
    assert (published[0] / "call_list.csv").exists()
    with duckdb.connect(str(db), read_only=True) as con:  # the store holds the one run that published
        assert con.execute("select count(*) from runs").fetchone()[0] == 1
        leads = con.execute("select count(*) from lead_registry").fetchone()[0]
    with open(published[0] / "lineage.csv", encoding="utf-8-sig") as fh:
        assert leads == len({row["lead_id"] for row in csv.DictReader(fh) if row["lead_id"]})


def test_sigterm_while_the_command_starts_is_one_line_too(lists, tmp_path, run_cli):
    proc = run_cli(["run", str(lists), "--out", str(tmp_path / "out"), "--quiet"])
    time.sleep(0.3)  # importing its libraries, before any run has begun
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert stderr.decode().strip().splitlines()[-1] == "leadsweep: stopped (SIGTERM); nothing was published"
    assert not (tmp_path / "out" / "call_list.csv").exists()


@pytest.mark.parametrize("signum, line", [(signal.SIGTERM, "leadsweep: stopped (SIGTERM); nothing was published"),
                                          (signal.SIGINT, "leadsweep: interrupted; nothing was published")])
def test_sigterm_or_ctrl_c_stops_a_run_within_10_s_with_one_line_and_leaves_nothing(lists, tmp_path, run_cli,
                                                                                    signum, line):
    db, out = tmp_path / "store.duckdb", tmp_path / "out"
    proc = run_cli(["run", str(lists), "--out", str(out), "--db", str(db), "--quiet"])
    deadline = time.monotonic() + 180
    working = tmp_path / ".store.running.duckdb"  # the run's copy of the store: the flow has begun
    while not working.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signum)
    sent = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - sent <= 10
    assert proc.returncode == 1, stderr.decode()
    assert stderr.decode().strip().splitlines()[-1] == line
    assert_whole_or_absent(out)
    assert not (out / "call_list.csv").exists()
    assert not db.exists() and not working.exists()  # the store of a stopped run is not kept, nor its copy
    with pytest.raises(ProcessLookupError):  # nothing of its process group is left (Prefect's server included)
        os.killpg(proc.pid, 0)


def test_second_run_on_a_busy_store_stops_with_a_clear_message(lists, tmp_path):
    db = tmp_path / "busy.duckdb"
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); "
                               "time.sleep(120)"], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"ok"
        result = CliRunner().invoke(app, ["run", str(lists), "--out", str(tmp_path / "out"), "--db", str(db)])
        assert result.exit_code == 1
        assert "in use by another leadsweep run" in result.output
        assert not (tmp_path / "out" / "call_list.csv").exists()
    finally:
        holder.kill()
        holder.wait()
    with duckdb.connect(str(db)) as con:  # the store is intact and usable afterwards
        con.execute("select 1").fetchone()
