"""The `leadsweep` command: a thin shell over the Prefect flows (see ../CONTRACT.md for the contract)."""
from __future__ import annotations

import atexit
import os
import sys

_exit_code: int | None = None  # the command's exit status, once `main` has it


def _exit_without_teardown() -> None:
    """End the console command without tearing the interpreter down: registered before anything
    else, so it runs after every other exit handler (Prefect's, the local API's). By then the run's
    outputs and store are closed; freeing the objects of the thousands of modules a run imports
    one by one took a second of every run."""
    if _exit_code is None:  # imported (tests, a notebook): a normal exit
        return
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_code)


atexit.register(_exit_without_teardown)


def _stopped_early(signum, frame) -> None:
    """SIGTERM before a run has begun (while the command imports its libraries): one line, exit 1."""
    os.write(2, b"leadsweep: stopped (SIGTERM); nothing was published\n")
    os._exit(1)


if __name__ == "__main__" or os.path.basename(sys.argv[0]) == "leadsweep":  # the command, not an import
    import signal

    signal.signal(signal.SIGTERM, _stopped_early)

USER_LOG_LEVEL = os.environ.get("PREFECT_LOGGING_LEVEL")
# Quiet, offline defaults; set before Prefect and GX are imported. Users may override any of them.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")  # set INFO to see the flow and task logs
# the temporary API server gets 20 s to start in Prefect; on a busy two-core machine that is not always enough
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import datetime as dt  # noqa: E402
import warnings  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from enum import StrEnum  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated  # noqa: E402

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from pipelines import local_api  # noqa: E402
from pipelines.config import RunSettings, read_reps_file  # noqa: E402

# GX imports pyspark when it is installed, and pyspark warns about pandas 3 on import; leadsweep hands
# Spark only Arrow tables (transforms/core/spark_engine.py), so the warning is noise on every run.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn purchased and scraped lead lists into call lists sales teams can trust.")
console = Console(stderr=True)
STAGES = {  # what the spinner says while each task of the flows runs
    "scan_inbox": "looking for new files in the inbox", "ingest_raw_rows": "reading the lists",
    "stage_leads": "normalising, scrubbing against do-not-call and customers", "match_leads": "matching duplicates",
    "score_leads": "scoring", "export_outputs": "checking and writing the outputs",
    "report_run": "writing the report and publishing",
    "archive_files": "moving the handled files to processed/",
}


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"leadsweep {version('leadsweep')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            print("leadsweep (not installed: run `make demo` or `pip install -e .`)")
        raise typer.Exit()


@app.callback()
def _main(show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                      help="Print the version and exit.")] = False) -> None:
    """Turn purchased and scraped lead lists into call lists sales teams can trust."""


def _check_sources(sources: Path | None) -> None:
    """A --sources file with a typo or a wrong value stops the command before anything starts."""
    from transforms.ingest.lists import SourcesError, load_source_settings

    try:
        load_source_settings(sources)
    except SourcesError as exc:
        _fail(f"--sources {exc}")


def _fail(message: str) -> None:
    console.print(f"[bold red]leadsweep:[/] {escape(message)}", soft_wrap=True, highlight=False)  # a path may hold [..]
    raise typer.Exit(1)


def _settings(inputs: list[Path], out: Path, dnc: list[Path], customers: Path | None, sources: Path | None,
              db: Path | None, reps: str | None, reps_file: Path | None, as_of: str | None,
              recontact_days: int, command: str, matcher_model: Path | None = None,
              engine: EngineName | None = None, bom: bool = True, exports: tuple[str, ...] = ()) -> RunSettings:
    for path in [*dnc, *(p for p in (customers, sources, reps_file, matcher_model) if p)]:
        if not path.is_file():
            _fail(f"{path} does not exist; check the path")
    _check_sources(sources)
    if reps and reps_file:
        _fail("give reps with --reps or --reps-file, not both")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        _fail(f"--as-of {as_of!r} is not a date; use YYYY-MM-DD")
    names = tuple(n.strip() for n in reps.split(",") if n.strip()) if reps else ()
    if reps_file:
        names = read_reps_file(reps_file)
    settings = RunSettings(inputs=tuple(inputs), out_dir=out, dnc=tuple(dnc), customers=customers, sources=sources,
                           db=db, reps=names, as_of=day, recontact_days=recontact_days, command=command,
                           matcher_model=matcher_model, bom=bom, **({"engine": engine.value} if engine else {}),
                           exports=tuple(dict.fromkeys(CrmName(e).value for e in exports)))
    if settings.engine == "spark":
        from transforms.core.spark_engine import missing_requirements

        if missing := missing_requirements():
            _fail(missing)
    return settings


def _print_closing(summary: dict, out: Path) -> None:
    counts = summary["counts"]
    leads = summary["leads_by_disposition"]
    console.print(
        f"[bold green]done[/]: {counts['rows_in']} rows from {counts['files_read']} files -> {counts['leads']} leads "
        f"({counts['duplicates_merged']} duplicates merged, {counts['rows_quarantined']} rows quarantined, "
        f"{counts['files_rejected']} files rejected)", soft_wrap=True)
    console.print("  " + ", ".join(f"{k}: {v}" for k, v in leads.items()), soft_wrap=True)
    console.print(f"  call list: {out / 'call_list.csv'}   report: {out / 'report.html'}", soft_wrap=True)
    for rejected in summary["rejected_files"]:
        console.print(f"  [yellow]rejected[/] {escape(rejected['file'])}: {escape(rejected['reason'])}", soft_wrap=True,
                      highlight=False)
    from transforms.report.summary import describe_failures

    for suite in summary.get("validation", {}).get("suites", []):
        if not suite["success"]:  # a blocking failure stops the run; these only warn, and the report lists them
            what = f"{escape(suite['suite'])}: {escape(describe_failures(suite))}"
            console.print(f"  [yellow]validation warning[/] {what}", soft_wrap=True, highlight=False)


Inputs = Annotated[list[Path], typer.Argument(help="Lead files and/or folders (csv tsv txt xlsx parquet json jsonl).")]
Out = Annotated[Path, typer.Option("--out", help="Folder for the outputs.")]
Dnc = Annotated[list[Path], typer.Option("--dnc", help="Do-not-call list (CSV with a phone column); repeatable.")]
Customers = Annotated[Path | None, typer.Option("--customers", help="CRM history with an outcome column.")]
Sources = Annotated[Path | None, typer.Option(
    "--sources", help="YAML naming each input's source, kind, country, cost.")]
Db = Annotated[Path | None, typer.Option("--db", help="Lead store (DuckDB) kept across runs.")]
Reps = Annotated[str | None, typer.Option(
    "--reps", help="Comma-separated reps to deal leads to, each with an optional territory: 'Anna:IT,Борис:BG,Carla'.")]
RepsFile = Annotated[Path | None, typer.Option(
    "--reps-file", help="File with one rep per line, or a CSV with name,territory columns.")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Date recontact decisions are made against (YYYY-MM-DD).")]
RecontactDays = Annotated[int, typer.Option("--recontact-days", help="Days before a contract ends to call again.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
Model = Annotated[Path | None, typer.Option("--matcher-model", help="Matcher parameters from train-matcher.")]
class CrmName(StrEnum):
    hubspot = "hubspot"
    salesforce = "salesforce"


Export = Annotated[list[CrmName], typer.Option(
    "--export", case_sensitive=False,
    help="Also write the call list as a CRM import file (hubspot_import.csv, salesforce_import.csv: the CRM's own "
         "column names, the rep as owner, lead_id as external id, parts at its row limit); repeatable.")]
Bom = Annotated[bool, typer.Option(
    "--bom/--no-bom", help="Start call_list.csv, recontact.csv and do_not_call.csv with a UTF-8 BOM, so that Excel "
                           "opens them as UTF-8 (on by default; off for programs that trip on it).")]


class EngineName(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


EngineOpt = Annotated[EngineName | None, typer.Option(
    "--engine", envvar="LEADSWEEP_ENGINE", case_sensitive=False,
    help="Where matching and normalisation run: duckdb (this machine) or spark "
         "(the master in LEADSWEEP_SPARK_MASTER, default local[*]; needs pyspark and Java 17). Default: duckdb.")]


@app.command()
def run(inputs: Inputs, out: Out, dnc: Dnc = [], customers: Customers = None, sources: Sources = None,  # noqa: B006
        db: Db = None, reps: Reps = None, reps_file: RepsFile = None, as_of: AsOf = None,
        recontact_days: RecontactDays = 90, quiet: Quiet = False, matcher_model: Model = None,
        engine: EngineOpt = None, bom: Bom = True, export: Export = []) -> None:  # noqa: B006
    """Run the pipeline once, in-process, on INPUT files and folders."""
    settings = _settings(inputs, out, dnc, customers, sources, db, reps, reps_file, as_of, recontact_days, "run",
                         matcher_model, engine, bom, tuple(export))
    summary = _execute(settings, quiet=quiet)
    if not quiet:
        _print_closing(summary, out)
    _fail_if_stale(summary)


def _fail_if_stale(summary: dict | None) -> None:
    """A stale do-not-call register reading: the run published what it could, and says on one line (exit 1)
    which country it held back and why."""
    from transforms.core.registers import stale_message

    if summary and (message := stale_message(summary["suppression"].get("dnc_lists", []), summary["as_of"])):
        _fail(message)


@contextmanager
def _progress(quiet: bool):
    """A spinner on stderr naming the stage the in-process flow is in; each task reports as it starts running.

    Off with --quiet, and when Prefect's own logs are on (PREFECT_LOGGING_LEVEL below WARNING): they say it."""
    import logging

    from prefect import Task

    import pipelines.flow
    import pipelines.nightly

    level = os.environ.get("PREFECT_LOGGING_LEVEL", "CRITICAL").upper()
    logs_on = logging.getLevelName(level) in range(logging.WARNING)
    if quiet or logs_on:
        yield
        return
    tasks = [t for module in (pipelines.flow, pipelines.nightly) for t in vars(module).values() if isinstance(t, Task)]
    with console.status("starting Prefect's local API", spinner="dots") as status:
        def show_stage(task, task_run, state) -> None:
            status.update(STAGES.get(task.name, task.name.replace("_", " ")))

        for task in tasks:
            task.on_running_hooks.append(show_stage)
        try:
            yield
        finally:
            for task in tasks:
                task.on_running_hooks.remove(show_stage)


def _execute(settings: RunSettings, inbox: Path | None = None, quiet: bool = False) -> dict:
    if not any(p.exists() for p in settings.inputs):  # before anything starts
        _fail("none of the inputs exist; give lead files or folders")
    api = local_api.start()  # boots while the pipeline imports
    from expectations.gates import GateFailed
    from pipelines.flow import leadsweep_run
    from pipelines.nightly import leadsweep_nightly
    from transforms.core.store import StoreBusy
    from transforms.export.invariants import InvariantBroken
    from transforms.stage.suppression import BadSuppressionList

    timeout = float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])
    global _interrupted
    _interrupted = False
    previous = _on_signals((_raise_stopped, _note_ctrl_c))
    try:
        with local_api.connected(api, timeout), _progress(quiet):
            return leadsweep_nightly(inbox, settings) if inbox else leadsweep_run(settings)
    except (StoreBusy, BadSuppressionList, InvariantBroken, GateFailed) as exc:
        message = f"{exc}. Nothing was published."
        if getattr(exc, "data_docs", None):
            message += f" Great Expectations' Data Docs of this run: {exc.data_docs}"
    except KeyboardInterrupt:
        message = "interrupted; nothing was published"
    except BaseException as exc:  # the last line of defence: one line, never a traceback
        if os.environ.get("LEADSWEEP_DEBUG") or isinstance(exc, (SystemExit, GeneratorExit)):
            raise
        if _interrupted:  # Ctrl-C: whatever it broke on its way out (Prefect's task engine, a query) is its doing
            message = "interrupted; nothing was published"
        elif _stopped_by_signal(exc):  # SIGTERM, carried by Prefect's exception or an interrupted query
            message = "stopped (SIGTERM); nothing was published"
        else:
            message = (f"the run failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). "
                       "Nothing was published; rerun with LEADSWEEP_DEBUG=1 for details.")
    finally:
        _on_signals(previous)
        if api is not None:  # the server lives as long as the run, also when one process runs many (tests)
            api.stop()
    _forget_failure()
    _fail(message)


class Stopped(BaseException):
    """SIGTERM reached the CLI (a scheduler, `kill`, a container stop)."""


_interrupted = False  # Ctrl-C (SIGINT) reached the CLI during this run


def _raise_stopped(signum, frame) -> None:
    raise Stopped()


def _note_ctrl_c(signum, frame) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _on_signals(handlers: tuple | None) -> tuple | None:
    """Install (SIGTERM, SIGINT) `handlers` and return those they replace (None off the main thread: no
    signals there). During a flow Prefect swaps in its own SIGTERM handler, which raises TerminationSignal
    and, once the flow is unwound, sends SIGTERM again to the handler it replaced: `_raise_stopped`."""
    import signal

    if handlers is None:
        return None
    try:
        return tuple(signal.signal(number, handler)
                     for number, handler in zip((signal.SIGTERM, signal.SIGINT), handlers, strict=True))
    except ValueError:
        return None


def _stopped_by_signal(exc: BaseException) -> bool:
    """Whether a signal stopped the run: `exc`, or what it was raised from or while handling, is `Stopped`,
    Prefect's TerminationSignal, or DuckDB's 'Query interrupted' (a signal interrupts a running query, and
    Splink wraps that in an exception of its own)."""
    from prefect.exceptions import TerminationSignal

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (Stopped, TerminationSignal)) or "Query interrupted" in str(exc):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _forget_failure() -> None:
    """Drop the failed run's frames so no DuckDB object outlives it (else nanobind lists 'leaks' at exit)."""
    import gc
    import traceback

    for obj in gc.get_objects():
        if isinstance(obj, BaseException) and obj.__traceback__ is not None:
            traceback.clear_frames(obj.__traceback__)
    gc.collect()


@app.command()
def nightly(inbox: Annotated[Path, typer.Option("--inbox", help="Folder where new lists arrive.")], out: Out,
            dnc: Dnc = [], customers: Customers = None, sources: Sources = None,  # noqa: B006
            db: Db = None, reps: Reps = None, reps_file: RepsFile = None, as_of: AsOf = None,
            recontact_days: RecontactDays = 90, quiet: Quiet = False, engine: EngineOpt = None,
            bom: Bom = True, export: Export = []) -> None:  # noqa: B006
    """Process every inbox file not processed before (by content hash) and move it to INBOX/processed/."""
    if not inbox.is_dir():
        _fail(f"inbox {inbox} is not a folder")
    settings = _settings([inbox], out, dnc, customers, sources, db, reps, reps_file,
                         as_of, recontact_days, "nightly", engine=engine, bom=bom, exports=tuple(export))
    result = _execute(settings, inbox=inbox, quiet=quiet)
    if quiet:
        _fail_if_stale(result["summary"])
        return
    for skipped in result["skipped_files"]:
        console.print(escape(f"  skipped {skipped['file']}: same content as {skipped['same_content_as']}"),
                      soft_wrap=True)
    if result["summary"] is None:
        console.print("nothing new in the inbox; nothing processed", soft_wrap=True)
    else:
        _print_closing(result["summary"], out)
    _fail_if_stale(result["summary"])


@app.command()
def serve(cron: Annotated[str, typer.Option("--cron", help="When to run, cron syntax.")] = "0 2 * * *",
          timezone: Annotated[str, typer.Option("--timezone", help="Time zone of the cron schedule.")] = "UTC",
          inbox: Annotated[Path, typer.Option("--inbox", help="Folder where new lists arrive.")] = Path("inbox"),
          out: Annotated[Path, typer.Option("--out", help="Folder for the outputs.")] = Path("out/nightly"),
          db: Db = None, dnc: Dnc = [], customers: Customers = None, sources: Sources = None,  # noqa: B006
          reps: Reps = None, reps_file: RepsFile = None, recontact_days: RecontactDays = 90,
          name: Annotated[str, typer.Option("--name", help="Deployment name.")] = "leadsweep-nightly",
          engine: EngineOpt = None) -> None:
    """Register the nightly flow as a Prefect deployment on a cron schedule and serve it (needs a Prefect server)."""
    if USER_LOG_LEVEL is None:  # each night's logs are what the Prefect UI shows of it (counts, never people)
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    from prefect.settings import get_current_settings

    from pipelines.deploy import BadSchedule, nightly_deployment, serve_deployment

    api_url = get_current_settings().api.url
    if not api_url:
        _fail("serve needs a Prefect server: run `prefect server start`, then "
              "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and try again")
    if not inbox.is_dir():
        _fail(f"inbox {inbox} is not a folder; create it or give --inbox")
    settings = _settings([inbox], out, dnc, customers, sources, db, reps, reps_file,
                         None, recontact_days, "nightly", engine=engine)
    try:
        deployment = nightly_deployment(inbox, settings, cron, timezone, name)
    except BadSchedule as exc:
        _fail(f"{exc}; give --cron like '0 2 * * *' and --timezone like Europe/Sofia")
    console.print(f"serving {name} on '{cron}' ({timezone}) for inbox {inbox.resolve()} at {api_url}; Ctrl+C stops",
                  soft_wrap=True, highlight=False)
    try:
        serve_deployment(deployment)
    except Exception as exc:  # one line, as everywhere: most often the server is down
        if os.environ.get("LEADSWEEP_DEBUG"):
            raise
        _fail(f"serving stopped ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
              f"check that the Prefect server at {api_url} is up")


@app.command("train-matcher")
def train_matcher(db: Annotated[Path, typer.Option("--db",
                                                   help="A store a run wrote (its staged rows train the model).")],
                  model: Annotated[Path, typer.Option("--model", help="Where to write the parameters.")]
                  = Path("splink_model.json")) -> None:
    """Retrain the probabilistic matcher on your own lists; use it with `run --matcher-model`."""
    import duckdb

    from transforms.match.probabilistic import train
    from transforms.match.splink_model import save_model

    if not db.is_file():
        _fail(f"{db} does not exist; run `leadsweep run ... --db {db}` first")
    with duckdb.connect(str(db)) as con:
        try:
            rows = con.execute("select count(*) from stg_leads where quarantine_reason is null").fetchall()[0][0]
        except duckdb.CatalogException:
            _fail(f"{db} holds no staged rows; run `leadsweep run ... --db {db}` first")
        if rows < 1000:
            _fail(f"only {rows} usable rows in {db}; train on at least 1,000 (the shipped defaults serve small lists)")
        save_model(train(con), model)
    console.print(f"trained on {rows} rows -> {model}; use it with `leadsweep run ... --matcher-model {model}`",
                  soft_wrap=True)


@app.command()
def explain(lead_id: str, db: Annotated[Path, typer.Option("--db", help="The lead store to read.")]) -> None:
    """Print why a lead has its score, tier and disposition, and which input rows it merged."""
    from transforms.report.explain import explain_lead

    if not db.is_file():
        _fail(f"{db} does not exist; give the store a run wrote (--db, or OUT/leadsweep.duckdb)")
    text = explain_lead(db, lead_id)
    if text is None:
        _fail(f"no lead {lead_id} in {db}")
    typer.echo(text)


review = typer.Typer(no_args_is_help=True, help="Decisions on review_pairs.csv, kept in the store.")
app.add_typer(review, name="review")
StoreOpt = Annotated[Path, typer.Option("--db", help="The lead store to change (kept across runs).")]


@contextmanager
def _changing_store(db: Path, compact: bool = False):
    """The store, changed all or nothing (as a run changes it); one line and exit 1 when it cannot be."""
    from transforms.core.store import StoreBusy, open_store
    from transforms.export.forget import NothingToForget
    from transforms.match.decisions import DecisionError

    if not db.is_file():
        _fail(f"{db} does not exist; give the store your runs keep (--db)")
    try:
        with open_store(db, fresh=False, compact=compact) as store:
            yield store.con
    except (StoreBusy, DecisionError, NothingToForget) as exc:
        _fail(f"{exc}; the store was not changed")


@review.command("apply")
def review_apply(decisions: Annotated[Path, typer.Argument(help="review_pairs.csv with a decision column.")],
                 db: StoreOpt) -> None:
    """Keep same / different decisions as must-link / cannot-link pairs that every later run honours."""
    from transforms.match.decisions import DecisionError, apply_decisions, decision_quality, read_decisions

    if not decisions.is_file():
        _fail(f"{decisions} does not exist; check the path")
    try:
        pairs, undecided = read_decisions(decisions)
    except DecisionError as exc:
        _fail(str(exc))
    with _changing_store(db) as con:
        done = apply_decisions(con, pairs)
        quality = decision_quality(con)
    console.print(f"kept {done['decisions']} decisions ({done['same']} same, {done['different']} different; "
                  f"{undecided} rows left undecided): {done['leads_merged']} leads merged, "
                  f"{done['leads_parted']} parted now, {done['rows_not_in_store']} name rows the store has not "
                  "read yet; later runs honour them all", soft_wrap=True, highlight=False)
    if quality and quality["precision_at_review"] is not None:
        console.print(f"  by your decisions: precision {quality['precision_at_review']} at the review cut-off "
                      f"(p >= {quality['review_cutoff']}), {quality['same']} of {quality['decided_pairs']} pairs "
                      "the same person", soft_wrap=True, highlight=False)


@app.command()
def split(lead_id: Annotated[str, typer.Argument(help="The lead to take rows out of.")],
          rows: Annotated[list[str], typer.Argument(help="Its rows to take out, as SOURCE_FILE:SOURCE_ROW.")],
          db: StoreOpt) -> None:
    """Take rows out of a lead into a new lead, for good: later runs keep them apart."""
    from transforms.match.decisions import DecisionError, parse_row, split_lead

    try:
        parsed = [parse_row(r) for r in rows]
    except DecisionError as exc:
        _fail(str(exc))
    with _changing_store(db) as con:
        new_id = split_lead(con, lead_id, parsed)
    console.print(f"{len(parsed)} rows of {lead_id} are now lead {new_id}; later runs keep them apart",
                  soft_wrap=True, highlight=False)


@app.command()
def forget(target: Annotated[str, typer.Argument(help="The person's phone number or e-mail address, or a lead id.")],
           db: StoreOpt) -> None:
    """Erase a person from the store and the outputs of its runs; later runs set them aside as `forgotten`."""
    from transforms.core.forgotten import key_path
    from transforms.export.forget import forget as erase
    from transforms.export.forget import scrub_outputs

    with _changing_store(db, compact=True) as con:
        erased = erase(con, db, target)
    changed = scrub_outputs(erased)
    found = (f"{len(erased['leads'])} leads ({len(erased['rows'])} rows)" if erased["leads"]
             else "no lead holds it now")
    console.print(f"forgot the {erased['target']}: {found} erased from {db} and from {len(changed)} output files; "
                  f"{erased['contacts']} contacts kept only as keyed hashes (key: {key_path(db)}), so a later list "
                  "that holds them sets them aside as forgotten", soft_wrap=True, highlight=False)


@app.command()
def inspect(inputs: Inputs, sources: Sources = None) -> None:
    """Print how each file's columns would be mapped (header and content), with a confidence and samples."""
    from transforms.ingest.inspect import inspect_files

    if sources is not None and not sources.is_file():
        _fail(f"{sources} does not exist")
    _check_sources(sources)
    text, ok = inspect_files(inputs, sources)
    typer.echo(text)
    if not ok:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    global _exit_code
    try:
        app()
    except SystemExit as exc:
        _exit_code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
