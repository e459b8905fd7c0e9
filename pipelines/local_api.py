"""Prefect's API server for a run without a configured server (`make demo`, an analyst's run).

Left to itself, Prefect starts a temporary server when a flow first needs it, but only after this
process has imported the pipeline and the server's code (12 s for a 20-row list here, against 7 s
this way). So the CLI starts the server as its first step with Prefect's documented command,
`prefect server start` (API only: no UI, no background services, no analytics), in a child process,
and points the flows at it: the server boots while the pipeline imports. It is stopped when the
CLI exits, and on Linux also when the CLI is killed outright (the kernel's parent-death signal).
"""
from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

PORT_TAKEN = "already in use"  # `prefect server start`'s words when the port was taken in the meantime


def _die_with_parent(parent: int) -> None:
    """Runs in the server's process before Prefect starts (Linux): ask the kernel for SIGTERM when the
    CLI that started it dies, so a run killed with SIGKILL (or by the OOM killer), which runs no atexit,
    leaves no server behind; exit at once if that CLI is gone already. Elsewhere atexit is all there is."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalApi:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop()); the server's messages (a pipe nobody reads could fill and stall it)
        self._launch()
        atexit.register(self.stop)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        self.port = free_port()
        parent = os.getpid()
        self._log.seek(0)
        self._log.truncate()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-ui", "--no-services", "--analytics-off", "--log-level", "ERROR"],
            env={**os.environ, "PREFECT_UI_ENABLED": "0"},
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            preexec_fn=(lambda: _die_with_parent(parent)) if sys.platform.startswith("linux") else None)

    def wait_ready(self, timeout: float) -> str:
        """Block until the server answers its health check; returns its API URL. Raises RuntimeError
        with the server's own words if it exits or does not answer within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None and PORT_TAKEN in " ".join(self._output().split()):
                self._launch()
                continue
            if code is not None:
                last = (self._output().splitlines() or ["no message"])[-1]
                raise RuntimeError(f"Prefect's local API server exited ({code}): {last}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return self.url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"Prefect's local API server did not answer within {timeout:.0f} s; "
                           "start one with `prefect server start` and set PREFECT_API_URL")

    def _output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        self._log.close()


def start() -> LocalApi | None:
    """Start the server unless Prefect is pointed at one (PREFECT_API_URL) or told not to start its
    own (PREFECT_SERVER_ALLOW_EPHEMERAL_MODE=false); then the flows use what Prefect is told."""
    return None if _server_configured() else LocalApi()


def _server_configured() -> bool:
    settings = sys.modules.get("prefect.settings")
    if settings is not None:  # Prefect is imported already (tests, a notebook): ask it
        return bool(settings.PREFECT_API_URL.value()) or not settings.PREFECT_SERVER_EPHEMERAL_ENABLED.value()
    allowed = os.environ.get("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE",
                             os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED", "true"))
    return bool(os.environ.get("PREFECT_API_URL")) or allowed.strip().lower() in ("false", "0", "no", "off")


@contextmanager
def connected(api: LocalApi | None, timeout: float = 120.0) -> Iterator[None]:
    """Run the flows inside this against `api`, once it answers. A server set in a Prefect profile
    (read now that Prefect is imported) wins: then `api` is stopped unused.

    Flow-run heartbeats are off against `api`: they let a lasting server mark a run that died as
    crashed, but this one dies with the run, and stopping the heartbeat thread held every exit for
    up to a second (it sleeps in one-second steps)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if api is None:
        yield
        return
    if PREFECT_API_URL.value():
        api.stop()
        yield
        return
    url = api.wait_ready(timeout)
    with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
