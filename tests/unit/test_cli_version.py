"""`leadsweep --version` names the installed version, and says nothing else."""
from __future__ import annotations

from importlib.metadata import version

from typer.testing import CliRunner

from pipelines.cli import app


def test_version_prints_the_installed_version_and_exits_0():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"leadsweep {version('leadsweep')}"


def test_bom_can_be_turned_off_on_the_command_line():
    result = CliRunner().invoke(app, ["run", "--help"])
    assert "--no-bom" in result.output
