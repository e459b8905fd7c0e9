"""The nightly deployment: what `leadsweep serve` registers with a Prefect server and serves."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import to_jsonable_python

from pipelines.config import RunSettings

DEPLOYMENT_NAME = "leadsweep-nightly"
PER_RUN_FIELDS = ("as_of", "memory_limit", "spark_master")  # decided when each night runs (today; its environment)


class BadSchedule(ValueError):
    """The cron expression or the time zone cannot be scheduled."""


def check_schedule(cron: str, timezone: str) -> None:
    """Fail early, in one line, on a cron string or time zone the server would refuse."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValidationError as exc:
        raise BadSchedule(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None


def nightly_parameters(inbox: Path, settings: RunSettings) -> dict:
    """The flow parameters each scheduled run gets: the chosen settings with absolute paths (a served run does
    not start in the folder `serve` was started from), minus the per-run fields, so each night is dated today."""
    chosen = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in PER_RUN_FIELDS}
    absolute = {k: _absolute(v) for k, v in chosen.items()}
    return {"inbox_dir": str(inbox.resolve()), "settings": to_jsonable_python(absolute)}


def _absolute(value):
    if isinstance(value, Path):
        return value.resolve()
    if isinstance(value, tuple) and value and all(isinstance(v, Path) for v in value):
        return tuple(v.resolve() for v in value)
    return value


def nightly_deployment(inbox: Path, settings: RunSettings, cron: str, timezone: str, name: str = DEPLOYMENT_NAME):
    """The nightly flow as a deployment on a cron schedule in `timezone` (a prefect RunnerDeployment)."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from pipelines.nightly import leadsweep_nightly

    check_schedule(cron, timezone)
    return leadsweep_nightly.to_deployment(
        name=name, schedules=[Cron(cron, timezone=timezone)], parameters=nightly_parameters(inbox, settings),
        tags=["leadsweep"], description="Process what is new in the inbox; see `leadsweep nightly --help`.",
        entrypoint_type=EntrypointType.MODULE_PATH)  # found by import, wherever serve was started


def serve_deployment(deployment) -> None:
    """Register the deployment and run its scheduled runs until stopped (Ctrl+C or SIGTERM pauses its schedule)."""
    from prefect import serve

    serve(deployment, print_starting_message=False)
