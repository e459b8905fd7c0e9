"""The CLI's own start of Prefect's temporary API server (pipelines/local_api.py)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines import local_api


def running(pid: int) -> bool:
    """Whether `pid` is alive: a zombie nobody has reaped yet has ended."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def prefect_not_imported(monkeypatch):
    monkeypatch.delitem(sys.modules, "prefect.settings", raising=False)
    for name in ("PREFECT_API_URL", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "PREFECT_SERVER_EPHEMERAL_ENABLED"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("name, value", [("PREFECT_API_URL", "http://127.0.0.1:4200/api"),
                                         ("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")])
def test_no_server_when_prefect_is_told_otherwise(prefect_not_imported, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    assert local_api.start() is None


def test_server_answers_and_stops():
    api = local_api.LocalApi()
    try:
        url = api.wait_ready(timeout=120)
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            assert response.status == 200
        process = api.process
    finally:
        api.stop()
    assert api.process is None and process.poll() is not None


def test_it_is_prefects_documented_server_command():
    api = local_api.LocalApi()
    try:
        assert api.process.args[1:5] == ["-m", "prefect", "server", "start"]
        assert {"--no-ui", "--no-services", "--analytics-off"} <= set(api.process.args)
    finally:
        api.stop()


def test_a_port_taken_in_the_meantime_is_retried(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports, real = iter([taken.getsockname()[1]]), local_api.free_port
        monkeypatch.setattr(local_api, "free_port", lambda: next(ports, None) or real())
        api = local_api.LocalApi()
        try:
            assert api.wait_ready(timeout=120) == api.url
            assert api.port != taken.getsockname()[1]
        finally:
            api.stop()


def test_a_server_that_dies_is_reported():
    api = local_api.LocalApi()
    api.process.kill()
    api.process.wait()
    with pytest.raises(RuntimeError, match="exited"):
        api.wait_ready(timeout=10)
    api.stop()


def test_flows_run_against_the_server_without_heartbeats(monkeypatch):
    from prefect.settings import PREFECT_API_URL, get_current_settings

    monkeypatch.setattr(PREFECT_API_URL, "value", lambda: None)  # no server in a profile
    api = local_api.LocalApi()
    try:
        with local_api.connected(api, timeout=120):
            settings = get_current_settings()
            assert settings.api.url == api.url
            assert settings.flows.heartbeat_frequency is None
    finally:
        api.stop()


def test_the_server_ends_with_a_cli_killed_outright(tmp_path):
    """SIGKILL runs no atexit: the server must still go (Linux: the kernel tells it its parent died)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("parent-death signal is Linux-only")
    cli = subprocess.Popen([sys.executable, "-c", "from pipelines import local_api; import time\n"
                            "api = local_api.LocalApi(); api.wait_ready(120); print(api.process.pid, flush=True)\n"
                            "time.sleep(300)"], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        server = int(cli.stdout.readline())
        cli.kill()
        cli.wait()
        deadline = time.monotonic() + 60  # the loop ends as soon as the server has; 60 s only bounds a failure
        while running(server) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(server)
    finally:
        os.killpg(cli.pid, signal.SIGKILL)
