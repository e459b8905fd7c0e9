"""Normalisers for phones, emails, person names, companies and countries on real lead-list values.

Every case is something a sales user would see in the call list: the number they dial, whether
an address is a role account or a throw-away, how a name is addressed, whether two spellings of
one company collapse into one account.
"""
from __future__ import annotations

import socket

import pytest

from transforms.core.countries import normalise_country, phone_country
from transforms.stage.normalise import (
    Company,
    Name,
    Phone,
    first_key,
    name_key,
    normalise_company,
    normalise_email,
    normalise_name,
    normalise_phone,
)


def full(text: str | None) -> Name:
    """A name given in a single 'full name' column."""
    return normalise_name(None, None, text, None)


def key_of_full(text: str) -> str:
    name = full(text)
    return name_key(name.first_name, name.last_name)


# ================================================================ phones
VALID_PHONES = [
    # raw as written, file's default country, E.164, kind, region
    pytest.param("02 4871 5093", "IT", "+390248715093", "fixed_line", "IT", id="IT Milan landline"),
    pytest.param("347-5820193", "IT", "+393475820193", "mobile", "IT", id="IT mobile with dash"),
    pytest.param("347 5820193", "IT", "+393475820193", "mobile", "IT", id="IT mobile spaced"),
    pytest.param("0039 347 5820193", None, "+393475820193", "mobile", "IT", id="IT 0039 prefix, no default"),
    pytest.param("0039 347 5820193", "GB", "+393475820193", "mobile", "IT", id="IT 0039 prefix beats GB default"),
    pytest.param("+39 02 4871 5093", "BG", "+390248715093", "fixed_line", "IT", id="IT +39 in a BG file"),
    pytest.param("(+39) 347 5820193", None, "+393475820193", "mobile", "IT", id="IT (+39) in brackets"),
    pytest.param("tel. 02 4871 5093", "IT", "+390248715093", "fixed_line", "IT", id="IT with 'tel.' label"),
    pytest.param("800 912 345", "IT", "+39800912345", "toll_free", "IT", id="IT numero verde"),
    pytest.param("899 123456", "IT", "+39899123456", "premium_rate", "IT", id="IT 899 premium"),
    pytest.param("0888 723 451", "BG", "+359888723451", "mobile", "BG", id="BG mobile"),
    pytest.param("02/981 43 72", "BG", "+35929814372", "fixed_line", "BG", id="BG Sofia landline with slash"),
    pytest.param("+359 (0)888 723 451", None, "+359888723451", "mobile", "BG", id="BG +359 (0) redundant trunk"),
    pytest.param("0812-4719-3820", "ID", "+6281247193820", "mobile", "ID", id="ID Telkomsel mobile"),
    pytest.param("+62 812 4719 3820", None, "+6281247193820", "mobile", "ID", id="ID +62 mobile"),
    pytest.param("+62 0812-4719-3820", None, "+6281247193820", "mobile", "ID", id="ID +62 with leftover 0"),
    pytest.param("(021) 5551234", "ID", "+62215551234", "fixed_line", "ID", id="ID Jakarta landline"),
    pytest.param("020 7946 0018", "GB", "+442079460018", "fixed_line", "GB", id="UK London landline"),
    pytest.param("07481 730592", "GB", "+447481730592", "mobile", "GB", id="UK mobile"),
    pytest.param("+44 (0)20 7946 0018", None, "+442079460018", "fixed_line", "GB", id="UK +44 (0)"),
    pytest.param("0800 046 1234", "GB", "+448000461234", "toll_free", "GB", id="UK freephone"),
    # what Excel does to numbers: '+' or leading 0 dropped, floats with .0
    pytest.param("393475820193", "GB", "+393475820193", "mobile", "IT", id="Excel: IT number lost its +, GB default"),
    pytest.param("393475820193.0", "GB", "+393475820193", "mobile", "IT", id="Excel: IT number as float"),
    pytest.param("393475820193.00", "GB", "+393475820193", "mobile", "IT", id="Excel: float with .00"),
    pytest.param("6281247193820", "GB", "+6281247193820", "mobile", "ID", id="Excel: ID number lost its +"),
    pytest.param("248715093", "IT", "+390248715093", "fixed_line", "IT", id="Excel: IT landline lost its 0"),
    pytest.param("888723451", "BG", "+359888723451", "mobile", "BG", id="Excel: BG mobile lost its 0"),
    pytest.param("81247193820", "ID", "+6281247193820", "mobile", "ID", id="Excel: ID mobile lost its 0"),
]

REJECTED_PHONES = [
    # raw, default country, kind
    pytest.param("3.93E+11", "GB", "invalid", id="Excel scientific notation"),
    pytest.param("3,93E+11", "IT", "invalid", id="Excel scientific notation, Italian comma"),
    pytest.param("3.93475820193E+11", "GB", "invalid", id="scientific notation with all digits"),
    pytest.param("0000000", "IT", "placeholder", id="all zeros"),
    pytest.param("1234567", "IT", "placeholder", id="1234567"),
    pytest.param("9876543", "BG", "placeholder", id="9876543"),
    pytest.param("02 1234567", "IT", "placeholder", id="real area code, fake subscriber"),
    pytest.param("1111111", "GB", "placeholder", id="repeated digit"),
    pytest.param("347 5820193", None, "invalid", id="national number and no country to place it"),
    # a national number of another country keeps its trunk 0: it is not an international one whose + was lost
    pytest.param("0813 1955 0421", "IT", "invalid", id="Jakarta mobile in an Italian list, not a Japanese +81"),
    pytest.param("0813-1955-0421", "GB", "invalid", id="Jakarta mobile in a British list"),
    pytest.param("347 582 0193 / 02 4871 5093", "IT", "invalid", id="two numbers in one cell"),
    pytest.param("n/a", "IT", "invalid", id="n/a"),
    pytest.param("-", "BG", "invalid", id="dash"),
    pytest.param("", "IT", "invalid", id="empty"),
    pytest.param(None, None, "invalid", id="None"),
    pytest.param("Tel. 0000000", "IT", "placeholder", id="placeholder with a label"),
]

SAME_ITALIAN_MOBILE = [
    "347-5820193", "347 582 0193", "347.582.0193", "+39 347 5820193", "0039 347 5820193", "(+39) 347 5820193",
    "+39.347.5820193", "393475820193", "393475820193.0", "3475820193",
]


@pytest.mark.parametrize("raw, country, e164, kind, region", VALID_PHONES)
def test_valid_phone_is_written_as_e164_with_its_kind(raw, country, e164, kind, region):
    assert normalise_phone(raw, country) == Phone(e164, True, kind, region)


@pytest.mark.parametrize("raw, country, kind", REJECTED_PHONES)
def test_unusable_phone_is_not_dialled(raw, country, kind):
    phone = normalise_phone(raw, country)
    assert (phone.e164, phone.is_valid, phone.kind) == (None, False, kind)


@pytest.mark.parametrize("raw", SAME_ITALIAN_MOBILE)
def test_one_mobile_written_ten_ways_is_one_number(raw):
    assert normalise_phone(raw, "IT").e164 == "+393475820193"


@pytest.mark.parametrize("country", ["it", "It", "iT"])
def test_default_country_is_case_insensitive(country):
    assert normalise_phone("02 4871 5093", country).e164 == "+390248715093"


def test_comma_decimal_excel_float_is_repaired():
    assert normalise_phone("393475820193,0", "GB") == Phone("+393475820193", True, "mobile", "IT")


PHONE_COUNTRIES = [
    ("+39 02 4871 5093", "IT"),
    ("0039 347 5820193", "IT"),
    ("+359 888 723 451", "BG"),
    ("00359 2 981 4372", "BG"),
    ("+62 812 4719 3820", "ID"),
    ("+44 20 7946 0018", "GB"),
    ("02 4871 5093", None),   # national format says nothing about the country
    ("0812-4719-3820", None),
    ("+", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("raw, country", PHONE_COUNTRIES)
def test_phone_country_only_from_international_numbers(raw, country):
    assert phone_country(raw) == country


# ================================================================ emails
EMAILS = [
    # raw, normalised, valid, disposable, role, placeholder
    pytest.param("  Mario.Rossi@RossiSRL.it ", "mario.rossi@rossisrl.it", True, False, False, False, id="trim+lower"),
    pytest.param("<ivan.petrov@abv.bg>", "ivan.petrov@abv.bg", True, False, False, False, id="angle brackets"),
    pytest.param("mailto:Budi.Santoso@Yahoo.CO.ID", "budi.santoso@yahoo.co.id", True, False, False, False, id="mailto"),
    pytest.param("иван@абв.бг", "иван@абв.бг", True, False, False, False, id="Cyrillic address"),
    pytest.param("info@rossisrl.it", "info@rossisrl.it", True, False, True, False, id="role info@"),
    pytest.param("Vendite@RossiSRL.it", "vendite@rossisrl.it", True, False, True, False, id="role vendite@ (IT)"),
    pytest.param("amministrazione@bianchi.it", "amministrazione@bianchi.it", True, False, True, False,
                 id="role IT admin"),
    pytest.param("kontakt@alfa.bg", "kontakt@alfa.bg", True, False, True, False, id="role kontakt@ (BG)"),
    pytest.param("penjualan@majujaya.co.id", "penjualan@majujaya.co.id", True, False, True, False,
                 id="role penjualan@"),
    pytest.param("sales@acme.co.uk", "sales@acme.co.uk", True, False, True, False, id="role sales@"),
    pytest.param("asdf@mailinator.com", "asdf@mailinator.com", True, True, False, True, id="disposable+placeholder"),
    pytest.param("budi@guerrillamail.com", "budi@guerrillamail.com", True, True, False, False, id="disposable"),
    pytest.param("test@test.com", "test@test.com", True, False, False, True, id="placeholder test@test.com"),
    pytest.param("mario@example.com", "mario@example.com", True, False, False, True, id="placeholder domain"),
    pytest.param("prova@rossisrl.it", "prova@rossisrl.it", True, False, False, True, id="placeholder prova@ (IT)"),
    pytest.param("xxx@bianchi.it", "xxx@bianchi.it", True, False, False, True, id="placeholder xxx@"),
    pytest.param("aaaa@bianchi.it", "aaaa@bianchi.it", True, False, False, True, id="placeholder repeated letter"),
    pytest.param("mario.rossi@", None, False, False, False, False, id="no domain"),
    pytest.param("mario rossi@rossisrl.it", None, False, False, False, False, id="space in local part"),
    pytest.param("mario.rossi@@rossisrl.it", None, False, False, False, False, id="double @"),
    pytest.param("mario.rossi@rossisrl", None, False, False, False, False, id="no TLD"),
    pytest.param("mario.rossi@rossisrl..it", None, False, False, False, False, id="empty domain label"),
    pytest.param("m.rossi@rossisrl.it; info@rossisrl.it", None, False, False, False, False, id="two addresses"),
    pytest.param("test", None, False, False, False, True, id="just 'test'"),
    pytest.param("", None, False, False, False, False, id="empty"),
    pytest.param(None, None, False, False, False, False, id="None"),
]


@pytest.mark.parametrize("raw, email, valid, disposable, role, placeholder", EMAILS)
def test_email_is_cleaned_and_flagged(raw, email, valid, disposable, role, placeholder):
    result = normalise_email(raw)
    assert (result.email, result.is_valid, result.is_disposable, result.is_role, result.is_placeholder) == (
        email, valid, disposable, role, placeholder)
    assert result.domain == (email.split("@")[1] if email else None)


@pytest.fixture
def no_network(monkeypatch):
    """Any DNS lookup or socket connection fails the test loudly."""
    import dns.resolver

    def refuse(*args, **kwargs):
        raise AssertionError("network access during email normalisation")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(dns.resolver.Resolver, "resolve", refuse)
    normalise_email.cache_clear()
    yield
    normalise_email.cache_clear()


@pytest.mark.parametrize("raw", ["giulia.bianchi@bianchi-spa.it", "maria@beta-ood.bg", "siti@majujaya.co.id",
                                 "nobody@this-domain-does-not-exist-leadsweep.com"])
def test_email_check_is_offline(no_network, raw):
    assert normalise_email(raw).is_valid


# ================================================================ person names
NAMES = [
    # (first, last, full, honorific) as found in the file -> (honorific, first, last)
    pytest.param((None, None, "Dott. Mario Rossi", None), ("Dott.", "Mario", "Rossi"), id="Dott."),
    pytest.param((None, None, "Dott.ssa Giulia Bianchi", None), ("Dott.ssa", "Giulia", "Bianchi"), id="Dott.ssa"),
    pytest.param((None, None, "Sig.ra Anna Verdi", None), ("Sig.ra", "Anna", "Verdi"), id="Sig.ra"),
    pytest.param((None, None, "DOTT. MARIO ROSSI", None), ("Dott.", "Mario", "Rossi"), id="Dott. in caps"),
    pytest.param((None, None, "Г-н Иван Петров", None), ("Г-н", "Иван", "Петров"), id="Г-н"),
    pytest.param((None, None, "Г-жа Мария Иванова", None), ("Г-жа", "Мария", "Иванова"), id="Г-жа"),
    pytest.param((None, None, "Bapak Budi Santoso", None), ("Bapak", "Budi", "Santoso"), id="Bapak"),
    pytest.param((None, None, "Ibu Siti Rahayu", None), ("Ibu", "Siti", "Rahayu"), id="Ibu"),
    pytest.param((None, None, "Bpk. Joko Widodo", None), ("Bapak", "Joko", "Widodo"), id="Bpk. spelled out"),
    pytest.param((None, None, "Mr John O'BRIEN", None), ("Mr", "John", "O'Brien"), id="Mr + O'BRIEN"),
    pytest.param(("Dott. Mario", "Rossi", None, None), ("Dott.", "Mario", "Rossi"),
                 id="honorific in first-name column"),
    pytest.param(("mario", "rossi", None, "dott"), ("Dott.", "Mario", "Rossi"), id="honorific column, lower case"),
    pytest.param(("MARIO", "ROSSI", None, None), (None, "Mario", "Rossi"), id="separate columns in caps"),
    pytest.param((None, None, "MARIO ROSSI", None), (None, "Mario", "Rossi"), id="ALL CAPS tidied"),
    pytest.param((None, None, "mario rossi", None), (None, "Mario", "Rossi"), id="all lower tidied"),
    pytest.param((None, None, "ROSSI Mario", None), (None, "Mario", "Rossi"), id="caps surname first"),
    pytest.param((None, None, "DE LUCA Mario", None), (None, "Mario", "De Luca"), id="caps two-word surname first"),
    pytest.param((None, None, "Sig.ra BIANCHI Anna Maria", None), ("Sig.ra", "Anna Maria", "Bianchi"),
                 id="honorific + caps surname + two given names"),
    pytest.param((None, None, "ПЕТРОВ Иван", None), (None, "Иван", "Петров"), id="Cyrillic caps surname first"),
    pytest.param((None, None, "Rossi, Mario", None), (None, "Mario", "Rossi"), id="'Surname, Given'"),
    pytest.param((None, None, "Петров, Иван", None), (None, "Иван", "Петров"), id="Cyrillic 'Surname, Given'"),
    pytest.param((None, None, "Sukarno", None), (None, "Sukarno", None), id="single-token Indonesian name"),
    pytest.param((None, None, "SUKARNO", None), (None, "Sukarno", None), id="single token in caps"),
    pytest.param((None, None, "Ibu Megawati", None), ("Ibu", "Megawati", None), id="Ibu + single name"),
    pytest.param((None, None, "Niccolò Bianchi", None), (None, "Niccolò", "Bianchi"), id="accent kept"),
    pytest.param((None, None, "NICCOLÒ BIANCHI", None), (None, "Niccolò", "Bianchi"),
                 id="accent kept when tidying caps"),
    pytest.param((None, None, "Anne-Marie SMITH-JONES", None), (None, "Anne-Marie", "Smith-Jones"), id="hyphenated"),
    pytest.param((None, None, "Ann McDonald", None), (None, "Ann", "McDonald"), id="mixed case left as written"),
    pytest.param((None, None, "  Mario\u00a0 Rossi ,", None), (None, "Mario", "Rossi"), id="nbsp and stray comma"),
    pytest.param((None, None, "", None), (None, None, None), id="empty"),
    pytest.param((None, None, None, None), (None, None, None), id="None"),
    pytest.param((None, None, "Mario De Luca", None), (None, "Mario", "De Luca"), id="Italian surname particle"),
    pytest.param((None, None, "Budi Santoso, S.E.", None), (None, "Budi", "Santoso"), id="Indonesian degree suffix"),
    pytest.param((None, None, "Michael N. Lockham", None), (None, "Michael N.", "Lockham"),
                 id="a middle initial is no all-caps surname"),
    pytest.param((None, None, "Bob Smith Jr.", None), (None, "Bob", "Smith Jr."),
                 id="the generation goes with the surname"),
    pytest.param((None, None, "ann mcdonald", None), (None, "Ann", "McDonald"), id="Mc"),
    pytest.param((None, None, "JAN VAN DER BERG", None), (None, "Jan", "van der Berg"), id="Dutch particles"),
    pytest.param((None, None, "MARIA D'ANGELO", None), (None, "Maria", "D'Angelo"), id="apostrophe"),
    pytest.param((None, None, "д-р иван петров", None), ("Д-р", "Иван", "Петров"), id="Bulgarian lower case, title"),
]


@pytest.mark.parametrize("given, expected", NAMES)
def test_name_is_split_and_tidied(given, expected):
    assert normalise_name(*given) == Name(*expected)


SAME_PERSON = [
    pytest.param(["Иван Петров", "PETROV Ivan", "Ivan Petrov", "Г-н Иван Петров", "Петров, Иван", "ivan petrov"],
                 "ivan petrov", id="Bulgarian, Cyrillic and Latin"),
    pytest.param(["Niccolò Bianchi", "NICCOLO BIANCHI", "Bianchi, Niccolò", "Dott. Niccolo Bianchi"],
                 "bianchi niccolo", id="Italian with and without accent"),
    pytest.param(["Георги Цветков", "Georgi Tsvetkov", "TSVETKOV Georgi"], "georgi tsvetkov",
                 id="Bulgarian ts/ts"),
    pytest.param(["Щерьо Жечев", "Shteryo Zhechev"], "shteryo zhechev", id="Bulgarian sht/zh"),
    pytest.param(["Bapak Budi Santoso", "SANTOSO Budi", "Budi Santoso"], "budi santoso", id="Indonesian"),
    pytest.param(["John A. Smith", "John Smith", "SMITH, John A."], "john smith", id="middle initial left out"),
    pytest.param(["Мария Иванова", "Maria Ivanova"], "ivanova maria", id="Bulgarian -ия is -ia"),
]


@pytest.mark.parametrize("spellings, key", SAME_PERSON)
def test_name_key_is_shared_by_every_spelling_of_one_person(spellings, key):
    assert {key_of_full(s) for s in spellings} == {key}


@pytest.mark.parametrize("a, b", [("Mario Rossi", "Maria Rossi"), ("Иван Петров", "Иван Петрова"),
                                  ("Budi Santoso", "Budi Santosa")])
def test_name_key_keeps_different_people_apart(a, b):
    assert key_of_full(a) != key_of_full(b)


def test_name_key_of_nothing_is_empty():
    assert name_key(None, None) == ""


# ================================================================ companies
COMPANIES = [
    # raw -> (display, legal form, key)
    pytest.param("Rossi S.r.l.", ("Rossi S.r.l.", "SRL", "rossi"), id="S.r.l."),
    pytest.param("ROSSI SRL", ("Rossi S.r.l.", "SRL", "rossi"), id="SRL caps"),
    pytest.param("rossi srl", ("Rossi S.r.l.", "SRL", "rossi"), id="srl lower"),
    pytest.param("Rossi s.r.l", ("Rossi S.r.l.", "SRL", "rossi"), id="s.r.l no final dot"),
    pytest.param("Rossi S.r.l.s.", ("Rossi S.r.l.s.", "SRLS", "rossi"), id="S.r.l.s."),
    pytest.param("Rossi e Figli S.r.l.", ("Rossi e Figli S.r.l.", "SRL", "rossi e figli"), id="multi-word name"),
    pytest.param("Bianchi S.p.A.", ("Bianchi S.p.A.", "SPA", "bianchi"), id="S.p.A."),
    pytest.param("BIANCHI SPA", ("Bianchi S.p.A.", "SPA", "bianchi"), id="SPA caps"),
    pytest.param("Adriatica SpA", ("Adriatica S.p.A.", "SPA", "adriatica"), id="SpA"),
    pytest.param("Verdi S.a.s.", ("Verdi S.a.s.", "SAS", "verdi"), id="S.a.s."),
    pytest.param("Neri S.n.c.", ("Neri S.n.c.", "SNC", "neri"), id="S.n.c."),
    pytest.param("Ad Astra Srl", ("Ad Astra S.r.l.", "SRL", "ad astra"), id="leading 'Ad' is a word, not AD"),
    pytest.param("Алфа ЕООД", ("Алфа ЕООД", "EOOD", "alfa"), id="ЕООД"),
    pytest.param("Alfa EOOD", ("Alfa EOOD", "EOOD", "alfa"), id="EOOD in Latin"),
    pytest.param("АЛФА ЕООД", ("Алфа ЕООД", "EOOD", "alfa"), id="ЕООД caps"),
    pytest.param("Бета ООД", ("Бета ООД", "OOD", "beta"), id="ООД"),
    pytest.param("Beta OOD", ("Beta OOD", "OOD", "beta"), id="OOD in Latin"),
    pytest.param("Гама АД", ("Гама АД", "AD", "gama"), id="АД"),
    pytest.param("PT Maju Jaya Tbk", ("PT Maju Jaya Tbk", "PT", "maju jaya"), id="PT ... Tbk"),
    pytest.param("PT. Maju Jaya", ("PT Maju Jaya", "PT", "maju jaya"), id="PT."),
    pytest.param("Pt Maju Jaya", ("PT Maju Jaya", "PT", "maju jaya"), id="Pt"),
    pytest.param("CV Sinar", ("CV Sinar", "CV", "sinar"), id="CV"),
    pytest.param("CV. Sinar Abadi", ("CV Sinar Abadi", "CV", "sinar abadi"), id="CV."),
    pytest.param("Acme Ltd", ("Acme Ltd", "LTD", "acme"), id="Ltd"),
    pytest.param("ACME LIMITED", ("Acme Ltd", "LTD", "acme"), id="LIMITED"),
    pytest.param("Acme Ltd.", ("Acme Ltd", "LTD", "acme"), id="Ltd."),
    pytest.param("Acme, Inc.", ("Acme Inc.", "INC", "acme"), id="Inc."),
    pytest.param("Maju Jaya", ("Maju Jaya", None, "maju jaya"), id="no legal form"),
    pytest.param("Srl", ("Srl", None, "srl"), id="a bare legal form is kept as the name"),
    pytest.param("", (None, None, ""), id="empty"),
    pytest.param(None, (None, None, ""), id="None"),
    pytest.param("PT Telkom Indonesia (Persero) Tbk", ("PT Telkom Indonesia (Persero) Tbk", "PT", "telkom indonesia"),
                 id="PT ... (Persero) Tbk, in the order written"),
    pytest.param("ЕТ Иван Петров", ("ЕТ Иван Петров", "ET", "ivan petrov"), id="ЕТ sole trader prefix, kept in front"),
    pytest.param("Maju Jaya, PT", ("PT Maju Jaya", "PT", "maju jaya"), id="directory style 'Name, PT'"),
]


@pytest.mark.parametrize("raw, expected", COMPANIES)
def test_company_legal_form_is_recognised(raw, expected):
    assert normalise_company(raw) == Company(*expected)


SAME_COMPANY = [
    pytest.param(["Rossi S.r.l.", "ROSSI SRL", "rossi srl", "Rossi Srl", "ROSSI S.R.L.", "Rossi S.r.l", "Rossi"],
                 "rossi", id="Rossi S.r.l."),
    pytest.param(["Bianchi S.p.A.", "BIANCHI SPA", "Bianchi Spa", "Bianchi S.p.A"], "bianchi", id="Bianchi S.p.A."),
    pytest.param(["Алфа ЕООД", "Alfa EOOD", "АЛФА ЕООД", "\"Алфа\" ЕООД", "Алфа ЕООД."], "alfa", id="Алфа ЕООД"),
    pytest.param(["PT Maju Jaya Tbk", "PT. Maju Jaya", "PT Maju Jaya", "Maju Jaya"], "maju jaya", id="PT Maju Jaya"),
    pytest.param(["Acme Ltd", "ACME LIMITED", "Acme Limited", "Acme Ltd."], "acme", id="Acme Ltd"),
    pytest.param(["The Heritage Builders Corp", "Heritage Builders Corporation", "HERITAGE BUILDERS CORP."],
                 "heritage builders", id="The ... Corp"),
    pytest.param(["Barker & Co", "Barker and Company", "The Barker & Co."], "barker", id="& Co"),
    pytest.param(["Eastside Financial Svcs", "Eastside Financial Services"], "eastside financial services",
                 id="abbreviation written out"),
]


@pytest.mark.parametrize("spellings, key", SAME_COMPANY)
def test_every_spelling_of_one_company_shares_its_key(spellings, key):
    assert {normalise_company(s).company_key for s in spellings} == {key}


@pytest.mark.parametrize("raw", ["Rossi S.r.l.", "BIANCHI SPA", "Алфа ЕООД", "Alfa EOOD", "PT Maju Jaya Tbk",
                                 "CV. Sinar Abadi", "ACME LIMITED", "Verdi & C. S.a.s."])
def test_company_display_form_reads_back_the_same(raw):
    first = normalise_company(raw)
    assert normalise_company(first.company) == first


# ================================================================ countries
COUNTRIES = [
    ("Italia", "IT"), ("ITALIA", "IT"), ("Italy", "IT"), ("it", "IT"), (" italia ", "IT"), ("Italia.", "IT"),
    ("България", "BG"), ("Bulgaria", "BG"), ("bg", "BG"),
    ("Indonesia", "ID"), ("Republik Indonesia", "ID"), ("id", "ID"),
    ("UK", "GB"), ("uk", "GB"), ("United Kingdom", "GB"), ("Regno Unito", "GB"), ("Великобритания", "GB"),
    ("Inggris", "GB"), ("GB", "GB"),
    ("Narnia", None), ("xx", None), ("", None), (None, None),
]


@pytest.mark.parametrize("raw, code", COUNTRIES)
def test_country_names_in_four_languages(raw, code):
    assert normalise_country(raw) == code


@pytest.mark.parametrize("first, key", [
    ("John A.", "john"), ("A. John", "john"), ("J. K.", "j"), ("Mary-Jane", "mary jane"), ("Иван", "ivan"),
    ("O'Donnell", "donnell"),  # as name_key keys it: "Wayne O'Donnell" is "donnell wayne"
])
def test_first_key_drops_single_letters_as_the_name_key_does(first, key):
    assert first_key(first) == key
    assert set(key.split()) <= set(name_key(first, "Smith").split()) | {"j"}


@pytest.mark.parametrize("first, last, key", [
    ("Łukasz", "Wróbel", "lukasz wrobel"),            # Polish ł: no letter drops out
    ("Γιώργος", "Παπαδόπουλος", "giorgos papadopoylos"),  # Greek: a key, not an empty one
    ("Jörg", "Straße", "jorg strasse"),
    ("Иван", "Петров", "ivan petrov"),               # Cyrillic keeps the Bulgarian transliteration
])
def test_every_script_gets_a_latin_key(first, last, key):
    assert name_key(first, last) == key
