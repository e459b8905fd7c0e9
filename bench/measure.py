"""One `leadsweep run` in a child process, timed end to end, with the child's own peak memory.

The peak RSS is the CLI process's own high-water mark: GNU time's (`/usr/bin/time -f %M`, exact,
but the largest of the process and the children it reaped), checked against the process's VmHWM
polled every SAMPLE_SECONDS. Not `RUSAGE_CHILDREN`, a max over every child the bench ever ran, and
not `wait4` on a child forked from the bench itself, whose high-water mark starts at the bench's own
size (the pages it holds until exec). The programs the CLI starts (Prefect's temporary API server)
are polled for their VmHWM and reported apart: pipeline + helpers bounds the run's memory.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import psutil

GNU_TIME = Path("/usr/bin/time")
SAMPLE_SECONDS = 0.25
HELPER_MARGIN = 1.05  # GNU time's peak within 5% of a helper's is taken to be the helper's


@dataclass
class CliRun:
    """What one CLI run took and produced."""

    out: Path
    wall_s: float                # process start to exit: Prefect start-up included
    peak_rss_mb: float           # high-water mark of the CLI process (GNU time %M)
    helpers_rss_mb: float        # peak RSS of the programs it started (Prefect's API server), summed
    summary: dict = field(repr=False)
    load_before: float = 0.0     # 1-minute load average when the run started (shared machine)

    @property
    def rows(self) -> int:
        return self.summary["counts"]["rows_in"]

    @property
    def stage_seconds(self) -> dict[str, float]:
        return self.summary["stage_seconds"]


def cli_command(inputs: list[Path], out: Path, extras: Path | None, db: Path | None,
                sources: Path | None = None) -> list[str]:
    """The `leadsweep run` command line a bench run uses (DNC list and CRM history from `extras`, the
    generator's `_meta`; a list handed in without them, such as a public data set, has extras None)."""
    cmd = [sys.executable, "-m", "pipelines.cli", "run", *map(str, inputs), "--out", str(out), "--quiet"]
    if extras is not None:
        cmd += ["--dnc", str(extras / "dnc.csv"), "--customers", str(extras / "customers.csv")]
    return cmd + (["--db", str(db)] if db else []) + (["--sources", str(sources)] if sources else [])


def _vm_hwm_kib(process: psutil.Process) -> int:
    """The process's own peak RSS so far (VmHWM), 0 once it has gone."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return []


def _wait_sampling(proc: subprocess.Popen, cmd: list[str]) -> tuple[int, dict[int, int]]:
    """Wait for `proc`, polling memory; returns (the VmHWM in KiB of the process running `cmd`,
    {pid: VmHWM in KiB} of the other programs it started).

    A child whose command line is `cmd`'s is a fork about to exec (subprocess launches): it shares
    the pipeline's pages, so it is not counted as a program of its own.
    """
    root, own, helpers = psutil.Process(proc.pid), 0, {}
    while proc.poll() is None:
        try:
            members = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            members = []
        for member in members:
            line = _cmdline(member)
            if line == cmd:
                own = max(own, _vm_hwm_kib(member))
            elif line and line[0] != str(GNU_TIME):
                helpers[member.pid] = max(helpers.get(member.pid, 0), _vm_hwm_kib(member))
        time.sleep(SAMPLE_SECONDS)
    return own, helpers


def run_measured(cmd: list[str], log: IO, env: dict | None = None) -> tuple[int, float, float, float]:
    """Run `cmd` with output to `log`; returns (exit code, wall seconds, its peak RSS in MB, the summed
    peak RSS in MB of the other programs it started)."""
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        rss_file = Path(tmp) / "maxrss"
        timed = GNU_TIME.exists()
        started = time.perf_counter()
        proc = subprocess.Popen([str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *cmd] if timed else cmd,
                                stdout=log, stderr=subprocess.STDOUT, env=env)
        own_kib, helpers = _wait_sampling(proc, cmd)
        wall = time.perf_counter() - started
        gnu_kib = int(rss_file.read_text().split()[-1]) if timed else 0  # a failure's status line comes first
    # GNU time's figure is exact, but it is the largest of the command and the children it reaped:
    # when a helper program explains it, the polled figure is the command's own
    if gnu_kib > HELPER_MARGIN * max(helpers.values(), default=0):
        own_kib = max(own_kib, gnu_kib)
    return proc.returncode, wall, own_kib / 1024, sum(helpers.values()) / 1024


def run_cli(inputs: list[Path], out: Path, extras: Path | None, db: Path | None = None,
            sources: Path | None = None) -> CliRun:
    """Run the CLI once on `inputs` (files or folders), with `--sources` when given; raises SystemExit
    with its log if it fails."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    out.parent.mkdir(parents=True, exist_ok=True)
    log_path = out.parent / f"{out.name}.log"
    load = os.getloadavg()[0]
    with log_path.open("w", encoding="utf-8") as log:
        code, wall, peak_mb, helpers_mb = run_measured(cli_command(inputs, out, extras, db, sources), log, env)
    if code != 0:
        raise SystemExit(f"run failed ({out}): {log_path.read_text(encoding='utf-8')[-2000:]}")
    summary = json.loads((out / "run_summary.json").read_text(encoding="utf-8"))
    return CliRun(out=out, wall_s=wall, peak_rss_mb=peak_mb, helpers_rss_mb=helpers_mb, summary=summary,
                  load_before=load)
