"""Pure normalisers for one value at a time: phones, emails, person names and company names.

They are applied once per *distinct* value (see `transforms.stage.staging`), never per row, so they can
afford to be careful: phonenumbers parsing with fallbacks for Excel-mangled numbers, full email
syntax checks, honorific and legal-form recognition in English, Italian, Bulgarian and Indonesian.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from transforms.core.countries import phonenumbers
from transforms.core.text import match_key, strip_accents

PhoneNumberType = phonenumbers.PhoneNumberType


# ---------------------------------------------------------------- phones
class Phone(NamedTuple):
    e164: str | None      # +393331234567 when valid
    is_valid: bool
    kind: str             # mobile, fixed_line, premium_rate, toll_free, voip, other, invalid, placeholder
    region: str | None    # ISO country the number belongs to


_KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.SHARED_COST: "premium_rate",
    PhoneNumberType.VOIP: "voip",
}
_SEQUENCES = "01234567890", "98765432109"


def is_placeholder_digits(digits: str) -> bool:
    """0000000, 1111111, 1234567, 9876543 and numbers whose subscriber part is one repeated digit."""
    if len(digits) < 5:
        return True
    tail = digits[-7:]
    return len(set(tail)) <= 1 or any(tail in seq for seq in _SEQUENCES) or len(set(digits)) <= 2


def _parse_valid(text: str, region: str | None):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=200_000)
def normalise_phone(raw: str | None, default_country: str | None = None) -> Phone:
    """Parse a phone as written to E.164, repairing what spreadsheets do to numbers.

    Excel drops a leading `+` or `0` and turns numbers into floats (`393331234567.0`); when the
    number is not valid as written we try it with `+` and with `0` restored. A number written with its
    trunk `0` lost nothing: it is not tried with `+` (Jakarta's `0813 1955 0421` is no Japanese `+81 3...`).
    """
    text = (raw or "").strip()
    if re.fullmatch(r"\d+[.,]0+", text):  # an Excel float, with a decimal point or comma
        text = re.split(r"[.,]", text)[0]
    digits = re.sub(r"\D", "", text)
    if not digits:
        return Phone(None, False, "invalid", None)
    if re.fullmatch(r"[\d.,]+[eE][+-]?\d+", text):  # scientific notation: Excel has lost digits
        return Phone(None, False, "invalid", None)
    if is_placeholder_digits(digits):
        return Phone(None, False, "placeholder", None)
    region = (default_country or "").upper() or None
    text = re.sub(r"^\s*00", "+", text)
    candidates = [text]
    if not text.startswith("+") and not digits.startswith("0"):
        candidates += [f"+{digits}", f"0{digits}"]
    for candidate in candidates:
        number = _parse_valid(candidate, region)
        if number is not None:
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if len(e164) > 16:  # E.164 allows 15 digits; phonenumbers accepts some longer German numbers
                continue
            kind = _KINDS.get(phonenumbers.number_type(number), "other")
            return Phone(e164, True, kind, phonenumbers.region_code_for_number(number))
    return Phone(None, False, "invalid", None)


# ---------------------------------------------------------------- emails
class Email(NamedTuple):
    email: str | None     # normalised address when the syntax is valid
    is_valid: bool
    is_disposable: bool
    is_role: bool
    is_placeholder: bool
    domain: str | None


ROLE_LOCALS = frozenset(
    ["info", "information", "sales", "admin", "administrator", "office", "contact", "contacts", "support", "help",
     "hello", "marketing", "enquiries", "inquiries", "billing", "accounts", "accounting", "hr", "jobs", "careers",
     "team", "mail", "postmaster", "webmaster", "noreply", "no-reply", "reception", "ufficio", "amministrazione",
     "commerciale", "vendite", "segreteria", "acquisti", "direzione", "ordini", "kontakt", "kontakti", "ofis",
     "prodajbi", "penjualan", "kantor", "cs"]
)
PLACEHOLDER_DOMAINS = frozenset(
    ["test.com", "example.com", "example.org", "example.net", "test.it", "test.bg", "test.id", "domain.com",
     "email.com", "mail.com", "nomail.com", "noemail.com", "none.com", "asdf.com", "xxx.com", "abc.com"]
)
PLACEHOLDER_LOCALS = frozenset(
    ["test", "testing", "asdf", "qwerty", "xxx", "xx", "x", "a", "aa", "abc", "none", "nomail", "noemail", "no-email",
     "na", "n.a", "null", "nobody", "fake", "dummy", "sample", "example", "user", "foo", "bar", "tester", "prova",
     "тест"]
)


# The everyday address (ASCII dot-atom at a plain host name with an alphabetic TLD) that
# email-validator would accept unchanged; anything else goes to email-validator itself.
# tests/unit/test_email_fast_path.py holds the two to the same answers.
_PLAIN_EMAIL = re.compile(
    r"(?P<local>[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?P<tld>[a-z]{2,63}))")


def plain_address(text: str) -> tuple[str, str] | None:
    """(local part, domain) of an everyday lower-case address, or None to ask email-validator."""
    hit = _PLAIN_EMAIL.fullmatch(text)
    if (hit is None or len(text) > 200 or len(hit["local"]) > 64 or "--" in hit["domain"]
            or hit["tld"] in SPECIAL_USE_DOMAIN_NAMES):
        return None
    return hit["local"], hit["domain"]


def validated_address(text: str) -> tuple[str, str] | None:
    """(local part, domain) as email-validator reads the address offline, or None when invalid."""
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.local_part.lower(), checked.domain.lower()


@lru_cache(maxsize=200_000)
def normalise_email(raw: str | None) -> Email:
    """Trim, lower-case and syntax-check an address offline (no DNS), and flag what it is."""
    text = (raw or "").strip().strip("<>").strip()
    text = re.sub(r"^mailto:", "", text, flags=re.I).lower()
    if not text:
        return Email(None, False, False, False, False, None)
    parts = plain_address(text) or validated_address(text)
    if parts is None:
        return Email(None, False, False, False, "test" in text or "asdf" in text, None)
    local, domain = parts
    return Email(
        email=f"{local}@{domain}",
        is_valid=True,
        is_disposable=domain in DISPOSABLE_DOMAINS,
        is_role=local in ROLE_LOCALS,
        is_placeholder=domain in PLACEHOLDER_DOMAINS or local in PLACEHOLDER_LOCALS
        or re.fullmatch(r"(.)\1*", local) is not None,
        domain=domain,
    )


# ---------------------------------------------------------------- person names
class Name(NamedTuple):
    honorific: str | None
    first_name: str | None
    last_name: str | None


HONORIFICS = {
    # folded form -> display form
    "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "dr": "Dr", "prof": "Prof", "sir": "Sir",
    "sig": "Sig.", "signor": "Sig.", "sigra": "Sig.ra", "signora": "Sig.ra", "signa": "Sig.na",
    "signorina": "Sig.na", "dott": "Dott.", "dottssa": "Dott.ssa", "dottore": "Dott.", "dottoressa": "Dott.ssa",
    "ing": "Ing.", "avv": "Avv.", "arch": "Arch.", "geom": "Geom.", "rag": "Rag.", "profssa": "Prof.ssa",
    "г-н": "Г-н", "гн": "Г-н", "господин": "Г-н", "г-жа": "Г-жа", "гжа": "Г-жа", "госпожа": "Г-жа",
    "г-ца": "Г-ца", "гца": "Г-ца", "д-р": "Д-р", "др": "Д-р", "инж": "Инж.", "проф": "Проф.",
    "bapak": "Bapak", "bpk": "Bapak", "pak": "Bapak", "ibu": "Ibu", "bu": "Ibu", "sdr": "Sdr.",
    "sdri": "Sdri.", "saudara": "Sdr.", "saudari": "Sdri.", "hj": "Hj.", "h": "H.", "ir": "Ir.",
    "drs": "Drs.", "dra": "Dra.",
}
_DEGREE = re.compile(r",\s*((S|M|Dr|Ir|Drs|Dra|Prof|Ph)\.\s?[A-Za-z]{0,4}\.?\s*)+$")  # Indonesian degrees
_NAME_PARTICLES = frozenset(["de", "di", "da", "del", "della", "dei", "degli", "van", "von", "der", "den", "bin",
                             "binti", "la", "lo", "le"])
GENERATIONS = ("jr", "jnr", "sr", "snr", "ii", "iii", "iv")  # Jr., Sr., III: also read in row_features.sql
# lower case even where they start the surname
_LOWER_PARTICLES = frozenset(["van", "von", "der", "den", "ter", "ten", "zu"])


def _fold_token(token: str) -> str:
    return strip_accents(token.lower()).replace(".", "").replace("'", "").strip(",")


def _is_honorific(token: str) -> bool:
    folded = _fold_token(token)
    return folded in HONORIFICS and not (folded in {"h", "bu", "pak", "dr", "др"} and token.isupper()
                                         and len(token) > 2)


_WORD_START = re.compile(r"(^|[-'’])(\w)")


def tidy_case(text: str) -> str:
    """Title-case names typed in all caps or all lower case; leave mixed case as the person wrote it."""
    if not text or (not text.isupper() and not text.islower()):
        return text
    words = []
    lowered = text.lower().split()
    for i, word in enumerate(lowered):
        if (i or word in _LOWER_PARTICLES) and word in _NAME_PARTICLES and i < len(lowered) - 1:
            words.append(word)  # Mario de Luca; van der Berg, even first (De Luca stays: Italian capitalises)
            continue
        word = _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), word)
        if len(word) > 3 and word.startswith("Mc"):
            word = "Mc" + word[2].upper() + word[3:]  # McDonald
        words.append(word)
    return " ".join(words)


_SPACES = re.compile(r"\s+")


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", (text or "").replace("\u00a0", " ")).strip(" ,;")


@lru_cache(maxsize=200_000)
def normalise_name(first: str | None, last: str | None, full: str | None, honorific: str | None) -> Name:
    """Clean a person's name: honorifics moved to their own field, case tidied, a full name split.

    A full name is split on a comma ("Rossi, Mario"), else on an all-caps surname ("ROSSI Mario"),
    else as given name(s) then surname.
    """
    first, last, full = _clean(first), _clean(last), _clean(full)
    full = _DEGREE.sub("", full)  # "Budi Santoso, S.E." -> "Budi Santoso"
    found = [_clean(honorific)] if _clean(honorific) else []
    if not first and not last and full:
        if "," in full:
            last, first = (part.strip() for part in full.split(",", 1))
        else:
            tokens = full.split()
            while tokens and _is_honorific(tokens[0]) and len(tokens) > 1:
                found.append(tokens.pop(0))
            suffix = []  # "Bob Smith Jr.": the generation goes with the surname
            while len(tokens) > 2 and _fold_token(tokens[-1]) in GENERATIONS:
                suffix.insert(0, tokens.pop())
            # an all-caps surname has two letters or more: "N." is a middle initial
            caps = [t for t in tokens if t.isupper() and sum(c.isalpha() for c in t) > 1]
            if 0 < len(caps) < len(tokens):
                last = " ".join(caps)
                first = " ".join(t for t in tokens if t not in caps)
            elif len(tokens) > 1:
                split = len(tokens) - 1
                while split > 1 and tokens[split - 1].lower() in _NAME_PARTICLES:  # Mario De Luca
                    split -= 1
                first, last = " ".join(tokens[:split]), " ".join(tokens[split:])
            else:
                first = " ".join(tokens)
            last = " ".join([last, *suffix]).strip()
    for part in ("first", "last"):
        tokens = (first if part == "first" else last).split()
        while len(tokens) > 1 and _is_honorific(tokens[0]):
            found.append(tokens.pop(0))
        if part == "first":
            first = " ".join(tokens)
        else:
            last = " ".join(tokens)
    title = HONORIFICS.get(_fold_token(found[0]), found[0]) if found else None
    return Name(title, tidy_case(first) or None, tidy_case(last) or None)


def name_key(first: str | None, last: str | None) -> str:
    """Order-free key for a person's name: Латиница, accents and case folded, tokens sorted.

    'Иван Петров', 'PETROV Ivan' and 'Ivan Petrov' share the key 'ivan petrov'.
    """
    tokens = match_key(f"{first or ''} {last or ''}").split()
    if sum(len(t) > 1 for t in tokens) >= 2:  # "John A. Smith" = "John Smith"; "J. Smith" keeps its J
        tokens = [t for t in tokens if len(t) > 1]
    return " ".join(sorted(tokens))


def first_key(first: str | None) -> str:
    """The first name as a key, its single letters dropped as `name_key` drops them: middle initials
    ("John A." = "John") and the O of a surname typed in the first-name field ("O'Donnell" is "donnell"
    in both keys, so the name read the other way round is the same name). A name of initials only
    keeps its first ("J. K." = "j")."""
    tokens = match_key(first or "").split()
    return " ".join([t for t in tokens if len(t) > 1] or tokens[:1])


# ---------------------------------------------------------------- companies
class Company(NamedTuple):
    company: str | None     # display form with the legal form spelled the standard way
    legal_form: str | None  # SRL, SPA, EOOD, PT, LTD ...
    company_key: str        # comparison key without the legal form


# (pattern over the folded, dot-free name, canonical code, display form); suffixes unless marked prefix
_LEGAL_FORMS: list[tuple[str, str, str, bool]] = [
    (r"s ?r ?l ?s", "SRLS", "S.r.l.s.", False),
    (r"s ?r ?l", "SRL", "S.r.l.", False),
    (r"s ?p ?a", "SPA", "S.p.A.", False),
    (r"s ?a ?s", "SAS", "S.a.s.", False),
    (r"s ?n ?c", "SNC", "S.n.c.", False),
    (r"s ?c ?a ?r ?l", "SCARL", "S.c.a r.l.", False),
    (r"soc(ieta)? coop(erativa)?", "COOP", "Soc. Coop.", False),
    (r"еоод|eood", "EOOD", "ЕООД", False),
    (r"оод|ood", "OOD", "ООД", False),
    (r"еад|ead", "EAD", "ЕАД", False),
    (r"адсиц|adsits", "ADSITS", "АДСИЦ", False),
    (r"ад|ad", "AD", "АД", False),
    (r"ет|et", "ET", "ЕТ", True),
    (r"tbk", "TBK", "Tbk", False),
    (r"persero", "PERSERO", "(Persero)", False),
    (r"pt", "PT", "PT", True),
    (r"cv", "CV", "CV", True),
    (r"ud", "UD", "UD", True),
    (r"ltd|limited", "LTD", "Ltd", False),
    (r"plc", "PLC", "PLC", False),
    (r"llp", "LLP", "LLP", False),
    (r"llc", "LLC", "LLC", False),
    (r"inc|incorporated", "INC", "Inc.", False),
    (r"corp|corporation", "CORP", "Corp.", False),
    (r"co|company", "CO", "& Co.", False),  # "Barker & Co", "Barker and Company"
    (r"gmbh", "GMBH", "GmbH", False),
    (r"ag", "AG", "AG", False),
    (r"b ?v", "BV", "B.V.", False),
    (r"s ?a", "SA", "S.A.", False),
]
_SUFFIX = [(re.compile(rf"[\s,]+\(?({p})\)?$", re.I), code, disp, False)
           for p, code, disp, pre in _LEGAL_FORMS if not pre]
# a prefix form written last after a comma, as directories sort firms: "Maju Jaya, PT", "Иван Петров, ЕТ"
_SUFFIX += [(re.compile(rf",\s*({p})$", re.I), code, disp, True) for p, code, disp, pre in _LEGAL_FORMS if pre]
_PREFIX = [(re.compile(rf"^({p})\s+", re.I), code, disp) for p, code, disp, pre in _LEGAL_FORMS if pre]
_PT_BEFORE = {"PT", "CV", "UD"}
_TRAILING_AND = re.compile(r"\s+(?:and|e|и|dan)\s*$", re.I)  # "Robinson and Co": the "and" goes with the Co
_ABBREVIATIONS = {"svcs": "services", "svc": "service", "intl": "international", "assoc": "associates",
                  "bros": "brothers", "mfg": "manufacturing", "mgmt": "management", "dept": "department",
                  "tech": "technologies", "ctr": "center", "centre": "center"}
_AS_WRITTEN = {"EOOD", "OOD", "EAD", "ADSITS", "AD"}  # Bulgarian forms keep the script they came in


_FORM_DOTS = re.compile(r"(?<=\w)\.(?=\w)|\.(?=\s|$|,|\))")


@lru_cache(maxsize=200_000)
def normalise_company(raw: str | None) -> Company:
    """Recognise the legal form (S.r.l. = SRL = srl, ЕООД = EOOD, PT ... Tbk, Ltd = Limited) and key the rest."""
    name = _clean(raw)
    if not name:
        return Company(None, None, "")
    stem = _FORM_DOTS.sub("", name).strip()  # S.r.l. -> Srl, keep other text
    forms: list[tuple[str, str, bool]] = []  # (code, display, written before the name), first found first
    after: list[str] = []  # the suffix forms as the name is written ("(Persero) Tbk")
    for _ in range(3):  # "PT Maju Jaya Tbk", "Rossi & C. S.a.s." carry more than one marker
        for pattern, code, disp, pre in _SUFFIX:
            hit = pattern.search(stem)
            if hit and hit.start() > 0:
                shown = hit.group(1).upper() if code in _AS_WRITTEN else disp
                forms.append((code, shown, pre))
                if not pre:  # a prefix form a directory writes last ("Maju Jaya, PT") goes back in front
                    after.insert(0, shown)
                stem = stem[: hit.start()]
                stem = (_TRAILING_AND.sub("", stem) if code == "CO" else stem).strip(" ,&")  # "Robinson and Co"
                break
        else:
            for pattern, code, disp in _PREFIX:
                hit = pattern.match(stem)
                if hit and hit.end() < len(stem):
                    forms.insert(0, (code, hit.group(1).upper() if code in _AS_WRITTEN else disp, True))
                    stem = stem[hit.end():].strip()
                    break
            else:
                break
    base = tidy_case(stem)
    before = [shown for _, shown, pre in forms if pre]
    display = " ".join(before + [base] + after)
    code = next((c for c, _, pre in forms if pre), forms[0][0]) if forms else None
    return Company(display, code, company_key(stem))


def company_key(stem: str) -> str:
    """The firm's name as a key: `match_key`, without a leading article ("The Heritage Builders") and
    with common English abbreviations written out (Svcs = Services, Intl = International)."""
    words = match_key(stem).split()
    if len(words) > 1 and words[0] in ("the", "il", "la", "lo"):
        words = words[1:]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)
