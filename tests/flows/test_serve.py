"""`leadsweep serve` against a real Prefect server: the deployment, its cron schedule in its time zone, the
nights the server books, and one night actually run by the served process.

Starts `prefect server start` on a free port (its own PREFECT_HOME) and `leadsweep serve` as subprocesses;
stops serve before the server, as a person must (serve hangs if the server goes first).
"""
from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipelines.deploy import BadSchedule, check_schedule

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
CRON, TIMEZONE, NAME = "0 2 * * *", "Europe/Sofia", "nightly-under-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(prefect_home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, "PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1"}


def stop(proc: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM, SIGKILL if it lingers; then anything it left in its own process group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def wait_for(check, timeout: float, what: str, proc: subprocess.Popen, log: Path):
    """Poll `check` until it returns something truthy; fail with the process log if it exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"{what}: the process exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.read().strip() == b"true"
    except OSError:
        return False


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect_home")
    url = f"http://127.0.0.1:{free_port()}/api"
    log = home / "server.log"
    env = {**base_env(home), "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "1"}
    with open(log, "w") as fh:
        proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                                 "--port", url.split(":")[2].split("/")[0]],
                                env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: healthy(url), 120, "prefect server /api/health", proc, log)
        yield {"url": url, "home": home}
    finally:
        stop(proc)


@contextmanager
def api(url: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        yield client


def deployment_or_none(client):
    from prefect.exceptions import ObjectNotFound

    try:
        return client.read_deployment_by_name(f"leadsweep-nightly/{NAME}")
    except ObjectNotFound:
        return None


def runs_of(client, deployment_id, state: str) -> list:
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    runs = client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))
    return [r for r in runs if r.state_type and r.state_type.value == state]


def night_logs(client) -> str | None:
    """Every log message on the server (read 200 at a time, the API's page limit), once the night's are in."""
    messages, page = [], None
    while page is None or len(page) == 200:
        page = client.read_logs(limit=200, offset=len(messages))
        messages += [entry.message for entry in page]
    logs = " ".join(messages)
    return logs if "1 new files" in logs else None


def finished(client, run_id):
    run = client.read_flow_run(run_id)
    return run if run.state and run.state.is_final() else None


@pytest.fixture
def served(prefect_server, tmp_path):
    """`leadsweep serve` on a fresh inbox holding one list, stopped (SIGTERM, SIGKILL fallback) after the test."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SAMPLE / "kontakti_sofia.csv", inbox)
    log = tmp_path / "serve.log"
    env = {**base_env(prefect_server["home"]), "PREFECT_API_URL": prefect_server["url"],
           "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    with open(log, "w") as fh:
        proc = subprocess.Popen([str(BIN / "leadsweep"), "serve", "--cron", CRON, "--timezone", TIMEZONE,
                                 "--inbox", "inbox", "--out", "out", "--name", NAME],
                                cwd=tmp_path, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield {"proc": proc, "log": log, "inbox": inbox, "out": out, **prefect_server}
    finally:
        stop(proc)


def test_serve_registers_the_schedule_runs_a_night_and_pauses_when_stopped(served):
    proc, log = served["proc"], served["log"]
    with api(served["url"]) as client:
        deployment = wait_for(lambda: deployment_or_none(client), 90, "the deployment", proc, log)
        [schedule] = deployment.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == (CRON, TIMEZONE, True)
        settings = deployment.parameters["settings"]
        assert deployment.parameters["inbox_dir"] == str(served["inbox"])  # absolute: runs start elsewhere
        assert settings["out_dir"] == str(served["out"]) and "as_of" not in settings  # each night is dated that night

        booked = wait_for(lambda: runs_of(client, deployment.id, "SCHEDULED"), 60, "scheduled runs", proc, log)
        for run in booked:
            local = run.expected_start_time.astimezone(ZoneInfo(TIMEZONE))
            assert (local.hour, local.minute) == (2, 0), run.expected_start_time

        night = client.create_flow_run_from_deployment(deployment.id)
        night = wait_for(lambda: finished(client, night.id), 150, "the served night", proc, log)
        assert night.state.is_completed(), night.state.message
        # the run's logs reach the server in batches, after the run ends: wait for them
        logs = wait_for(lambda: night_logs(client), 60, "the night's logs on the server", proc, log)

    assert list((served["inbox"] / "processed").rglob("kontakti_sofia.csv"))
    with open(served["out"] / "call_list.csv", encoding="utf-8-sig") as fh:
        leads = list(csv.DictReader(fh))
    assert leads  # the night's INFO logs reached the server (waited for above) ...
    personal = {lead[k] for lead in leads for k in ("phone", "email", "last_name") if len(lead[k]) > 4}
    assert personal and not {value for value in personal if value in logs}  # ... and hold counts, never people

    stop(proc)
    with api(served["url"]) as client:
        assert deployment_or_none(client).paused  # stopped serving: no night fires while nothing runs it


def test_a_bad_schedule_is_refused_in_one_line():
    with pytest.raises(BadSchedule, match="Invalid timezone"):
        check_schedule(CRON, "Mars/Olympus_Mons")
    with pytest.raises(BadSchedule, match="Invalid cron"):
        check_schedule("61 2 * * *", TIMEZONE)
    check_schedule(CRON, TIMEZONE)
