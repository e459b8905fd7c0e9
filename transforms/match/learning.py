"""Learn the matcher's parameters from the list in front of it (Fellegi-Sunter, Splink 5).

Each comparison level has two numbers: u, how often two different people agree on it by chance,
and m, how often two rows of one person do. Both depend on the list: a city says little in a list
of one city, a phone book's people have no e-mail, one vendor's typos are not another's. So, over
Splink's input table of this run (`probabilistic.prepare_input`):

- u comes from random pairs of this list's rows, once it has `MIN_U_ROWS` rows;
- the share of pairs that match (lambda) from pairs that deterministic rules call one person;
- m from expectation maximisation over the candidate pairs of this list's own blocking rules: each
  session trains the comparisons outside its rule, and a rule is used only when the list fills its
  columns enough to yield `MIN_EM_PAIRS` pairs (and not more than `MAX_EM_PAIRS`). No session blocks
  on a phone: pairs sharing a switchboard or home line are mostly colleagues or family, and EM would
  learn them as matches.

What the list cannot teach (a small list, an empty column) keeps the prior: the shipped parameters
(`data/splink_model.json`) or those given with --matcher-model. `fit` says which was used.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

log = logging.getLogger(__name__)

MIN_U_ROWS = 300          # 45k random pairs: enough to see how often strangers agree
MIN_EM_PAIRS = 100        # a blocking rule with fewer candidate pairs teaches EM nothing
MAX_EM_PAIRS = 5_000_000  # ... and one with more costs minutes for what a subset shows as well
U_MAX_PAIRS = 1e6
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
    if rows < MIN_U_ROWS:
        return guarded(settings), report
    con.execute(f"select setseed({SEED / 100})").fetchall()
    linker = linker_for(settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=min(U_MAX_PAIRS, rows * (rows - 1) / 2), seed=SEED)
    report["u"] = "random pairs of this list"
    columns = _filled_columns(con, table)
    rules = [rule_sql(rule) for rule in LAMBDA_RULES if set(rule) <= columns and _pairs(con, table, rule) > 0]
    if rules:
        try:
            linker.training.estimate_probability_two_random_records_match(rules, recall=LAMBDA_RECALL)
            report["lambda"] = "deterministic rules on this list"
        except Exception as exc:  # Splink refuses when the rules find no pair; the prior stands
            log.info("lambda kept from the prior: %s", exc)
    _em_without_underflow()
    trained: set[str] = set()
    comparisons = {c["output_column_name"] for c in base["comparisons"]}
    for rule in EM_RULES:
        teaches = comparisons - rule.skips - trained
        if not set(rule.columns) <= columns or not teaches:
            continue
        pairs = _pairs(con, table, rule.columns)
        if not MIN_EM_PAIRS <= pairs <= MAX_EM_PAIRS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule.sql, fix_probability_two_random_records_match=True)
        except Exception as exc:  # EM that cannot converge on this list teaches nothing; the prior stands
            log.info("EM on %s skipped: %s", rule.sql, exc)
            continue
        trained |= teaches
        report["em_sessions"].append({"blocking_rule": rule.sql, "pairs": pairs, "trained": sorted(teaches)})
    if trained:
        report["m"] = "EM on this list" if trained == comparisons else "EM on this list, prior for " + ", ".join(
            sorted(comparisons - trained))
    learnt = without_matches(with_parameters(linker.misc.save_model_to_json(), prior))
    return guarded(learnt), report


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
    level (same comparison and label)."""
    known = {(c["output_column_name"], lv["label_for_charts"]): lv
             for c in prior["comparisons"] for lv in c["comparison_levels"]}
    settings = {**settings, "comparisons": [
        {**comp, "comparison_levels": [_filled(lv, known.get((comp["output_column_name"], lv["label_for_charts"]), {}))
                                       for lv in comp["comparison_levels"]]}
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
    return settings


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
