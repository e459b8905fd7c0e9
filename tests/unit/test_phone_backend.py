"""rphonenumbers (Rust libphonenumber behind phonenumbers' API) must read numbers exactly as the
reference Python phonenumbers does: same parse errors, validity, E.164, type and region.

The corpus is every phone style the benchmark generator writes for IT, BG, ID and GB (national,
E.164, grouped, 0039/+44 (0) quirks, dashed, Excel-stripped), plus hostile strings and, through
hypothesis, digit soup in any region.
"""
import random

import phonenumbers as reference
import pytest
import rphonenumbers as backend
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import CC, CITIES, LAND_DIGITS, MOBILE, fmt_phone

REGIONS = ["IT", "BG", "ID", "GB", "DE", "FR", "US", None]
HOSTILE = ["", "+", "00", "0000000", "1234567", "899 123456", "06 00000000", "+39", "+390", "3.93E+11",
           "393475820193.0", "+1 (800) FLOWERS", "tel:+39-02-1234567", "+4930000000000001", "++39 02 123",
           "٠٣٤٧٥٨٢٠١٩٣", "+359 (0)2 987 6543", "0039 02 12345678", "+44 (0)20 7946 0958", "08 1234", "x" * 40]


def reading(lib, raw: str, region: str | None):
    """Everything leadsweep takes from a phone library for one string."""
    try:
        number = lib.parse(raw, region)
    except lib.NumberParseException as exc:
        return ("error", int(exc.error_type))
    return (lib.format_number(number, lib.PhoneNumberFormat.E164), lib.is_valid_number(number),
            int(lib.number_type(number)), lib.region_code_for_number(number))


def generated_numbers(n_per_kind: int = 40, seed: int = 5) -> list[tuple[str, str]]:
    """(written number, default region) in every style the generator emits."""
    rng = random.Random(seed)
    out = []
    for c, region in enumerate(["IT", "BG", "ID", "GB"]):
        prefixes, digits = MOBILE[c]
        for _ in range(n_per_kind):
            mobile = f"{rng.choice(prefixes)} {rng.randrange(10 ** digits):0{digits}d}"
            city = rng.choice(CITIES[c])
            landline = f"{city[3]} {city[4]}{rng.randrange(10 ** LAND_DIGITS[c]):0{LAND_DIGITS[c]}d}"
            for number in (mobile, landline):
                for style in range(6):
                    written = fmt_phone(c, number, style)
                    out += [(written, region), (written.lstrip("+0"), region), (written, None)]
        out.append((f"+{CC[c]}", region))
    return out


@pytest.mark.parametrize("raw, region", generated_numbers())
def test_generated_numbers_read_the_same(raw, region):
    assert reading(backend, raw, region) == reading(reference, raw, region)


@pytest.mark.parametrize("raw", HOSTILE)
@pytest.mark.parametrize("region", REGIONS)
def test_hostile_strings_read_the_same(raw, region):
    assert reading(backend, raw, region) == reading(reference, raw, region)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789 -./()+", max_size=22), st.sampled_from(REGIONS))
def test_digit_soup_reads_the_same(raw, region):
    assert reading(backend, raw, region) == reading(reference, raw, region)


def test_without_the_fast_extra_the_normaliser_reads_numbers_the_same():
    """leadsweep installed without `fast` (no rphonenumbers) falls back to phonenumbers, number for number."""
    import json
    import subprocess
    import sys

    raws = [(raw, region or "IT") for raw, region in generated_numbers(n_per_kind=3)] + [(raw, "IT") for raw in HOSTILE]
    script = ("import json, sys\n"
              "if sys.argv[1] == 'reference': sys.modules['rphonenumbers'] = None  # as if not installed\n"
              "from transforms.core.countries import PHONE_BACKEND\n"
              "from transforms.stage.normalise import normalise_phone\n"
              "print(json.dumps([PHONE_BACKEND, [normalise_phone(r, c) for r, c in json.loads(sys.stdin.read())]]))\n")
    runs = {name: json.loads(subprocess.run([sys.executable, "-c", script, name], input=json.dumps(raws), text=True,
                                            capture_output=True, check=True).stdout)
            for name in ("default", "reference")}
    assert runs["default"][0] == "rphonenumbers" and runs["reference"][0] == "phonenumbers"
    assert runs["default"][1] == runs["reference"][1]
