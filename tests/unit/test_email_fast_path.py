"""The everyday-address fast path never disagrees with email-validator: where it answers, it gives
email-validator's answer; everything else is left to email-validator."""
import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.stage.normalise import plain_address, validated_address

CASES = [
    "mario.rossi@gmail.com", "m.rossi@rossisrl.it", "ivan.petrov@abv.bg", "budi_santoso@yahoo.co.id",
    "o'neil@btinternet.com", "a+tag@x.it", "info@acme.co.uk", "a@b.c", "a@b.co", "a@b.1a", "a@1.2.3.4",
    "a@b-.it", "a@-b.it", "a@b..it", "a.@b.it", ".a@b.it", "a..b@c.it", "a@b.com.", "a@xn--80a.bg",
    "a@ab--cd.it", "a@b_c.it", "a@b.invalid", "a@b.local", "a@b.test", "a@test", "a@x.localhost",
    "a@b.onion", "a@b.arpa", "a@b.123", "a" * 64 + "@x.it", "a" * 65 + "@x.it", "x@" + "a" * 63 + ".it",
    "x@" + "a" * 64 + ".it", "x@" + ".".join(["abcdefghij"] * 25) + ".it", "test@test.com",
    "asdf@mailinator.com", "иван@abv.bg", "ivan@абв.бг", "mario rossi@gmail.com", "a@b@c.it", "@x.it", "a@",
]


def agrees(text: str) -> bool:
    fast = plain_address(text)
    return fast is None or fast == validated_address(text)


@pytest.mark.parametrize("text", CASES)
def test_hand_picked_addresses(text):
    assert agrees(text)


def test_the_fast_path_takes_the_everyday_addresses():
    assert plain_address("mario.rossi@gmail.com") == ("mario.rossi", "gmail.com")
    assert plain_address("a@xn--80a.bg") is None and plain_address("a@b.test") is None


def test_every_address_of_the_sample_lists_agrees():
    from pathlib import Path
    sample = Path(__file__).parents[2] / "data" / "sample" / "_meta" / "customers.csv"
    emails = [r[0].lower()
              for r in duckdb.sql(f"select email from read_csv('{sample}') where email is not null").fetchall()]
    assert emails and all(agrees(e) for e in emails)


LOCAL = st.text(alphabet="abz09._-+'%", min_size=1, max_size=12)
LABEL = st.text(alphabet="abz09-", min_size=1, max_size=8)


@settings(max_examples=600, deadline=None)
@given(LOCAL, st.lists(LABEL, min_size=1, max_size=4),
       st.sampled_from(["it", "bg", "co", "test", "x", "1a", "xn--p1ai"]))
def test_generated_addresses_agree(local, labels, tld):
    assert agrees(f"{local}@{'.'.join(labels)}.{tld}")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1.-_@+'", max_size=20))
def test_soup_agrees(text):
    assert agrees(text)
