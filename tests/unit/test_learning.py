"""The matcher learns its parameters from the list in front of it (transforms/learning.py)."""
from __future__ import annotations

import random

import duckdb
import pandas as pd
from faker import Faker

from transforms.match import learning, probabilistic, splink_model


def staged(people: int, seed: int = 3) -> pd.DataFrame:
    """stg_leads of `people` Italian people, most twice (a typo in one name, phone or e-mail missing)."""
    fake, rng = Faker("it_IT"), random.Random(seed)
    fake.seed_instance(seed)
    rows = []
    for person in range(people):
        first, last = fake.first_name(), fake.last_name()
        email = f"{first}.{last}{person}@example.it".lower().replace(" ", "")
        mobile = f"+3933{rng.randint(10_000_000, 99_999_999)}"
        city = fake.city()
        for copy in range(rng.choice((1, 2, 2))):
            typo = copy and rng.random() < 0.5
            f = first[:-1] + "x" if typo else first
            rows.append({"first_name": f, "last_name": last, "first_key": f.lower(),
                         "name_key": " ".join(sorted(f"{f} {last}".lower().split())),
                         "email": email if rng.random() < 0.8 else None,
                         "mobile_e164": mobile if rng.random() < 0.7 else None, "city": city})
    df = pd.DataFrame(rows)
    n = len(df)
    return df.assign(row_id=range(1, n + 1), source_file="list.csv", source_row=range(1, n + 1),
                     quarantine_reason=None, company=None, company_key=None, phone_e164=None, phone_valid=False,
                     phone_kind=None, phone_raw=None, mobile_raw=df.mobile_e164, mobile_valid=df.mobile_e164.notna(),
                     mobile_kind="mobile",
                     email_valid=df.email.notna(), email_role=False, email_placeholder=False, email_disposable=False,
                     email_domain="example.it", address=None, postcode=None, dob=None, country="IT")


def fitted(df: pd.DataFrame) -> tuple[dict, dict]:
    con = duckdb.connect()
    con.register("df", df)
    con.execute("create table stg_leads as select * exclude (quarantine_reason), "
                "quarantine_reason::varchar as quarantine_reason from df").fetchall()
    probabilistic.prepare_input(con, with_store=False)
    return learning.fit(con, probabilistic.INPUT_TABLE, splink_model.base_settings(), splink_model.load_model(),
                        lambda s: probabilistic._linker(con, s))


def level(settings: dict, comparison: str, label: str) -> dict:
    comp = next(c for c in settings["comparisons"] if c["output_column_name"] == comparison)
    return next(lv for lv in comp["comparison_levels"] if lv["label_for_charts"] == label)


def test_a_list_teaches_its_own_parameters():
    settings, report = fitted(staged(800))
    assert report["u"] == "random pairs of this list" and report["lambda"] == "deterministic rules on this list"
    rules = [s["blocking_rule"] for s in report["em_sessions"]]
    assert "l.email_block = r.email_block" in rules and all("p1" not in r for r in rules)  # never on a phone
    trained = {c for s in report["em_sessions"] for c in s["trained"]}
    assert {"first", "last", "email", "phone"} <= trained
    # one city per person, Faker's few hundred towns: agreeing on a city means more here than in the prior's lists
    prior = splink_model.load_model()
    assert level(settings, "first", "exact")["u_probability"] != level(prior, "first", "exact")["u_probability"]
    # the guards hold whatever EM learnt
    shared = level(settings, "phone", "shared")
    assert shared["m_probability"] <= learning.SHARED_PHONE_BF * shared["u_probability"] + 1e-12


def test_a_rule_with_too_many_pairs_trains_on_a_share_of_its_blocks(monkeypatch):
    df = staged(800)
    _, whole = fitted(df)
    monkeypatch.setattr(learning, "EM_SAMPLE_PAIRS", 100)
    settings, sampled = fitted(df)
    session = next(s for s in sampled["em_sessions"] if s["blocking_rule"] == "l.email_block = r.email_block")
    pairs = session["pairs"]
    assert pairs > 100 and session["blocks_sampled"] == f"1 in {-(-pairs // 100)}"
    unsampled = next(s for s in whole["em_sessions"] if s["blocking_rule"] == session["blocking_rule"])
    assert "blocks_sampled" not in unsampled
    # the share teaches what the whole rule does: one person's rows agree on the first name, strangers rarely
    exact = level(settings, "first", "exact")
    assert exact["m_probability"] > 0.5 and exact["m_probability"] > 100 * exact["u_probability"]


def test_a_small_list_keeps_the_prior_but_its_own_share_of_matches():
    settings, report = fitted(staged(60))
    assert report["u"] == "prior" and report["em_sessions"] == [] and report["m"] == "prior"
    prior = splink_model.load_model()
    assert level(settings, "last", "exact")["m_probability"] == level(prior, "last", "exact")["m_probability"]
    # about 60 people in 100 rows: one pair in a hundred or so is one person, not the prior's one in 100,000
    assert report["lambda"] == "deterministic rules on this list"
    assert 1e-3 < settings["probability_two_random_records_match"] < 0.1
    assert settings["probability_two_random_records_match"] > 100 * prior["probability_two_random_records_match"]


def test_u_from_random_pairs_leaves_out_the_lists_own_matches():
    # half the random pairs that agree on the birth date are one person: u is what is left
    settings = {"probability_two_random_records_match": 0.001, "comparisons": [{
        "output_column_name": "dob", "comparison_levels": [
            {"label_for_charts": "null", "is_null_level": True},
            {"label_for_charts": "exact", "m_probability": 0.9, "u_probability": 0.0018},
            {"label_for_charts": "diff", "m_probability": 0.1, "u_probability": 0.9982}]}]}
    levels = learning.without_matches(settings)["comparisons"][0]["comparison_levels"]
    assert abs(levels[1]["u_probability"] - (0.0018 - 0.0009) / 0.999) < 1e-12
    assert abs(levels[1]["u_probability"] + levels[2]["u_probability"] - 1) < 1e-12  # still a distribution
    # a level only matches reach is floored, never 0 or negative
    settings["comparisons"][0]["comparison_levels"][1]["u_probability"] = 0.0005
    assert learning.without_matches(settings)["comparisons"][0]["comparison_levels"][1]["u_probability"] == \
        learning.U_FLOOR
    # ... and a level every random pair reached stays a probability
    settings["comparisons"][0]["comparison_levels"][2].update(m_probability=0.1, u_probability=1.0)
    assert learning.without_matches(settings)["comparisons"][0]["comparison_levels"][2]["u_probability"] == 1.0


def test_no_disagreement_is_a_veto_whatever_em_learnt():
    # EM on a small block can drive a "diff" level's m to Splink's floor (-136 bits on FEBRL1's first names)
    prior = splink_model.load_model()
    settings = learning.with_parameters(splink_model.base_settings(), prior)
    for name in ("first", "last", "dob", "email", "company", "place"):
        level(settings, name, "diff").update(m_probability=1e-300, u_probability=0.99)
    guarded = learning.guarded(settings)
    for name, bound in learning.DIFF_MIN_BF.items():
        lv = level(guarded, name, "diff")
        assert lv["m_probability"] / lv["u_probability"] >= bound * (1 - 1e-9), name


def test_no_partial_agreement_weighs_less_than_disagreeing():
    # EM drove FEBRL4's nickname level to -50 bits: a nickname is some agreement, never worse than none
    settings = learning.with_parameters(splink_model.base_settings(), splink_model.load_model())
    level(settings, "first", "nickname").update(m_probability=1e-18, u_probability=0.001)
    guarded = learning.guarded(settings)
    nickname, diff = level(guarded, "first", "nickname"), level(guarded, "first", "diff")
    assert nickname["m_probability"] / nickname["u_probability"] >= diff["m_probability"] / diff["u_probability"]


def test_a_level_random_pairs_never_reached_is_at_most_once_in_the_sample():
    settings = learning.with_parameters(splink_model.base_settings(), splink_model.load_model())
    level(settings, "place", "street_shared").update(u_probability=0.01)  # the prior's
    learning.at_most_once_in(settings, {("place", "street_shared")}, 1e6)
    assert level(settings, "place", "street_shared")["u_probability"] == 1e-6


def test_households_show_as_first_name_and_birth_date_differing_together():
    # pairs of rows at one address with one surname: (both differ, first name only, birth only, neither)
    assert not learning.households_evident(5, 91, 36, 563)   # FEBRL4: duplicates only, mistyped independently
    assert learning.households_evident(918, 57, 72, 1168)    # generated US/UK people: families at one address
    assert learning.households_evident(0, 1, 1, 5)            # too few pairs to tell: households assumed


def test_swapped_names_weigh_no_more_than_the_names_written_alike():
    # FEBRL4: EM and a u at the floor made "nguyen lachlan" / "lachlan nguyen" weigh +23 bits, exact names +15
    settings = learning.with_parameters(splink_model.base_settings(), splink_model.load_model())
    level(settings, "first", "swapped").update(m_probability=0.07, u_probability=1e-7)
    level(settings, "first", "swapped~").update(m_probability=0.2, u_probability=1e-7)
    guarded = learning.guarded(settings)

    def bf(comparison, label):
        lv = level(guarded, comparison, label)
        return lv["m_probability"] / lv["u_probability"]

    assert bf("first", "swapped") * bf("last", "swapped") <= bf("first", "exact") * bf("last", "exact") * (1 + 1e-9)
    assert bf("first", "swapped~") * bf("last", "swapped~") <= bf("first", "fuzzy") * bf("last", "fuzzy") * (1 + 1e-9)
    # ... and the exact swap is frequency-adjusted like the exact names: a swap of two common names says little
    assert level(guarded, "first", "swapped")["tf_adjustment_column"] == "first_key"


def test_levels_only_reached_within_a_postcode_are_read_there():
    # 2,000 people (most twice) at 30 postcodes, each at a house of their own: strangers share a postcode one time
    # in 30 and a house never, which 2M random pairs cannot tell below one in 2M; the pairs within the postcodes can
    df = staged(2000, seed=5)
    rng = random.Random(5)
    people, homes = df.email.fillna("") + df.last_name, {}
    for i, person in enumerate(people):
        street = f"{rng.randint(1, 400)} via {rng.choice('ABCDEFGHIJ')}{i}"
        homes.setdefault(person, (street, f"{rng.randint(0, 29):05d}"))
    df["address"] = [homes[p][0] for p in people]
    df["postcode"] = [homes[p][1] for p in people]
    settings, report = fitted(df)
    assert "place" in report["u_from_other_names"]
    postcode, house = level(settings, "place", "postcode"), level(settings, "place", "street+postcode")
    assert 1 / 60 < postcode["u_probability"] < 1 / 15
    assert house["u_probability"] < 1 / (learning.STRANGER_ROWS * (learning.STRANGER_ROWS - 1) / 2)


def test_a_level_newer_than_the_prior_weighs_what_its_next_coarser_level_did():
    # the shipped prior has "street", "street~", "street_shared", "postcode", "exact" (town) and "diff" places
    prior = splink_model.load_model()
    settings = learning.with_parameters(splink_model.base_settings(), prior)
    for new, coarser in (("street+postcode", "street"), ("street_part", "postcode"), ("postcode~", "exact")):
        assert (level(settings, "place", new)["m_probability"], level(settings, "place", new)["u_probability"]) == \
            (level(prior, "place", coarser)["m_probability"], level(prior, "place", coarser)["u_probability"]), new
    assert level(settings, "first", "crossed")["m_probability"] == learning.NEUTRAL  # only "diff" below: neutral
