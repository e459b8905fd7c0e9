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
