"""The CLI's own start of Prefect's temporary API server (pipelines/local_api.py)."""
from __future__ import annotations

import sys
import urllib.request

import pytest

from pipelines import local_api


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
