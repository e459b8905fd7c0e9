"""Countries: a country as written in any of the lists' languages, and the country of an international
number. Ingest infers a file's country with them, staging normalises every row's, the CLI reads territories."""
from __future__ import annotations

import re
from functools import lru_cache

try:  # libphonenumber in Rust behind phonenumbers' API, 15x faster: the `fast` extra (read the same numbers
    import rphonenumbers as phonenumbers  # the same way: tests/unit/test_phone_backend.py)
except ImportError:  # Google's libphonenumber ported to Python, the reference
    import phonenumbers

from transforms.core.text import strip_accents

PHONE_BACKEND = phonenumbers.__name__

_COUNTRY_NAMES = {
    "italy": "IT", "italia": "IT", "италия": "IT", "bulgaria": "BG", "bulgarija": "BG", "българия": "BG",
    "republic of bulgaria": "BG", "indonesia": "ID", "индонезия": "ID", "republik indonesia": "ID",
    "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "regno unito": "GB", "inghilterra": "GB", "великобритания": "GB", "inggris": "GB", "britania raya": "GB",
    "germany": "DE", "germania": "DE", "deutschland": "DE", "германия": "DE", "france": "FR", "francia": "FR",
    "spain": "ES", "spagna": "ES", "espana": "ES", "romania": "RO", "румъния": "RO", "greece": "GR", "гърция": "GR",
    "usa": "US", "united states": "US", "stati uniti": "US", "сащ": "US", "amerika serikat": "US",
    "switzerland": "CH", "svizzera": "CH", "austria": "AT", "netherlands": "NL", "singapore": "SG",
    "malaysia": "MY", "ireland": "IE", "turkey": "TR", "турция": "TR", "serbia": "RS", "сърбия": "RS",
}


@lru_cache(maxsize=4096)
def normalise_country(raw: str | None) -> str | None:
    """ISO 3166 alpha-2 code for a country as written ("Italia", "България", "UK", "it")."""
    text = strip_accents((raw or "").strip().lower()).strip(". ")
    if not text:
        return None
    if len(text) == 2 and text.isalpha() and text.isascii():
        code = "GB" if text == "uk" else text.upper()
        return code if code in phonenumbers.SUPPORTED_REGIONS else None
    return _COUNTRY_NAMES.get(text)


def phone_country(raw: str | None) -> str | None:
    """The country an internationally written number (+39..., 0039...) belongs to, else None."""
    text = re.sub(r"^\s*00", "+", (raw or "").strip())
    if not text.startswith("+"):
        return None
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(text, None)) or None
    except phonenumbers.NumberParseException:
        return None


# the regions whose national numbering `national_phone_country` tries, for a header language several countries
# write (an English header is as often American or Australian as British), the first preferred; any, without one
LANGUAGE_REGIONS = {"en": ("GB", "US", "CA", "AU", "NZ", "IE", "IN")}
NATIONAL_REGIONS = ("IT", "BG", "ID", "GB", "US", "CA", "AU", "NZ", "IE", "IN", "DE", "FR", "ES", "NL", "RO", "GR")
NATIONAL_SAMPLE = 200  # numbers read per region: enough to tell numbering plans apart


def national_phone_country(raws: list[str], regions: tuple[str, ...] = NATIONAL_REGIONS) -> str | None:
    """The region of `regions` in whose national numbering most of `raws` (numbers written without a country
    code: "310/246-1501", "02 8901 2345") are valid: at least 60% of them, and 3. The first region stays unless
    it reads fewer than half as many as the best (a phone book's junk "123456789" is a valid Paris number:
    Italian numbers among them are no French list); a tie goes to the earlier region. None when none reads them."""
    numbers = [raw for raw in raws if raw and raw.strip() and phone_country(raw) is None][:NATIONAL_SAMPLE]
    if len(numbers) < 3 or not regions:
        return None
    valid = {region: sum(_valid_in(raw, region) for raw in numbers) for region in regions}
    best = max(valid, key=valid.get)  # the first of a tie
    if 2 * valid[regions[0]] >= valid[best]:
        best = regions[0]
    return best if valid[best] >= 0.6 * len(numbers) else None


def _valid_in(raw: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number_for_region(phonenumbers.parse(raw, region), region)
    except phonenumbers.NumberParseException:
        return False
