"""What the command checks before it starts anything: --version, a --sources file with a typo or a wrong value."""
from __future__ import annotations

from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from pipelines.cli import app


def test_version_prints_the_installed_version_and_exits_0():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"leadsweep {version('leadsweep')}"


def test_bom_can_be_turned_off_on_the_command_line():
    result = CliRunner().invoke(app, ["run", "--help"])
    assert "--no-bom" in result.output


@pytest.mark.parametrize("entry, message", [
    ('{file: a.csv, contry: IT}', "entry 1 (a.csv): unknown key 'contry'"),
    ('{file: a.csv, cost_per_lead: "two euros"}', "entry 1 (a.csv): cost_per_lead 'two euros'"),
    ('{source: Vendor X}', "entry 1: 'file' is missing"),
])
def test_a_bad_sources_file_exits_1_naming_the_key(tmp_path, entry, message):
    (tmp_path / "a.csv").write_text("name,phone\nMario Rossi,+393471234567\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(f"sources:\n  - {entry}\n", encoding="utf-8")
    for command in (["run", str(tmp_path / "a.csv"), "--out", str(tmp_path / "out")],
                    ["inspect", str(tmp_path / "a.csv")]):
        result = CliRunner().invoke(app, [*command, "--sources", str(tmp_path / "sources.yaml")])
        assert result.exit_code == 1
        assert message in " ".join(result.output.split())
        assert not (tmp_path / "out").exists()  # nothing started


def test_a_good_sources_file_is_read_with_numbers_as_text(tmp_path):
    from transforms.ingest.lists import load_source_settings

    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {file: in/a.csv, source: 2024, kind: purchased, country: IT, cost_per_lead: 0.5,"
        " columns: {Cognome: last_name, Note: null}}\n", encoding="utf-8")
    assert load_source_settings(tmp_path / "sources.yaml") == {"a.csv": {
        "file": "in/a.csv", "source": "2024", "kind": "purchased", "country": "IT", "cost_per_lead": 0.5,
        "columns": {"Cognome": "last_name", "Note": None}}}
