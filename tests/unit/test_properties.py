"""Property-based tests: the normalisers and readers hold their promises on arbitrary input.

Example counts stay modest so the unit suite stays fast; the database is off so no `.hypothesis`
folder is written into the repository.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from transforms.ingest.readers import Table, UnreadableFile, decode_text, read_table
from transforms.stage.normalise import (
    is_placeholder_digits,
    name_key,
    normalise_company,
    normalise_email,
    normalise_name,
    normalise_phone,
)

FAST = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
VALID_KINDS = {"mobile", "fixed_line", "premium_rate", "toll_free", "voip", "other"}
REGIONS = st.sampled_from([None, "IT", "BG", "ID", "GB", "it", "bg", "", "XX", "UK"])

# Real numbers from the four countries, as E.164 (none of them looks like a placeholder).
KNOWN_NUMBERS = ["+390248715093", "+393475820193", "+39899123456", "+359888723451", "+35929814372",
                 "+6281247193820", "+62215551234", "+442079460018", "+447481730592"]
SEPARATORS = st.sampled_from([" ", "-", ".", "/", "  ", ""])

# Latin letters with the accents Italian (and neighbours) use, mapped to the plain letter they fold to.
ACCENTED = {"a": "àáâäã", "e": "èéêë", "i": "ìíîï", "o": "òóôöõ", "u": "ùúûü", "c": "çč", "n": "ñ", "s": "šş",
            "z": "ž"}
LATIN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
CYRILLIC_WORD = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъьюя", min_size=1, max_size=10)
NAME_WORD = st.one_of(LATIN_WORD, CYRILLIC_WORD)

# Company names built the way lists write them: [prefix form] name words [suffix forms].
COMPANY_WORDS = ["Rossi", "Bianchi", "Maju", "Jaya", "Sinar", "Abadi", "Алфа", "Бета", "Acme", "Figli", "e", "di",
                 "&", "C.", "Telkom", "Caffè", "Società", "ROSSI", "maju", "Astra", "Ad", "Sa", "Spa"]
PREFIX_FORMS = ["", "PT", "PT.", "Pt", "CV", "CV.", "UD"]  # ЕТ left out: see the ЕТ case in test_normalise
SUFFIX_FORMS = ["S.r.l.", "SRL", "srl", "S.r.l.s.", "S.p.A.", "SpA", "S.a.s.", "S.n.c.", "Soc. Coop.", "ЕООД", "EOOD",
                "ООД", "OOD", "АД", "AD", "ЕАД", "Tbk", "(Persero)", "Ltd", "Limited", "Ltd.", "PLC", "Inc.",
                "GmbH", "B.V.", "S.A.", ", Srl", ", Ltd"]
COMPANY = st.builds(
    lambda prefix, words, suffixes: " ".join(p for p in [prefix, " ".join(words), " ".join(suffixes)] if p),
    st.sampled_from(PREFIX_FORMS),
    st.lists(st.sampled_from(COMPANY_WORDS), min_size=1, max_size=3).filter(lambda w: w[0] not in ("&", "C.")),
    st.lists(st.sampled_from(SUFFIX_FORMS), max_size=2),
).map(lambda s: s.replace(" ,", ","))

# Bytes a text file can hold without tripping the binary check: printable ASCII, tab/CR/LF, high bytes.
TEXT_BYTES = st.binary(max_size=400).map(
    lambda b: bytes(x if x >= 32 or x in (9, 10, 13) else 32 + x for x in b if x != 127))
CSV_PIECES = st.lists(st.sampled_from([
    b",", b";", b"\t", b"|", b'"', b"\n", b"\r\n", b"\r", b"Nome", b"Cognome", b"Mario", b"\xe0", b"\xc3\xa0",
    b"\xd0\x98\xd0\xb2", b"\xc8", b"\x00", b" ", b"0812-4719-3820", b"\xef\xbb\xbf", b"\xff\xfe", b"{", b"}",
    b"[", b"]", b":",
]), max_size=60).map(b"".join)


@st.composite
def accented(draw, word_strategy=LATIN_WORD):
    """A plain word and the same word with some letters accented."""
    word = draw(word_strategy)
    rng = random.Random(draw(st.integers(0, 2**32)))
    return word, "".join(rng.choice(ACCENTED[ch]) if ch in ACCENTED and rng.random() < 0.5 else ch for ch in word)


@st.composite
def written_phone(draw):
    """A known number as people write it: +CC or 00CC, digits broken up by separators."""
    e164 = draw(st.sampled_from(KNOWN_NUMBERS))
    digits = e164[1:]
    out = draw(st.sampled_from(["+", "00", "+ ", " +"]))
    for i, digit in enumerate(digits):
        out += digit
        if i < len(digits) - 1 and draw(st.booleans()):
            out += draw(SEPARATORS)
    return e164, out


# ================================================================ phones
@FAST
@given(st.text(max_size=40), REGIONS)
@example("3.93E+11", "GB")
@example("393475820193.0", "GB")
@example("\u0663\u0664\u0667\u0665\u0668\u0662\u0660\u0661\u0669\u0663", "IT")  # Arabic-Indic digits
def test_normalise_phone_never_raises_and_valid_means_e164(raw, region):
    phone = normalise_phone(raw, region)
    if phone.is_valid:
        assert E164.fullmatch(phone.e164), phone
        assert phone.kind in VALID_KINDS and phone.region
    else:
        assert phone.e164 is None and phone.kind in {"invalid", "placeholder"}


@FAST
@given(st.text(alphabet="0123456789 -./()+", max_size=25), REGIONS)
def test_normalise_phone_on_digit_soup(raw, region):
    phone = normalise_phone(raw, region)
    assert phone.e164 is None or E164.fullmatch(phone.e164)


@FAST
@given(written_phone(), REGIONS)
def test_international_number_is_found_however_it_is_spaced(case, region):
    e164, written = case
    assert normalise_phone(written, region).e164 == e164


@FAST
@given(st.sampled_from(KNOWN_NUMBERS), st.sampled_from(["", ".0", ".00"]))
def test_number_that_lost_its_plus_in_excel_is_restored(e164, decimals):
    assert normalise_phone(e164[1:] + decimals, None).e164 == e164


@FAST
@given(st.sampled_from("0123456789"), st.integers(5, 15), REGIONS)
def test_one_repeated_digit_is_a_placeholder(digit, length, region):
    phone = normalise_phone(digit * length, region)
    assert (phone.is_valid, phone.kind) == (False, "placeholder")
    assert is_placeholder_digits(digit * length)


# ================================================================ emails
LOCAL = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=8),
                 min_size=1, max_size=3).map(".".join)
DOMAIN = st.builds(lambda label, tld: f"{label}.{tld}",
                   st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=12),
                   st.sampled_from(["it", "bg", "co.id", "co.uk", "com", "eu"]))


@FAST
@given(st.one_of(st.text(max_size=60), st.emails()))
@example("Mario.Rossi@RossiSRL.it")
@example("ИВАН@АБВ.БГ")
def test_normalise_email_never_raises_and_is_idempotent(raw):
    result = normalise_email(raw)
    if result.is_valid:
        assert result.email == result.email.lower()
        assert result.email.endswith("@" + result.domain)
        assert normalise_email(result.email) == result
    else:
        assert result.email is None and result.domain is None


@FAST
@given(LOCAL, DOMAIN, st.sampled_from(["", " ", "  ", "\t"]), st.sampled_from(["", " ", "\n"]),
       st.sampled_from(["", "mailto:", "MAILTO:"]), st.booleans())
def test_email_is_valid_however_it_is_padded_or_cased(local, domain, before, after, mailto, upper):
    address = f"{local}@{domain}"
    written = before + mailto + (address.upper() if upper else address) + after
    assert normalise_email(written).email == address


# ================================================================ names
@FAST
@given(st.lists(NAME_WORD, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_name_key_ignores_token_order(words, rng):
    shuffled = words[:]
    rng.shuffle(shuffled)
    split = rng.randrange(len(words) + 1)
    assert name_key(" ".join(words), None) == name_key(" ".join(shuffled[:split]), " ".join(shuffled[split:]))


@FAST
@given(NAME_WORD, NAME_WORD)
def test_name_key_ignores_case(first, last):
    assert name_key(first, last) == name_key(first.upper(), last.upper()) == name_key(first.title(), last.lower())


@FAST
@given(accented(), accented())
def test_name_key_ignores_latin_accents(first, last):
    (plain_first, fancy_first), (plain_last, fancy_last) = first, last
    assert name_key(fancy_first, fancy_last) == name_key(plain_first, plain_last)


@FAST
@given(st.text(max_size=40), st.text(max_size=20), st.text(max_size=20))
def test_normalise_name_never_raises(full, first, last):
    for args in [(None, None, full, None), (first, last, None, None), (first, last, full, full[:5])]:
        name = normalise_name(*args)
        assert all(part is None or (part and part == part.strip()) for part in name)


# ================================================================ companies
@FAST
@given(COMPANY)
@example("Rossi S.r.l.")
@example("PT Maju Jaya Tbk")
@example("Алфа ЕООД")
@example("Rossi e e S.r.l.")  # found by Hypothesis: the "e" before a legal form belongs to the name
def test_company_display_form_has_the_same_key(raw):
    company = normalise_company(raw)
    assume(company.company)
    assert normalise_company(company.company).company_key == company.company_key


@FAST
@given(st.text(max_size=40))
def test_normalise_company_never_raises(raw):
    company = normalise_company(raw)
    assert isinstance(company.company_key, str)
    assert company.company_key == company.company_key.strip()


# ================================================================ decoding and reading
@FAST
@given(TEXT_BYTES)
def test_decode_text_never_raises_on_text_like_bytes(raw):
    text, encoding = decode_text(raw)
    assert isinstance(text, str) and encoding
    assert "\x00" not in text


UNICODE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=200).filter(
    lambda t: not t.startswith("\ufeff"))


@FAST
@given(UNICODE_TEXT)
def test_utf8_text_decodes_to_itself(text):
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")


@FAST
@given(UNICODE_TEXT)
def test_utf16_text_with_bom_decodes_to_itself(text):
    assert decode_text(text.encode("utf-16")) == (text, "utf-16")


@FAST
@given(st.one_of(st.binary(max_size=400), TEXT_BYTES, CSV_PIECES))
def test_decode_text_raises_nothing_but_unreadable_file(raw):
    try:
        text, _ = decode_text(raw)
    except UnreadableFile:
        return
    assert isinstance(text, str)


@FAST
@given(st.one_of(st.binary(max_size=400), TEXT_BYTES, CSV_PIECES))
def test_read_table_on_any_csv_bytes_returns_a_table_or_says_why_not(tmp_path, raw):
    _table_or_unreadable(tmp_path / "list.csv", raw)


@FAST
@given(st.one_of(st.binary(max_size=300), CSV_PIECES), st.sampled_from([".tsv", ".txt", ".json", ".jsonl"]))
def test_read_table_on_any_text_suffix_returns_a_table_or_says_why_not(tmp_path, raw, suffix):
    _table_or_unreadable(tmp_path / f"list{suffix}", raw)


def _table_or_unreadable(path: Path, raw: bytes) -> None:
    try:
        table = read_table(path, raw)
    except UnreadableFile as exc:
        assert str(exc)
        return
    assert isinstance(table, Table)
    assert all(isinstance(cell, str) for record in table.records for cell in record)
    assert set(table.problems) <= set(range(len(table.records)))


@given(st.text(alphabet=st.sampled_from(list("ab \r\n\u2028\x85é\"")), max_size=60))
def test_lines_of_splits_text_as_stringio_does(text):
    import io

    from transforms.ingest.readers import lines_of

    assert list(lines_of(text)) == list(io.StringIO(text, newline=""))
