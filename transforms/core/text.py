"""Small text helpers shared by the normalisers: accent folding, Bulgarian transliteration, keys."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Bulgarian official (streamlined) transliteration, the system Bulgarian lists use in Latin script.
_BG_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    # Russian/Ukrainian letters that turn up in Bulgarian lists
    "ё": "yo", "ы": "y", "э": "e", "є": "ye", "і": "i", "ї": "yi",
}
# ... where a word ending in -ия ends in -ia: София = Sofia, Мария = Maria, България = Bulgaria
_WORD_FINAL_IA = re.compile(r"ия\b")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NOT_KEY = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii() or "\u0400" <= ch <= "\u04ff":
        return ch
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


def strip_accents(text: str) -> str:
    """Remove Latin diacritics (Niccolò -> Niccolo) but leave Cyrillic letters such as й whole."""
    if text.isascii():
        return text
    return "".join(map(_fold_char, text))


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def to_latin(text: str) -> str:
    """Fold to lower-case ASCII Latin: Cyrillic transliterated the Bulgarian way, Latin accents stripped,
    and what is left (Łukasz's ł, ß, Greek, Chinese ...) by anyascii, so no letter drops out of a key."""
    lowered = strip_accents(text.lower())
    if has_cyrillic(lowered):
        lowered = "".join(_BG_LATIN.get(ch, ch) for ch in _WORD_FINAL_IA.sub("иa", lowered))
    if not lowered.isascii():
        lowered = anyascii(lowered).lower()
    return lowered


def match_key(text: str | None) -> str:
    """A comparison key: Latin, lower case, letters and digits only, single spaces."""
    if not text:
        return ""
    return _NOT_KEY.sub(" ", to_latin(text)).strip()
