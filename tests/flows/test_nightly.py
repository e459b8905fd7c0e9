"""`leadsweep nightly`: new files by content hash, re-sent files skipped, earlier leads come back `known`;
and the CLI's manners around it: --quiet, the stage spinner, explain and serve --help on a nightly store."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import pytest
from rich.console import Console
from typer.testing import CliRunner

from pipelines import cli
from pipelines.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
FIRST_NIGHT = ("fornitore_lombardia.csv", "kontakti_sofia.csv")


def nightly(inbox: Path, out: Path, *options: str):
    return CliRunner().invoke(app, ["nightly", "--inbox", str(inbox), "--out", str(out), "--as-of", "2026-11-23",
                                    *options])


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def runs_in(store: Path) -> int:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("select count(*) from runs").fetchone()[0]


@pytest.fixture(scope="module")
def three_nights(tmp_path_factory) -> dict:
    """Night 1: two lists (quietly). Night 2: nothing new. Night 3: one list re-sent under a new name, one new."""
    root = tmp_path_factory.mktemp("nights")
    inbox, out = root / "inbox", root / "out"
    inbox.mkdir()
    for name in FIRST_NIGHT:
        shutil.copy(SAMPLE / name, inbox)
    nights = {"first": nightly(inbox, out, "--quiet")}
    nights["first_archive"] = sorted(p.name for p in (inbox / "processed").rglob("*.csv"))
    nights["second"] = nightly(inbox, out)
    nights["runs_after_second"] = runs_in(out / "leadsweep.duckdb")
    shutil.copy(SAMPLE / "fornitore_lombardia.csv", inbox / "resent_under_new_name.csv")
    shutil.copy(SAMPLE / "webform.jsonl", inbox)
    nights["third"] = nightly(inbox, out)
    return {**nights, "inbox": inbox, "out": out}


def test_first_night_processes_the_inbox_quietly(three_nights):
    first = three_nights["first"]
    assert first.exit_code == 0, first.output
    assert first.output == ""  # --quiet: nothing on stdout or stderr
    assert three_nights["first_archive"] == sorted(FIRST_NIGHT)


def test_a_night_with_nothing_new_processes_nothing(three_nights):
    second = three_nights["second"]
    assert second.exit_code == 0 and "nothing new" in second.output
    assert three_nights["runs_after_second"] == 1


def test_resent_file_is_skipped_and_earlier_people_come_back_known(three_nights):
    third, inbox, out = three_nights["third"], three_nights["inbox"], three_nights["out"]
    assert third.exit_code == 0, third.output
    assert "skipped resent_under_new_name.csv: same content as fornitore_lombardia.csv" in third.output
    assert not [p for p in inbox.iterdir() if p.is_file()]  # every handled file left the inbox
    assert list((inbox / "processed").rglob("resent_under_new_name.csv"))

    lineage = read_csv(out / "lineage.csv")
    assert {r["source_file"] for r in lineage} == {"webform.jsonl"}
    truth = {(r["source_file"], r["source_row"]): r["person_id"] for r in read_csv(SAMPLE / "_meta" / "truth.csv")}
    seen_before = {person for (file, _), person in truth.items() if file in FIRST_NIGHT}
    known = [r for r in lineage if r["disposition"] == "known"]
    returning = [r for r in lineage if truth[("webform.jsonl", r["source_row"])] in seen_before]
    assert known and all(truth[("webform.jsonl", r["source_row"])] in seen_before for r in known)
    outranked = ("do_not_call", "recontact")  # a DNC hit or a newly told contract end outranks `known`
    assert len(known) >= 0.8 * len([r for r in returning if r["disposition"] not in outranked])


def test_explain_and_serve_help_work_on_the_nightly_store(three_nights):
    store = three_nights["out"] / "leadsweep.duckdb"
    lead = next(r["lead_id"] for r in read_csv(three_nights["out"] / "lineage.csv") if r["disposition"] == "known")
    explained = CliRunner().invoke(app, ["explain", lead, "--db", str(store)])
    assert explained.exit_code == 0 and lead in explained.output and "merged rows" in explained.output
    helped = CliRunner().invoke(app, ["serve", "--help"])
    assert helped.exit_code == 0 and "--cron" in helped.output and "--timezone" in helped.output


class StatusDisplay:
    """Stands in for rich's status: records every label the CLI hands it, drawn on screen or not."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.opened = 0

    def __call__(self, label: str, **_style) -> StatusDisplay:
        self.opened += 1
        self.labels.append(label)
        return self

    def update(self, label: str) -> None:
        self.labels.append(label)

    def __enter__(self) -> StatusDisplay:
        return self

    def __exit__(self, *_exc) -> None:
        return None


@pytest.fixture
def terminal(monkeypatch) -> tuple[io.StringIO, StatusDisplay]:
    """The CLI's stderr console as if on a terminal, its status display recorded; returns (screen, display)."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    display = StatusDisplay()
    monkeypatch.setattr(console, "status", display)
    monkeypatch.setattr(cli, "console", console)
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "CRITICAL")
    return screen, display


def test_spinner_names_each_stage_and_quiet_silences_it(terminal, tmp_path):
    screen, display = terminal
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLE / "kontakti_sofia.csv", inbox)
    assert nightly(inbox, tmp_path / "out").exit_code == 0
    stages = ["starting Prefect's local API", "looking for new files in the inbox", "reading the lists",
              "normalising, scrubbing against do-not-call and customers", "matching duplicates", "scoring",
              "checking and writing the outputs", "writing the report and publishing",
              "moving the handled files to processed/"]
    assert display.opened == 1 and display.labels == stages
    assert "done" in screen.getvalue()  # the closing summary comes after the spinner

    screen.seek(0)
    screen.truncate()
    display.labels.clear()
    quiet = CliRunner().invoke(app, ["run", str(SAMPLE / "prospek_jakarta.csv"), "--out", str(tmp_path / "q"),
                                     "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == "" and screen.getvalue() == ""
    assert display.opened == 1 and display.labels == []  # no status display opened for a quiet run
    assert (tmp_path / "q" / "call_list.csv").exists()
