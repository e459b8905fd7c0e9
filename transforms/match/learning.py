"""Learn the matcher's parameters from the list in front of it (Fellegi-Sunter, Splink 5).

Each comparison level has two numbers: u, how often two different people agree on it by chance,
and m, how often two rows of one person do. Both depend on the list: a city says little in a list
of one city, a phone book's people have no e-mail, one vendor's typos are not another's. So, over
Splink's input table of this run (`probabilistic.prepare_input`):

- u comes from random pairs of this list's rows, once it has `MIN_U_ROWS` rows;
- the share of pairs that match (lambda) from pairs that deterministic rules call one person;
- m from expectation maximisation over the candidate pairs of this list's own blocking rules: each
  session trains the comparisons outside its rule, and a rule is used only when the list fills its
  columns enough to yield `MIN_EM_PAIRS` pairs (a rule with more than `EM_SAMPLE_PAIRS` trains on a
  random share of its blocks, whole blocks, about that many pairs). No session blocks
  on a phone: pairs sharing a switchboard or home line are mostly colleagues or family, and EM would
  learn them as matches.

What the list cannot teach (a small list, an empty column) keeps the prior: the shipped parameters
(`data/splink_model.json`) or those given with --matcher-model. `fit` says which was used.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import duckdb

log = logging.getLogger(__name__)

MIN_U_ROWS = 300          # 45k random pairs: enough to see how often strangers agree
MIN_EM_PAIRS = 100        # a blocking rule with fewer candidate pairs teaches EM nothing
# ... and one with more trains on a random share of its blocks: at 1M rows the name rule's 1.4M pairs took
# 24 s of EM for m-probabilities a quarter of them show as well
EM_SAMPLE_PAIRS = 300_000
U_FLOOR = 1e-7            # below what a million random pairs can show
SEED = 11
NEUTRAL = 0.01           # m = u for a level nothing taught: it weighs nothing
LAMBDA_RECALL = 0.7       # share of true pairs the deterministic rules below are taken to find


@dataclass(frozen=True)
class EmRule:
    """A blocking rule for one EM session: rows agreeing on all `columns`; trains every comparison but `skips`."""
    columns: tuple[str, ...]
    skips: frozenset[str]

    @property
    def sql(self) -> str:
        return rule_sql(self.columns)


def rule_sql(columns: tuple[str, ...]) -> str:
    return " AND ".join(f"l.{c} = r.{c}" for c in columns)


EM_RULES = (  # tried in this order; each is used if it trains a comparison no earlier one trained
    EmRule(("email_block",), frozenset({"email", "company"})),
    EmRule(("name_key_block",), frozenset({"first", "last"})),
    EmRule(("dob",), frozenset({"dob"})),
    EmRule(("dob", "postcode"), frozenset({"dob", "place"})),
    EmRule(("address_block",), frozenset({"place"})),
    EmRule(("company_block",), frozenset({"company"})),
    EmRule(("postcode", "first_key"), frozenset({"place", "first"})),
    EmRule(("postcode", "last_key"), frozenset({"place", "last"})),
)
LAMBDA_RULES = (  # pairs these call one person, for the share of matching pairs
    ("email_block",), ("name_key", "p1"), ("name_key", "dob"), ("name_key", "address_key"),
    ("name_key", "postcode"), ("company_key", "address_key", "p1"),
)

# Guards on what EM learns, from what it cannot see in one list:
SWAPPED_LAST_BF = 16.0  # swapped or crossed names show in both name comparisons: `last` adds +4 only
SHARED_PHONE_BF = 8.0   # a phone several first names use is a household/company line: +3 at most
SHARED_STREET_BF = 8.0  # ... and so is an address several people give (an office, a family home)
# How much one disagreement can cost. EM on a small block can drive a "diff" level's m to 0 (pairs that
# differ there look less like matches, so m falls, so they look less like matches ...), which makes
# the level a veto: FEBRL's duplicates with a first name replaced scored -136 bits on it. Real lists
# have such rows (a nickname, a name typed in the wrong column, a maiden name), so:
DIFF_MIN_BF = {
    "first": 2.0 ** -10, "last": 2.0 ** -10, "dob": 2.0 ** -10,
    "company": 2.0 ** -8,
    "email": 2.0 ** -8,  # real people have a work and a private address: another e-mail costs 8 bits at most
    "place": 2.0 ** -5,  # ... and an office and a home town: another place costs 5 bits at most
}


def fit(con: duckdb.DuckDBPyConnection, table: str, base: dict, prior: dict, linker_for) -> tuple[dict, dict]:
    """Settings for `table` (Splink's input): `base` (comparisons, blocking) with parameters learnt from
    the table where it can teach them and `prior`'s elsewhere; returns (settings, what was learnt).

    `linker_for(settings)` builds a Splink linker over `table` on `con`."""
    rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    settings = {**with_parameters(base, prior),
                "probability_two_random_records_match": prior["probability_two_random_records_match"]}
    report = {"rows": rows, "u": "prior", "lambda": "prior", "em_sessions": [], "m": "prior"}
    if rows < 2:
        return guarded(settings), report
    columns = _filled_columns(con, table)
    sample = None
    if rows >= MIN_U_ROWS:  # else too few pairs to read u or m from: the prior's, with this list's share of matches
        sample = sample_u(con, table, settings)
        settings = with_u(settings, sample.random)
        report["u"] = "random pairs of this list"
    linker = linker_for(settings)
    _estimate_lambda(con, table, linker, columns, report)
    if sample is None:
        return guarded(with_parameters(linker.misc.save_model_to_json(), prior)), report
    _em_without_underflow()
    trained: set[str] = set()
    comparisons = {c["output_column_name"] for c in base["comparisons"]}
    for rule in EM_RULES:
        teaches = comparisons - rule.skips - trained
        if not set(rule.columns) <= columns or not teaches:
            continue
        pairs = _pairs(con, table, rule.columns)
        if pairs < MIN_EM_PAIRS:
            continue
        share = -(-pairs // EM_SAMPLE_PAIRS)  # one block in `share`, by the hash of its value
        sql = rule.sql + (f" AND hash(l.{rule.columns[0]}) % {share} = 0" if share > 1 else "")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                sql, fix_probability_two_random_records_match=True)
        except Exception as exc:  # EM that cannot converge on this list teaches nothing; the prior stands
            log.info("EM on %s skipped: %s", rule.sql, exc)
            continue
        trained |= teaches
        report["em_sessions"].append({"blocking_rule": rule.sql, "pairs": pairs, "trained": sorted(teaches),
                                      **({"blocks_sampled": f"1 in {share}"} if share > 1 else {})})
    if trained:
        report["m"] = "EM on this list" if trained == comparisons else "EM on this list, prior for " + ", ".join(
            sorted(comparisons - trained))
    learnt = without_matches(at_most_once_in(with_parameters(linker.misc.save_model_to_json(), prior),
                                             sample.unseen, sample.pairs))
    report["u_from_other_names"] = sorted({c for c, _ in sample.strangers})
    return guarded(with_u(learnt, sample.strangers)), report


def _estimate_lambda(con: duckdb.DuckDBPyConnection, table: str, linker, columns: set[str], report: dict) -> None:
    """The share of matching pairs, from the pairs `LAMBDA_RULES` call one person (taken to be
    `LAMBDA_RECALL` of them), on any list where they find some: it grows as a list shrinks (a list of 200
    rows with 50 duplicates has one matching pair in 400; the prior's, from a list of 100k, one in 100,000,
    which held back every pair of a small list that names and a town alone join)."""
    rules = [rule_sql(rule) for rule in LAMBDA_RULES if set(rule) <= columns and _pairs(con, table, rule) > 0]
    if not rules:
        return
    try:
        linker.training.estimate_probability_two_random_records_match(rules, recall=LAMBDA_RECALL)
        report["lambda"] = "deterministic rules on this list"
    except Exception as exc:  # Splink refuses when the rules find no pair; the prior stands
        log.info("lambda kept from the prior: %s", exc)


STRANGER_ROWS = 1415      # rows drawn for `sample_u`: about 1M pairs, as Splink samples by default
MIN_STRANGER_PAIRS = 10_000  # pairs of other names, filled on both sides, a comparison needs to be read there
NAME_COMPARISONS = ("first", "last")
# levels outside the names that mark one person: a pair of other names agreeing on one is more likely one person
# renamed than two strangers (FEBRL's duplicates with both names replaced), so it is not read as strangers for
# the other comparisons
PERSONAL_LEVELS = {"dob": ("exact", "typo"), "email": ("exact",), "phone": ("exact",)}
# The stratum of pairs sharing a postcode (`u_within_postcodes`): a level whose condition starts with this one
# agreement is only ever reached there, and its u is the stratum's share of strangers times how often strangers
# within it reach the level, read from every pair of the stratum rather than the few a random sample holds
STRATUM = '"postcode_l" = "postcode_r"'
STRATUM_COLUMN = "postcode"
STRATUM_PAIRS = 1_000_000  # pairs of the stratum read at most (rows drawn so that their pairs stay about this many)
MIN_STRATUM_HITS = 30      # random pairs of strangers in the stratum needed to tell its share


def _gamma_case(comp: dict) -> str:
    """SQL giving a comparison's level label over a table of `<column>_l` / `<column>_r` columns."""
    whens = " ".join(f"when {lv['sql_condition']} then '{lv['label_for_charts']}'"
                     for lv in comp["comparison_levels"] if lv["sql_condition"].strip().upper() != "ELSE")
    return f"case {whens} else 'diff' end"


def _null_case(comp: dict) -> str:
    return next(lv["sql_condition"] for lv in comp["comparison_levels"] if lv.get("is_null_level"))


def _stranger_columns(settings: dict, only: int | None = None) -> tuple[list[str], list[dict], str, str, str]:
    """(the input columns the comparisons read, the comparisons outside the names, SQL of the gamma and null
    columns of each (g_i, n_i), SQL of the kept columns over those (k_i: the pair reads as strangers for
    comparison i), SQL: names both differ); `only`: of comparison `only` alone (and those it is kept by).
    Each comparison's level is worked out once per pair: the kept columns read the gammas, not the
    comparisons again."""
    names = [c for c in settings["comparisons"] if c["output_column_name"] in NAME_COMPARISONS]
    conditions = " ".join(lv["sql_condition"] for c in settings["comparisons"] for lv in c["comparison_levels"])
    cols = sorted({m.group(1) for m in re.finditer(r'"(\w+)_[lr]"', conditions)})
    others = [c for c in settings["comparisons"] if c["output_column_name"] not in NAME_COMPARISONS]
    wanted = [i for i, c in enumerate(others)
              if only is None or i == only or c["output_column_name"] in PERSONAL_LEVELS]
    gammas = ", ".join(f"{_gamma_case(others[i])} as g_{i}, ({_null_case(others[i])}) as n_{i}" for i in wanted)
    personal = {c["output_column_name"]: f"coalesce(g_{i} in ({', '.join(repr(x) for x in levels)}) and not n_{i}, "
                                         "false)"
                for i, c in enumerate(others) for name, levels in PERSONAL_LEVELS.items()
                if c["output_column_name"] == name}
    kept = []
    for i, c in enumerate(others):
        if only is not None and i != only:
            continue
        marks = [sql for name, sql in personal.items() if name != c["output_column_name"]]
        kept.append(f"g_{i}, n_{i}, not ({' or '.join(marks) if marks else 'false'}) as k_{i}")
    apart = " and ".join(f"({_gamma_case(c)}) = 'diff' and not ({_null_case(c)})" for c in names)
    return cols, others, gammas, ", ".join(kept), apart


def _pair_sides(cols: list[str]) -> str:
    """SQL selecting each column of a pair of rows `l`, `r` as `<column>_l`, `<column>_r`, as Splink names them."""
    return ", ".join(f'l."{c}" as "{c}_l", r."{c}" as "{c}_r"' for c in cols)


@dataclass(frozen=True)
class SampledU:
    """What `sample_u` read from random pairs of a list's rows."""
    random: dict[tuple[str, str], float]     # u of every level the pairs reached, matches among them included
    unseen: set[tuple[str, str]]             # levels of a comparison the pairs filled but never reached
    pairs: int                               # pairs read
    strangers: dict[tuple[str, str], float]  # u outside the names, among pairs of other names (`sample_u`)


def sample_u(con: duckdb.DuckDBPyConnection, table: str, settings: dict) -> SampledU:
    """u of every level from the pairs of `STRANGER_ROWS` random rows (about 1M pairs, all of them on a small
    list), as Splink's random sampling reads it, and, outside the names, from those of the pairs whose first
    names and surnames both differ (and that agree on no other level marking one person, `PERSONAL_LEVELS`).
    Random pairs of a list full of duplicates hold its matching pairs too, and what `without_matches` takes
    out with an estimated share leaves the strongest levels' u at what the missed matches make of it (FEBRL4:
    a street at its postcode came out 1 in 50,000, about the share of duplicates the estimate missed). Pairs
    of other names are nearly all strangers, and, names being drawn apart from places and birth dates, they
    show a place or a birth date in common as often as strangers do. The levels reached only within a postcode
    are read there (`u_within_postcodes`). One pass over the pairs serves both (Splink's own sampling of 1M
    pairs took as long again)."""
    cols, others, gammas, kept, _ = _stranger_columns(settings)
    names = [c for c in settings["comparisons"] if c["output_column_name"] in NAME_COMPARISONS]
    name_gammas = ", ".join(f"{_gamma_case(c)} as h_{j}, ({_null_case(c)}) as hn_{j}" for j, c in enumerate(names))
    apart = " and ".join(f"h_{j} = 'diff' and not hn_{j}" for j in range(len(names))) or "false"
    stratum = STRATUM if STRATUM_COLUMN in cols else "false"
    con.execute(f"""
        create or replace temp table u_pairs as
        with drawn as (select unique_id, {", ".join(f'"{c}"' for c in cols)} from {table}
                       order by hash(unique_id, {SEED}) limit {STRANGER_ROWS}),
             pairs as (select {_pair_sides(cols)} from drawn l join drawn r on l.unique_id < r.unique_id),
             read as (select {name_gammas + ", " if names else ""}{gammas},
                             coalesce({stratum}, false) as in_stratum from pairs)
        select * exclude ({", ".join(f"g_{i}, n_{i}" for i in range(len(others)))}), {kept},
               {apart} as apart
        from read
    """).fetchall()
    pairs = con.execute("select count(*) from u_pairs").fetchall()[0][0]
    random, unseen = {}, set()
    for comp, gamma, null in [*((c, f"h_{j}", f"hn_{j}") for j, c in enumerate(names)),
                              *((c, f"g_{i}", f"n_{i}") for i, c in enumerate(others))]:
        counts = dict(con.execute(f"select {gamma}, count(*) from u_pairs where not {null} group by 1").fetchall())
        total = sum(counts.values())
        for lv in comp["comparison_levels"]:
            key = (comp["output_column_name"], lv["label_for_charts"])
            if lv.get("is_null_level") or not total:
                continue  # a comparison no pair filled on both sides (no e-mails) keeps the prior
            if counts.get(lv["label_for_charts"]):
                random[key] = counts[lv["label_for_charts"]] / total
            else:
                unseen.add(key)
    strangers = {}
    for i, comp in enumerate(others if names else []):
        counts = dict(con.execute(f"select g_{i}, count(*) from u_pairs where apart and not n_{i} and k_{i} "
                                  "group by 1").fetchall())
        total = sum(counts.values())
        if total < MIN_STRANGER_PAIRS:
            continue
        for lv in comp["comparison_levels"]:
            if not lv.get("is_null_level"):
                strangers[(comp["output_column_name"], lv["label_for_charts"])] = max(
                    counts.get(lv["label_for_charts"], 0), 1) / total
        if any(_within_stratum(lv) for lv in comp["comparison_levels"]):
            hits = con.execute(f"select count(*) from u_pairs where apart and not n_{i} and k_{i} and in_stratum"
                               ).fetchall()[0][0]
            if hits >= MIN_STRATUM_HITS:
                strangers |= u_within_postcodes(con, table, settings, i, hits / total)
    con.execute("drop table if exists u_pairs").fetchall()
    return SampledU(random, unseen, pairs, strangers)


def _within_stratum(level: dict) -> bool:
    return not level.get("is_null_level") and level["sql_condition"].strip().startswith(STRATUM)


def u_within_postcodes(con: duckdb.DuckDBPyConnection, table: str, settings: dict, i: int,
                       share: float) -> dict[tuple[str, str], float]:
    """u of the levels of comparison `i` (outside the names) reached only within a postcode (`STRATUM`): `share`,
    the strangers' pairs that share a postcode, times how often strangers sharing one reach the level, counted
    over every pair of the list's rows that shares a postcode (rows drawn at random when there are more than
    `STRATUM_PAIRS`). A random sample of 1M pairs holds some 1,000 pairs of strangers at one postcode and none at
    one house of it: its u for a shared street and postcode was one in a sample's size, whatever the list; the
    pairs of the postcodes themselves show how rare it is (FEBRL4: 43,000 of them, none at one house but
    duplicates with both names replaced)."""
    cols, others, gammas, kept, apart = _stranger_columns(settings, only=i)
    comp = others[i]
    pairs = con.execute(f"select coalesce(sum(n * (n - 1) / 2), 0) from (select count(*) as n from {table} "
                        f"where {STRATUM_COLUMN} is not null group by {STRATUM_COLUMN})").fetchall()[0][0]
    if not pairs:
        return {}
    keep = min(1.0, (STRATUM_PAIRS / pairs) ** 0.5)  # rows drawn: their pairs are about keep^2 of all
    sides = _pair_sides(cols)
    counts = dict(con.execute(f"""
        with drawn as (select unique_id, {", ".join(f'"{c}"' for c in cols)} from {table}
                       where {STRATUM_COLUMN} is not null
                         and hash(unique_id, {SEED}) % 1000000 < {int(keep * 1_000_000)}),
             pairs as (select {sides} from drawn l join drawn r
                       on l.{STRATUM_COLUMN} = r.{STRATUM_COLUMN} and l.unique_id < r.unique_id),
             read as (select {gammas} from pairs where {apart})
        select g_{i}, count(*) from (select {kept} from read) where not n_{i} and k_{i} group by 1
    """).fetchall())
    total = sum(counts.values())
    if total < MIN_STRANGER_PAIRS:
        return {}
    return {(comp["output_column_name"], lv["label_for_charts"]): share * max(counts.get(lv["label_for_charts"], 0), 1)
            / total for lv in comp["comparison_levels"] if _within_stratum(lv)}


def with_u(settings: dict, u: dict[tuple[str, str], float]) -> dict:
    """`settings` with the u of the levels `u` names replaced."""
    for comp in settings["comparisons"]:
        for lv in comp["comparison_levels"]:
            key = (comp["output_column_name"], lv["label_for_charts"])
            if key in u and not lv.get("is_null_level"):
                lv["u_probability"] = u[key]
    return settings


def at_most_once_in(settings: dict, unseen: set[tuple[str, str]], sampled: float) -> dict:
    """u of a level none of `sampled` random pairs reached: at most one in `sampled` (what the sample can
    tell), not the prior's. FEBRL4's 10k rows never showed one exact street shared by two names in a
    million random pairs, and the prior's u of 1 in 100 made such a pair score 5 bits against."""
    for comp in settings["comparisons"]:
        for lv in comp["comparison_levels"]:
            if (comp["output_column_name"], lv["label_for_charts"]) in unseen and lv.get("u_probability") \
                    and comp["output_column_name"] not in ("first", "last"):
                lv["u_probability"] = min(lv["u_probability"], 1.0 / sampled)
    return settings


def without_matches(settings: dict) -> dict:
    """u as it is among different people. Random pairs include the list's matching pairs (a share
    lambda of them), so the u they give is lambda * m + (1 - lambda) * u: in a list of 1,000 rows where
    every second row has a duplicate, a shared date of birth is seen as often between two rows of one
    person as between strangers, and u for it came out 40 times too high. Solve for u, level by level
    (the levels' u still sum to 1), within [`U_FLOOR`, 1]."""
    lam = settings["probability_two_random_records_match"]
    for comp in settings["comparisons"]:
        for lv in comp["comparison_levels"]:
            m, u = lv.get("m_probability"), lv.get("u_probability")
            if lv.get("is_null_level") or m is None or u is None:
                continue
            lv["u_probability"] = min(1.0, max(U_FLOOR, (u - lam * m) / (1 - lam)))
    return settings


def _em_without_underflow() -> None:
    """Splink 5's EM can estimate an m or u of exactly 0 (a level only non-matches reach, e.g. swapped names
    in a block of one name) and then refuses to store it, below its own floor `M_U_CLAMP_MIN`: the whole
    session fails. Clamp its estimates to that floor before they are stored (the level then weighs what a
    level seen that rarely weighs). Wraps one function of Splink's EM module; a no-op when applied twice."""
    from splink.internals import expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    original = em.populate_m_u_from_lookup
    if getattr(original, "clamped", False):
        return

    def clamped(fixed, level, column, lookup):
        for record in lookup.get(column, {}).values():
            for key in ("m_probability", "u_probability"):
                if isinstance(record.get(key), float) and record[key] < M_U_CLAMP_MIN:
                    record[key] = M_U_CLAMP_MIN
        return original(fixed, level, column, lookup)

    clamped.clamped = True
    em.populate_m_u_from_lookup = clamped


def with_parameters(settings: dict, prior: dict) -> dict:
    """`settings` with every m and u it lacks (a level the data never showed) taken from `prior`, level by
    level (same comparison and label). A level newer than the prior takes the prior's next coarser level of
    its comparison (the first one below it the prior knows, "diff" aside): a street at a postcode one keystroke
    off weighs what the postcode one keystroke off did, until a list teaches it more."""
    known = {(c["output_column_name"], lv["label_for_charts"]): lv
             for c in prior["comparisons"] for lv in c["comparison_levels"]}

    def prior_of(comp: dict, j: int) -> dict:
        name, levels = comp["output_column_name"], comp["comparison_levels"]
        if (name, levels[j]["label_for_charts"]) in known:
            return known[(name, levels[j]["label_for_charts"])]
        return next((known[(name, lv["label_for_charts"])] for lv in levels[j + 1:]
                     if lv["label_for_charts"] != "diff" and not lv.get("is_null_level")
                     and (name, lv["label_for_charts"]) in known), {})

    settings = {**settings, "comparisons": [
        {**comp, "comparison_levels": [_filled(lv, prior_of(comp, j))
                                       for j, lv in enumerate(comp["comparison_levels"])]}
        for comp in settings["comparisons"]]}
    return settings


def _filled(level: dict, prior_level: dict) -> dict:
    """One level's m and u, from the list where it taught them, else from the prior; a level neither
    knows (a comparison newer than the prior, a value the prior's lists never had) is neutral: m = u,
    a Bayes factor of 1, rather than Splink's defaults."""
    if level.get("is_null_level"):
        return level
    level = {**level, **{k: prior_level[k] for k in ("m_probability", "u_probability")
                         if level.get(k) is None and prior_level.get(k) is not None}}
    m, u = level.get("m_probability"), level.get("u_probability")
    if m is None or u is None:
        level["m_probability"] = level["u_probability"] = m if m is not None else u if u is not None else NEUTRAL
    return level


def guarded(settings: dict) -> dict:
    """Bound what one list's EM learnt by what it cannot see (the guards above)."""
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        for lv in comp["comparison_levels"]:
            label, m, u = lv["label_for_charts"], lv.get("m_probability"), lv.get("u_probability")
            if m is None or u is None:
                continue
            if name == "last" and label in ("swapped", "swapped~", "crossed"):  # counted once, in `first`
                lv["m_probability"] = min(1.0, SWAPPED_LAST_BF * u)
            elif (name, label) == ("phone", "shared"):
                lv["m_probability"] = min(m, SHARED_PHONE_BF * u)
            elif (name, label) == ("place", "street_shared"):
                lv["m_probability"] = min(m, SHARED_STREET_BF * u)
            elif label == "diff" and name in DIFF_MIN_BF:
                lv["m_probability"] = max(m, DIFF_MIN_BF[name] * u)
        if name in PARTIAL_AGREEMENTS:
            _no_worse_than_diff(comp)
    _swap_no_stronger_than_names(settings)
    return settings


def _level_of(settings: dict, comparison: str, label: str) -> dict | None:
    comp = next((c for c in settings["comparisons"] if c["output_column_name"] == comparison), None)
    return next((lv for lv in comp["comparison_levels"] if lv["label_for_charts"] == label), None) if comp else None


def _swap_no_stronger_than_names(settings: dict) -> None:
    """A name written the other way round ("nguyen lachlan") says at most what the same two names written alike
    say: first name and surname both exact (swapped up to typos: both fuzzy). Random pairs almost never show a
    swap, so its u falls to the floor, and EM's m over it made FEBRL4's swap weigh +23 bits, against +12 for
    "lachlan nguyen" written alike: a second Lachlan Nguyen who shares only the name merged with the first.
    The exact swap is frequency-adjusted as the exact names are (`splink_model`), so capping its base weight
    at theirs keeps the swap of two common names as weak as the two names themselves."""
    for alike, swapped in (("exact", "swapped"), ("fuzzy", "swapped~")):  # ... and a swap up to typos what typos do
        levels = [_level_of(settings, name, label) for name in NAME_COMPARISONS for label in (alike, swapped)]
        if any(lv is None or _bf(lv) is None for lv in levels):
            continue
        first_alike, first_swap, last_alike, last_swap = levels
        room = _bf(first_alike) * _bf(last_alike) / _bf(last_swap)  # what `first` may add to `last`'s swap
        first_swap["m_probability"] = min(first_swap["m_probability"], room * first_swap["u_probability"])


# comparisons whose every level but "diff" is some agreement (a nickname, a typo, a shared street), so none
# may weigh less than disagreeing outright: EM on one list drove the nickname level of FEBRL4 to -50 bits and
# the swapped one of a generated list to -400, a veto no disagreement is allowed to be
PARTIAL_AGREEMENTS = ("first", "last", "place")


def _bf(lv: dict) -> float | None:
    m, u = lv.get("m_probability"), lv.get("u_probability")
    return m / u if m is not None and u else None


def _no_worse_than_diff(comp: dict) -> None:
    diff = next((_bf(lv) for lv in comp["comparison_levels"] if lv["label_for_charts"] == "diff"), None)
    if diff is None:
        return
    for lv in comp["comparison_levels"]:
        if not lv.get("is_null_level") and lv["label_for_charts"] != "diff" and _bf(lv) is not None:
            lv["m_probability"] = min(1.0, max(lv["m_probability"], diff * lv["u_probability"]))



# The household test (`sql/splink/households.sql`): pairs of rows giving one surname at one street address
MIN_HOME_PAIRS = 20      # fewer such pairs (or none with a birth date) tell nothing: households are assumed
HOUSEHOLD_EXCESS = 2.0   # ... and disagreeing on first name and birth together this many times more often
HOUSEHOLD_SLACK = 3      # (plus a few) than if the two were independent says the list holds households


def households_evident(differ_both: int, differ_first: int, differ_birth: int, differ_neither: int) -> bool:
    """Whether a list holds families at one address, from its rows that share a surname and a street: rows of
    one person disagree on the first name and on the birth date independently, members of a household on
    both at once. A list that cannot tell (too few such pairs, no birth dates) is taken to hold households."""
    n = differ_both + differ_first + differ_birth + differ_neither
    if n < MIN_HOME_PAIRS:
        return True
    expected = (differ_both + differ_first) * (differ_both + differ_birth) / n
    return differ_both > HOUSEHOLD_EXCESS * expected + HOUSEHOLD_SLACK


def _filled_columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """The blocking columns `table` has and fills in at least one row in twenty."""
    names = {c for rule in (*LAMBDA_RULES, *(r.columns for r in EM_RULES)) for c in rule}
    present = [r[0] for r in con.execute("select column_name from information_schema.columns where table_name = $t",
                                         {"t": table}).fetchall() if r[0] in names]
    if not present:
        return set()
    counts = con.execute(f"select count(*), {', '.join(f'count({c})' for c in present)} from {table}").fetchall()[0]
    return {c for c, n in zip(present, counts[1:], strict=True) if n >= 0.05 * counts[0]}


def _pairs(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]) -> int:
    """Candidate pairs of rows agreeing on every one of `columns` (none NULL)."""
    cols = ", ".join(columns)
    where = " and ".join(f"{c} is not null" for c in columns)
    return con.execute(f"select coalesce(sum(n * (n - 1) // 2), 0) from "
                       f"(select count(*) as n from {table} where {where} group by {cols})").fetchall()[0][0]
