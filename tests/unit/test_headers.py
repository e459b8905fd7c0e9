"""Header mapping: the column names real Italian, Bulgarian, Indonesian and English lists use."""
from __future__ import annotations

from collections import Counter

import pytest

from transforms.ingest.headers import FIELDS, SYNONYMS, fold_header, map_header, map_headers


def bug(reason: str):
    return pytest.mark.xfail(reason=f"BUG: {reason}", strict=True)


def mapped(headers: list[str]) -> dict[str, str]:
    """{header as written: canonical field} for the columns map_headers recognised."""
    mapping, _ = map_headers(headers)
    return {headers[i]: field for i, field in mapping.items()}


# ---------------------------------------------------------------- whole header rows
HEADER_ROWS = [
    pytest.param(
        ["Nome", "Cognome", "Ragione Sociale", "Telefono", "Cellulare", "E-mail", "Indirizzo", "Città", "CAP",
         "Provincia", "Paese", "Settore", "Qualifica", "Note"],
        ["first_name", "last_name", "company", "phone", "mobile", "email", "address", "city", "postcode",
         "region", "country", "industry", "job_title", "notes"],
        "it", id="Italian"),
    pytest.param(
        ["Име", "Фамилия", "Фирма", "Телефон", "Мобилен", "Имейл", "Адрес", "Град", "Пощенски код", "Област",
         "Държава", "Длъжност", "Бележки"],
        ["first_name", "last_name", "company", "phone", "mobile", "email", "address", "city", "postcode", "region",
         "country", "job_title", "notes"],
        "bg", id="Bulgarian"),
    pytest.param(
        ["Nama Depan", "Nama Belakang", "Nama Perusahaan", "No. Telp", "No HP", "Email", "Alamat", "Kota",
         "Kode Pos", "Provinsi", "Negara", "Jabatan", "Keterangan"],
        ["first_name", "last_name", "company", "phone", "mobile", "email", "address", "city", "postcode", "region",
         "country", "job_title", "notes"],
        "id", id="Indonesian"),
    pytest.param(
        ["First Name", "Last Name", "Company", "Phone", "Mobile", "Email", "Address", "City", "Postcode", "County",
         "Country", "Job Title", "Notes"],
        ["first_name", "last_name", "company", "phone", "mobile", "email", "address", "city", "postcode", "region",
         "country", "job_title", "notes"],
        "en", id="English"),
    pytest.param(["Nominativo", "Azienda", "Tel.", "Email", "Dipendenti", "Scadenza contratto"],
                 ["full_name", "company", "phone", "email", "employees", "contract_end"], "it",
                 id="Italian trade-fair list"),
    pytest.param(["Име и фамилия", "Компания", "GSM", "Е-поща", "Град"],
                 ["full_name", "company", "mobile", "email", "city"], "bg", id="Bulgarian full-name list"),
    pytest.param(["Nama Lengkap", "Perusahaan", "WhatsApp", "Surel", "Kota/Kabupaten"],
                 ["full_name", "company", "mobile", "email", "city"], "id", id="Indonesian WhatsApp list"),
]


@pytest.mark.parametrize("headers, fields, language", HEADER_ROWS)
def test_typical_header_row_maps_every_column(headers, fields, language):
    mapping, found_language = map_headers(headers)
    assert [mapping.get(i) for i in range(len(headers))] == fields
    assert found_language == language


# ---------------------------------------------------------------- single headers
HEADERS = [
    # header as written, field, language
    ("Nome e Cognome", "full_name", "it"),
    ("Referente", "full_name", "it"),
    ("Трите имена", "full_name", "bg"),
    ("Nama", "full_name", "id"),
    ("Full Name", "full_name", "en"),
    ("E-Mail Address", "email", "xx"),
    ("Posta elettronica", "email", "it"),
    ("PEC", "email", "it"),
    ("Ел. поща", "email", "bg"),
    ("Alamat Email", "email", "id"),
    ("Telefono (fisso)", "phone", "it"),
    ("Тел.", "phone", "bg"),
    ("Telp.", "phone", "id"),
    ("No. HP", "mobile", "id"),
    ("Cellulare 2", "mobile", "it"),
    ("Email 2", "email", "xx"),
    ("Società", "company", "it"),
    ("Località", "city", "it"),
    ("Kode Pos", "postcode", "id"),
    ("Titolo", "honorific", "it"),
    ("Обръщение", "honorific", "bg"),
    ("Numero Dipendenti", "employees", "it"),
    ("Брой служители", "employees", "bg"),
    ("Jumlah Karyawan", "employees", "id"),
    ("Do not call", "opt_out", "en"),
    ("Non chiamare", "opt_out", "it"),
    ("Date of Birth", "dob", "en"),
    ("date_of_birth", "dob", "en"),
    ("D.O.B.", "dob", "en"),
    ("Birthdate", "dob", "en"),
    ("Data di nascita", "dob", "it"),
    ("Nato il", "dob", "it"),
    ("Дата на раждане", "dob", "bg"),
    ("Рождена дата", "dob", "bg"),
    ("Tgl. Lahir", "dob", "id"),
    ("Tanggal Lahir", "dob", "id"),
    ("\ufeffNome", "first_name", "it"),       # BOM left on the first header by a reader
    ("  NOME  ", "first_name", "it"),
    ("FIRST_NAME", "first_name", "en"),
    ("first-name", "first_name", "en"),
]
UNKNOWN_HEADERS = ["Partita IVA", "Codice Fiscale", "ЕИК", "NPWP", "VAT number", "Website", "Sito web", "Lead Source",
                   "foo", "", "   "]


@pytest.mark.parametrize("header, field, language", HEADERS)
def test_header_variant_maps_to_field_and_language(header, field, language):
    assert map_header(header) == (field, language)


@pytest.mark.parametrize("header", UNKNOWN_HEADERS)
def test_unknown_header_is_left_unmapped(header):
    assert map_header(header) == (None, None)


def test_unknown_columns_stay_out_of_the_mapping():
    headers = ["Ragione Sociale", "Partita IVA", "Telefono", "Codice Fiscale"]
    assert mapped(headers) == {"Ragione Sociale": "company", "Telefono": "phone"}


@pytest.mark.parametrize("field", FIELDS)
def test_every_synonym_maps_back_to_its_field(field):
    """Each spelling in the table is recognised; one used by a single field maps to that field."""
    owners = Counter(fold_header(n) for by_lang in SYNONYMS.values() for names in by_lang.values()
                     for n in set(names))
    for names in SYNONYMS[field].values():
        for name in names:
            found, _ = map_header(name)
            assert found is not None, name
            if owners[fold_header(name)] == 1:
                assert found == field, name


# ---------------------------------------------------------------- duplicates and language votes
DUPLICATES = [
    pytest.param(["Nome", "Telefono", "Telefono"], {0: "first_name", 1: "phone", 2: "mobile"},
                 id="second Telefono is the mobile"),
    pytest.param(["Name", "Phone", "Phone", "Phone"], {0: "full_name", 1: "phone", 2: "mobile"},
                 id="third phone stays unmapped"),
    pytest.param(["Cellulare", "Telefono", "Telefono"], {0: "mobile", 1: "phone"},
                 id="mobile already claimed: second phone unmapped"),
    pytest.param(["Email", "E-mail", "Nome"], {0: "email", 2: "first_name"}, id="second email unmapped"),
    pytest.param(["Name", "Name", "Phone"], {0: "full_name", 2: "phone"}, id="second name unmapped"),
]


@pytest.mark.parametrize("headers, expected", DUPLICATES)
def test_a_field_is_claimed_once(headers, expected):
    assert map_headers(headers)[0] == expected


LANGUAGES = [
    pytest.param(["Nome", "Cognome", "Email", "Phone"], "it", id="Italian majority, English stray"),
    pytest.param(["Email", "E-mail address"], None, id="language-neutral only"),
    pytest.param(["Partita IVA", "foo"], None, id="nothing known"),
    pytest.param([], None, id="no headers"),
]


@pytest.mark.parametrize("headers, language", LANGUAGES)
def test_header_language_vote(headers, language):
    assert map_headers(headers)[1] == language


# ---------------------------------------------------------------- qualified headers
QUALIFIED = [
    # the first word of these is a synonym of another field; the rest says what the column holds
    pytest.param("Nome Azienda", "company", id="IT 'Nome Azienda' (company name)"),
    pytest.param("Име на фирмата", "company", id="BG 'Име на фирмата' (company name)"),
    pytest.param("Company Phone", "phone", id="EN 'Company Phone'"),
    pytest.param("Contact Email", "email", id="EN 'Contact Email'"),
    pytest.param("Business Email", "email", id="EN 'Business Email'"),
]


@pytest.mark.parametrize("header, field", QUALIFIED)
def test_qualified_header_maps_to_what_it_holds(header, field):
    assert map_header(header)[0] == field


# "<thing> name": whose name the column holds (the public Chicago early-childhood list: "Site name" is the
# site, "Program Name" is "Child Care" or "Head Start", no one's name)
WHOSE_NAME = [
    pytest.param("Site name", "company", id="EN 'Site name' (a firm's site)"),
    pytest.param("School Name", "company", id="EN 'School Name'"),
    pytest.param("Restaurant name", "company", id="EN 'Restaurant name'"),
    pytest.param("Nome struttura", "company", id="IT 'Nome struttura' (a facility)"),
    pytest.param("Nome negozio", "company", id="IT 'Nome negozio' (a shop)"),
    pytest.param("Име на обекта", "company", id="BG 'Име на обекта' (a site)"),
    pytest.param("Nama Toko", "company", id="ID 'Nama Toko' (a shop)"),
    pytest.param("Nama Sekolah", "company", id="ID 'Nama Sekolah' (a school)"),
    pytest.param("Program Name", None, id="EN 'Program Name' (no lead's field)"),
    pytest.param("Opportunity Name", None, id="EN Salesforce 'Opportunity Name' (a deal)"),
    pytest.param("Event name", None, id="EN 'Event name'"),
    pytest.param("Nome progetto", None, id="IT 'Nome progetto' (a project)"),
    pytest.param("Nama Produk", None, id="ID 'Nama Produk' (a product)"),
    pytest.param("Customer Name", "full_name", id="EN 'Customer Name' (a person)"),
    pytest.param("Display Name", "full_name", id="EN 'Display Name' (a person)"),
    pytest.param("Nome referente", "full_name", id="IT 'Nome referente' (the contact)"),
]


@pytest.mark.parametrize("header, field", WHOSE_NAME)
def test_a_things_name_is_a_firm_or_nothing_and_a_persons_name_stays_a_name(header, field):
    assert map_header(header)[0] == field


def test_a_site_list_maps_the_site_to_the_firm_and_leaves_its_program_out():
    headers = ["Id", "Source", "Site name", "Address", "Zip", "Phone", "Program Name", "Director"]
    assert mapped(headers) == {"Site name": "company", "Address": "address", "Zip": "postcode", "Phone": "phone"}


def test_qualified_header_does_not_steal_the_real_column():
    headers = ["Company Phone", "Company Name", "Email"]
    assert mapped(headers) == {"Company Phone": "phone", "Company Name": "company", "Email": "email"}


# ---------------------------------------------------------------- address parts, suburbs, renewals
PLACES = [
    pytest.param(["rec_id", "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
                  "state", "date_of_birth", "soc_sec_id"],
                 {"given_name": "first_name", "surname": "last_name", "street_number": "address",
                  "address_1": "address", "address_2": "address", "suburb": "city", "postcode": "postcode",
                  "state": "region", "date_of_birth": "dob"}, id="FEBRL: the suburb is the city"),
    pytest.param(["Name", "Suburb", "City", "Locality"], {"Name": "full_name", "City": "city"},
                 id="a city column beats a suburb before it; the suburb stays an extra"),
    pytest.param(["Ragione Sociale", "Via", "Numero civico", "Frazione", "Comune"],
                 {"Ragione Sociale": "company", "Via": "address", "Numero civico": "address", "Comune": "city"},
                 id="IT street and number; the frazione stays an extra"),
    pytest.param(["Nama", "Alamat", "Kelurahan", "Kode Pos"],
                 {"Nama": "full_name", "Alamat": "address", "Kelurahan": "city", "Kode Pos": "postcode"},
                 id="ID kelurahan without a kota"),
    pytest.param(["Име", "Улица", "Номер на улица", "Село"],
                 {"Име": "first_name", "Улица": "address", "Номер на улица": "address", "Село": "city"},
                 id="BG village without a town"),
    pytest.param(["First Name", "Business Street", "Business Street 2", "Business City", "Home Street", "Home City"],
                 {"First Name": "first_name", "Business Street": "address", "Business Street 2": "address",
                  "Business City": "city"}, id="one address: the home address stays an extra"),
    pytest.param(["Nome", "Indirizzo", "Sede legale"], {"Nome": "first_name", "Indirizzo": "address"},
                 id="a second address is not glued to the first"),
    pytest.param(["id", "name", "addr", "city", "phone", "type"],
                 {"name": "full_name", "addr": "address", "city": "city", "phone": "phone"},
                 id="Fodors-Zagat: addr is the address"),
]


@pytest.mark.parametrize("headers, expected", PLACES)
def test_address_parts_join_and_a_suburb_is_the_city_only_without_one(headers, expected):
    assert mapped(headers) == expected


@pytest.mark.parametrize("header", ["contract_renewal", "Contract Renewal", "Renewal", "Contract renewal date",
                                    "Renewal Date", "Rinnovo contratto", "Data rinnovo", "Scadenza contratto",
                                    "Подновяване на договора", "Perpanjangan Kontrak"])
def test_contract_renewal_is_the_contract_end(header):
    assert map_header(header)[0] == "contract_end"


# ---------------------------------------------------------------- consent (opt-in) vs opt-out
@pytest.mark.parametrize("header, field", [
    ("Consent", "consent"), ("Marketing consent", "consent"), ("Opt-in", "consent"), ("GDPR consent", "consent"),
    ("Consenso", "consent"), ("Consenso privacy", "consent"), ("Consenso Marketing", "consent"),
    ("Consenso trattamento dati", "consent"), ("Privacy", "consent"), ("Съгласие", "consent"),
    ("Persetujuan", "consent"),
    ("Opt out", "opt_out"), ("Unsubscribed", "opt_out"), ("Do not call", "opt_out"), ("DNC", "opt_out"),
    ("Opposizione", "opt_out"), ("Non chiamare", "opt_out"), ("Отказ", "opt_out"), ("Jangan hubungi", "opt_out"),
])
def test_consent_and_opt_out_columns_keep_their_polarity(header, field):
    assert map_header(header)[0] == field


def test_a_list_with_both_a_consent_and_an_opt_out_column_maps_both():
    assert mapped(["Nome", "Consenso privacy", "Non chiamare"]) == {
        "Nome": "first_name", "Consenso privacy": "consent", "Non chiamare": "opt_out"}
