"""The matcher's Fellegi-Sunter model for Splink 5: what is compared (`comparisons`), which pairs are
candidates (`BLOCKING_RULES`), the settings, the shipped prior (`data/splink_model.json`), the SQL that
reads a scored pair's comparison levels (its evidence, a shared contact, a conflict), and the files of
`sql/splink/` with their placeholders filled (`splink_sql`).

Every run learns the parameters from its own list (`learning.py`); this module only says what they are of.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from transforms.core.store import DATA_DIR
from transforms.stage.normalise import GENERATIONS

MODEL_PATH = DATA_DIR / "splink_model.json"  # the prior; `leadsweep train-matcher` writes another
SPLINK_SQL = Path(__file__).parent / "sql" / "splink"  # the SQL around Splink: features, blocks, pairs
PLACEHOLDER_NAMES = DATA_DIR / "placeholder_names.csv"
NICKNAMES = Path(str(resources.files("nicknames") / "names.csv"))  # name1, relationship, name2
STREET_WORDS = DATA_DIR / "street_words.csv"  # abbreviation, word (St -> street)
# what the files of sql/splink/ name in braces: the seed tables they read and the generation suffixes
SQL_PLACEHOLDERS = {"placeholder_names": str(PLACEHOLDER_NAMES), "nicknames": str(NICKNAMES),
                    "street_words": str(STREET_WORDS),
                    "generations": "[" + ", ".join(f"'{g}'" for g in GENERATIONS) + "]",
                    # the surname as a key: the name key less the first name's words
                    "surname_key": "nullif(array_to_string(list_filter(string_split(name_key, ' '), lambda x: "
                                   "not list_contains(string_split(coalesce(first_key, ''), ' '), x)), ' '), '')"}


def _lvl(sql: str, label: str, **kw) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, **kw}


def _null(*cols: str) -> dict:
    cond = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in cols)
    return _lvl(cond, "null", is_null_level=True)


ELSE = _lvl("ELSE", "diff")
SWAP = '("first_key_l" = "last_key_r" AND "last_key_l" = "first_key_r")'
# both parts in the other's columns, each up to a typo ("rees maribanne" / "marianne rees")
SWAP_FUZZY = ('(jaro_winkler_similarity("first_key_l", "last_key_r") >= 0.88 AND '
              'jaro_winkler_similarity("last_key_l", "first_key_r") >= 0.88)')
# one part in the other's other column ("jordan lavis" / "lavis henry": a surname typed as the first name)
CROSSED = '("first_key_l" = "last_key_r" OR "last_key_l" = "first_key_r")'

# a street's words without its numbers (`street_key` holds the words sorted, so the numbers come first; no trim(),
# which the Spark translation does not know)
UNNUMBERED = 'regexp_replace("street_key_{side}", \'[0-9]+ ?\', \'\', \'g\')'

# a first name and a nickname of it, or two nicknames of one name (Bob / Robert, Tony / Anthony)
NICKNAME = 'len(list_intersect("first_forms_l", "first_forms_r")) > 0'


def _name_comparison(name: str, column: str, description: str, nicknames: bool = False) -> dict:
    """Exact (term-frequency adjusted), swapped with the other name part (exactly, then up to typos),
    fuzzy (a typo), a nickname (first names), weak, one part crossed, else."""
    return {"output_column_name": name, "comparison_description": description,
            "comparison_levels": [
                _null(column),
                _lvl(f'"{column}_l" = "{column}_r"', "exact", tf_adjustment_column=column, tf_adjustment_weight=1.0),
                # frequency-adjusted like "exact": the swapped "nguyen lachlan" is as common as the names it swaps
                # (`learning.guarded` keeps the swap from weighing more than the two names written alike). A file
                # written surname first (a phone book) was turned round before (`members.surname_first_files`):
                # its rows are no swaps
                _lvl(SWAP, "swapped", tf_adjustment_column=column, tf_adjustment_weight=1.0),
                _lvl(SWAP_FUZZY, "swapped~"),
                # a typo: close by Jaro-Winkler, or one keystroke off wherever it falls ("sehnna" / "seanna")
                _lvl(f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.92 OR '
                     f'damerau_levenshtein("{column}_l", "{column}_r") <= 1', "fuzzy"),
                *([_lvl(NICKNAME, "nickname")] if nicknames else []),
                _lvl(f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.8', "weak"),
                _lvl(CROSSED, "crossed"),
                ELSE]}


def comparisons() -> list[dict]:
    """Comparisons for lead data; labels (exact/fuzzy/diff ...) are what `evidence` shows."""
    return [
        _name_comparison("first", "first_key", "first name (first_key)", nicknames=True),
        _name_comparison("last", "last_key", "surname (name_key minus first_key)"),
        {"output_column_name": "email", "comparison_description": "e-mail (no role/placeholder)",
         "comparison_levels": [
             _null("email"),
             _lvl('"email_l" = "email_r"', "exact"),
             # a typo in the address: same domain, local part one edit apart (same local part at
             # another domain is just the same name, which the name comparisons already count)
             # (mario.rossi vs mario.rossi2 or mario_rossi is a second Mario Rossi, not a typo)
             _lvl('split_part("email_l", \'@\', 2) = split_part("email_r", \'@\', 2) AND '
                  'damerau_levenshtein("email_local_l", "email_local_r") <= 1 AND '
                  'regexp_replace("email_local_l", \'[^a-z]\', \'\', \'g\') <> '
                  'regexp_replace("email_local_r", \'[^a-z]\', \'\', \'g\')', "typo"),
             ELSE]},
        {"output_column_name": "phone", "comparison_description": "any valid phone in common",
         "comparison_levels": [
             _lvl('"phones_l" IS NULL OR "phones_r" IS NULL', "null", is_null_level=True),
             _lvl('len(list_intersect("phones_solo_l", "phones_solo_r")) > 0', "exact"),
             _lvl('len(list_intersect("phones_l", "phones_r")) > 0', "shared"),
             ELSE]},
        # company and e-mail domain are one fact (the firm): one comparison, so colleagues do not
        # collect the firm's evidence twice
        {"output_column_name": "company", "comparison_description": "company_key, else e-mail domain",
         "comparison_levels": [
             _lvl('("company_key_l" IS NULL OR "company_key_r" IS NULL) AND '
                  '("email_domain_l" IS NULL OR "email_domain_r" IS NULL)', "null", is_null_level=True),
             # frequency-adjusted: a chain's name, on every branch, says less than a rare firm's
             _lvl('"company_key_l" = "company_key_r"', "exact", tf_adjustment_column="company_key",
                  tf_adjustment_weight=1.0),
             _lvl('"email_domain_l" = "email_domain_r"', "domain"),
             _lvl('jaro_winkler_similarity("company_key_l", "company_key_r") >= 0.9', "fuzzy"),
             ELSE]},
        {"output_column_name": "dob", "comparison_description": "date of birth",
         "comparison_levels": [
             _null("dob"),
             _lvl('"dob_l" = "dob_r"', "exact"),
             # a typo: one digit off, or day and month swapped
             _lvl('damerau_levenshtein("dob_text_l", "dob_text_r") <= 1 OR "dob_text_l" = "dob_swap_r"', "typo"),
             _lvl('"dob_days_l" - "dob_days_r" BETWEEN -366 AND 366', "year"),
             # a generation apart: a father and his son, whatever else they share
             _lvl('NOT ("dob_days_l" - "dob_days_r" BETWEEN -5478 AND 5478)', "generation"),
             ELSE]},
        # street, postcode and city are one fact (where the row is): one comparison, its best agreement
        {"output_column_name": "place", "comparison_description": "street, else postcode, else city",
         "comparison_levels": [
             _lvl('("address_key_l" IS NULL OR "address_key_r" IS NULL) AND '
                  '("postcode_l" IS NULL OR "postcode_r" IS NULL) AND ("city_l" IS NULL OR "city_r" IS NULL)',
                  "null", is_null_level=True),
             # one person's (or firm's) own address; one several people give (an office, a family home)
             # is capped like a shared phone (`learning.SHARED_STREET_BF`)
             # the street and its postcode: in a list whose fields are typed apart they say more together than
             # the street alone; where the street fixes the postcode, random pairs show it as often (learnt)
             # (the same house: the same words, or a typo in them with the same numbers)
             # (the postcode's agreement first: `learning.u_within_postcodes` reads levels so written within postcodes)
             _lvl('"postcode_l" = "postcode_r" AND "address_solo_l" AND "address_solo_r" AND '
                  '("street_key_l" = "street_key_r" OR (jaro_winkler_similarity("address_key_l", "address_key_r") '
                  '>= 0.9 AND regexp_replace("address_key_l", \'[^0-9]\', \'\', \'g\') = '
                  'regexp_replace("address_key_r", \'[^0-9]\', \'\', \'g\')))', "street+postcode"),
             # ... a street up to typos at the postcode, its numbers apart ("97 witt place villa 74" / "97 witt
             # place"): neighbours in one building where a list holds them, which the postcodes' pairs show (learnt)
             _lvl('"postcode_l" = "postcode_r" AND "address_solo_l" AND "address_solo_r" AND '
                  '(jaro_winkler_similarity("address_key_l", "address_key_r") >= 0.9 '
                  'OR "street_key_l" = "street_key_r")',
                  "street~+postcode"),
             _lvl('"address_key_l" = "address_key_r" AND "address_solo_l"', "street"),
             _lvl('(jaro_winkler_similarity("address_key_l", "address_key_r") >= 0.9 '
                  'OR "street_key_l" = "street_key_r") AND "address_solo_l" AND "address_solo_r"', "street~"),
             # the same street words, the house number written on one side only ("eddy crescent" / "8 eddy
             # crescent"): a list that leaves the number out, not another house
             _lvl(f'{UNNUMBERED.format(side="l")} = {UNNUMBERED.format(side="r")} AND '
                  '(regexp_extract("street_key_l", \'[0-9]+\') = \'\' OR '
                  'regexp_extract("street_key_r", \'[0-9]+\') = \'\') AND '
                  '"address_solo_l" AND "address_solo_r"', "street_unnumbered"),
             _lvl('"address_key_l" = "address_key_r"', "street_shared"),
             # part of the street at one postcode: the house number and another word ("5 beaurepaire crescent
             # pine hill" / "5 pine hill"), each row's own address
             _lvl('"postcode_l" = "postcode_r" AND "address_solo_l" AND "address_solo_r" AND '
                  'regexp_extract("address_key_l", \'[0-9]+\') = regexp_extract("address_key_r", \'[0-9]+\') AND '
                  'regexp_extract("address_key_l", \'[0-9]+\') <> \'\' AND '
                  'len(list_intersect(string_split("address_key_l", \' \'), '
                  'string_split("address_key_r", \' \'))) >= 2',
                  "street_part"),
             # the postcode and the town: where the postcode fixes the town, strangers at one postcode share it as
             # often and this weighs what the postcode does; where the two are typed apart it says more (learnt
             # within the postcodes, `learning.u_within_postcodes`)
             _lvl('"postcode_l" = "postcode_r" AND "city_l" = "city_r"', "postcode+town"),
             _lvl('"postcode_l" = "postcode_r"', "postcode"),
             # ... and at a postcode one keystroke off ("41 haystack crescent" at 3690 / "41 haystack crescent st
             # vincents hospital" at 3680): a typo in the postcode of one person's own house
             _lvl('damerau_levenshtein("postcode_l", "postcode_r") <= 1 AND "address_solo_l" AND "address_solo_r" AND '
                  'regexp_extract("address_key_l", \'[0-9]+\') = regexp_extract("address_key_r", \'[0-9]+\') AND '
                  'regexp_extract("address_key_l", \'[0-9]+\') <> \'\' AND '
                  'len(list_intersect(string_split("address_key_l", \' \'), '
                  'string_split("address_key_r", \' \'))) >= 2',
                  "street_part~"),
             # a postcode one keystroke off (6285 / 6258) in the same town
             _lvl('damerau_levenshtein("postcode_l", "postcode_r") <= 1 AND "city_l" = "city_r"', "postcode~"),
             # frequency-adjusted: Jakarta says little
             _lvl('"city_l" = "city_r"', "exact", tf_adjustment_column="city", tf_adjustment_weight=1.0),
             ELSE]},
    ]


BLOCKING_RULES = [
    'l.p1 = r.p1', 'l.p1 = r.p2', 'l.p2 = r.p1', 'l.p2 = r.p2',
    'l.email_block = r.email_block',
    'l.email_local_block = r.email_local_block',
    'l.name_key_block = r.name_key_block',
    'l.first_company_block = r.first_company_block',
    'l.last_key = r.first_key AND l.first_key = r.last_key',
    'l.name_prefix_block = r.name_prefix_block',
    # the firm and the street find rows without a contact name (named colleagues meet by first name + firm)
    'l.company_block = r.company_block AND (l.name_key IS NULL OR r.name_key IS NULL)',
    'l.address_block = r.address_block',
    'l.dob_block = r.dob_block',
    # a postcode small enough to block on (a big one is split by city, else left out: `name_blocks.sql`)
    'l.postcode_block = r.postcode_block',
    # the same surname: in the whole list where it is rare, else in one town (`name_blocks.sql`)
    'l.surname_block = r.surname_block',
]


def blocking_rules(new_rows_only: bool = False) -> list[dict]:
    """`BLOCKING_RULES` for Splink; `new_rows_only` keeps only pairs with a row of this run, so the
    stored rows sent along never meet each other (their pairs were settled when they came in)."""
    also = " AND (l.stored_lead_id IS NULL OR r.stored_lead_id IS NULL)" if new_rows_only else ""
    return [{"blocking_rule": rule + also, "sql_dialect": "duckdb"} for rule in BLOCKING_RULES]


def base_settings() -> dict:
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-5,
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": blocking_rules(),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
        "max_iterations": 25,
        "em_convergence": 0.0001,
    }


def load_model(path: Path | None = None) -> dict:
    return json.loads((path or MODEL_PATH).read_text(encoding="utf-8"))


def save_model(settings_dict: dict, path: Path | None = None) -> None:
    path = path or MODEL_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    settings_dict = {k: v for k, v in settings_dict.items() if k != "linker_uid"}  # stable file
    path.write_text(json.dumps(settings_dict, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def evidence_sql(settings: dict) -> str:
    """SQL expression building `first:exact(+6.1);...` from the gamma_/bf_ columns of the prediction."""
    parts = []
    for comp in settings["comparisons"]:
        name = comp["output_column_name"]
        n = len([lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")])
        case = " ".join(f"when gamma_{name} = {n - 1 - i} then '{lab}'"
                        for i, lab in enumerate(lv["label_for_charts"] for lv in comp["comparison_levels"]
                                                if not lv.get("is_null_level")))
        w = f"(mw_{name}" + (f" + coalesce(mw_tf_adj_{name}, 0)" if _has_tf(comp) else "") + ")"
        parts.append(f"""case when gamma_{name} >= 0 then '{name}:' || (case {case} end) || '(' ||
                         (case when {w} >= 0 then '+' else '' end) || printf('%.1f', {w}) || ')' end""")
    return "concat_ws(';', " + ", ".join(parts) + ")"


def _has_tf(comp: dict) -> bool:
    return any(lv.get("tf_adjustment_column") for lv in comp["comparison_levels"])


def gamma(comparison: str, label: str) -> int:
    """Splink's gamma value of the level `label` of `comparison` (levels count up from diff = 0; null is -1)."""
    for comp in comparisons():
        if comp["output_column_name"] == comparison:
            labels = [lv["label_for_charts"] for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
            return len(labels) - 1 - labels.index(label)
    raise KeyError(comparison)


def _at_least(comparison: str, label: str) -> str:
    return f"gamma_{comparison} >= {gamma(comparison, label)}"


def _is(comparison: str, label: str) -> str:
    return f"gamma_{comparison} = {gamma(comparison, label)}"


# Over the gamma levels of `comparisons()` (-1 null, then from the last level up: diff = 0):
# a way to reach the person agrees: the same e-mail, a phone, or the firm with no other e-mail and
# the surname at least fuzzy (an e-mail typo between namesakes at gmail is two people as often as one);
# for rows without a name (a firm), the firm's name at least fuzzy at the firm's own street ...
NAMELESS_SQL = "gamma_first = -1 and gamma_last = -1"
# a date of birth (exact or one typo off) or the person's own street (up to typos, or its house number left
# out on one side) is as good as a contact: namesakes do not share them
CONTACT_SQL = f"""coalesce({_is("email", "exact")} or {_at_least("phone", "shared")}
                          or ({_at_least("company", "domain")} and not {_is("email", "diff")}
                              and {_at_least("last", "fuzzy")})
                          or ({NAMELESS_SQL} and {_at_least("company", "fuzzy")} and {_at_least("place", "street~")})
                          or {_at_least("dob", "typo")} or {_at_least("place", "street_unnumbered")}, false)"""
# ... or something says they differ: another firm (or, between people, a near-miss of the firm's
# name; for a firm a near-miss of its name is a typo), another e-mail. Another date of birth is
# only evidence (its weight, learnt from the list): lists mistype dates as often as they hold a
# father and his son
CONFLICT_SQL = f"""coalesce({_is("company", "diff")} or ({_is("company", "fuzzy")} and not ({NAMELESS_SQL}))
                           or {_is("email", "diff")}, false)"""
# the same date of birth (or one typo off): two rows of one family or team differ there, whatever
# their first names say (a name replaced or a nickname in one list)
SAME_BIRTH_SQL = f"coalesce({_at_least('dob', 'typo')}, false)"
# first names that are a name and its nickname agree as well as the same name does
NICKNAME_SQL = f"coalesce({_is('first', 'nickname')}, false)"
# the first name is the other's surname and the other way round (exactly or up to typos): "Hartaai Kartika" is
# Kartika Hartati with her names in the other columns, not a relative of hers
SWAPPED_SQL = f"coalesce({_is('first', 'swapped')} or {_is('first', 'swapped~')}, false)"


def splink_sql(name: str, **fills: str) -> str:
    """`sql/splink/<name>.sql` with its {placeholders} filled: the seed tables and generations it reads, and
    `fills` (the parts that change with the model's settings)."""
    text = (SPLINK_SQL / f"{name}.sql").read_text(encoding="utf-8")
    for placeholder, value in {**SQL_PLACEHOLDERS, **fills}.items():
        text = text.replace("{" + placeholder + "}", value)
    return text
