"""Map column headers in English, Italian, Bulgarian and Indonesian to canonical fields.

Lead lists name the same column in many ways ("Cognome", "Фамилия", "Nama Belakang", "Surname").
A header is folded (lower case, accents stripped, punctuation to spaces) and looked up in the
synonym table below; the language of the matched synonyms also hints at the file's country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.core.text import strip_accents

# canonical field -> {language: [synonyms]}; "xx" marks language-neutral spellings.
SYNONYMS: dict[str, dict[str, list[str]]] = {
    "honorific": {
        "en": ["title prefix", "salutation", "honorific", "prefix", "mr mrs"],
        "it": ["titolo", "appellativo"],
        "bg": ["обръщение"],
        "id": ["sapaan", "gelar"],
    },
    "first_name": {
        "en": ["first name", "firstname", "given name", "forename", "fname", "first"],
        "it": ["nome"],
        "bg": ["име", "собствено име", "име на лицето"],
        "id": ["nama depan"],
    },
    "last_name": {
        "en": ["last name", "lastname", "surname", "family name", "lname", "last"],
        "it": ["cognome"],
        "bg": ["фамилия", "фамилно име", "презиме и фамилия"],
        "id": ["nama belakang", "nama keluarga"],
    },
    "full_name": {
        "en": ["full name", "fullname", "name", "contact", "contact name", "person", "lead name"],
        "it": ["nominativo", "nome e cognome", "nome cognome", "cognome e nome", "referente", "contatto"],
        "bg": ["име и фамилия", "лице за контакт", "контакт", "трите имена", "имена"],
        "id": ["nama lengkap", "nama", "nama kontak"],
    },
    "company": {
        "en": ["company", "company name", "organisation", "organization", "account", "business", "employer", "firm",
               "organisation name", "organization name", "account name", "company account", "business name",
               "trading name", "trade name", "firm name"],
        "it": ["ragione sociale", "azienda", "societa", "ditta", "denominazione", "impresa"],
        "bg": ["фирма", "фирмата", "име на фирмата", "име на фирма", "компания", "организация", "дружество",
               "работодател"],
        "id": ["perusahaan", "nama perusahaan", "instansi", "organisasi", "usaha"],
    },
    "job_title": {
        "en": ["job title", "title", "position", "role", "job", "designation", "jobtitle"],
        "it": ["qualifica", "ruolo", "posizione", "mansione", "carica", "funzione"],
        "bg": ["длъжност", "позиция", "роля"],
        "id": ["jabatan", "posisi", "peran"],
    },
    "phone": {
        "en": ["phone", "telephone", "phone number", "tel", "landline", "work phone", "office phone",
               "direct line", "business phone", "phone 1"],
        "it": ["telefono", "tel", "telefono fisso", "numero di telefono", "telefono ufficio", "recapito"],
        "bg": ["телефон", "тел", "служебен телефон", "стационарен телефон", "телефонен номер"],
        "id": ["telepon", "telepon kantor", "no telepon", "nomor telepon", "no telp", "telp", "tlp"],
    },
    "mobile": {
        "en": ["mobile", "mobile phone", "cell", "cell phone", "cellphone", "mobile number", "phone 2"],
        "it": ["cellulare", "cell", "telefono cellulare", "mobile"],
        "bg": ["мобилен", "мобилен телефон", "gsm", "джиесем"],
        "id": ["no hp", "hp", "nomor hp", "handphone", "ponsel", "no handphone", "whatsapp", "no wa", "wa"],
    },
    "email": {
        "xx": ["email", "e mail", "email address", "e mail address", "mail"],
        "it": ["posta elettronica", "indirizzo email", "indirizzo e mail", "pec"],
        "bg": ["имейл", "имейл адрес", "е поща", "ел поща", "електронна поща", "и мейл"],
        "id": ["surel", "alamat email"],
    },
    "address": {  # several parts (number, street, line 2) are joined: see map_headers
        "en": ["address", "street", "street address", "address line 1", "address 1", "address line 2",
               "address 2", "address line 3", "address 3", "street 2", "street 3", "street number", "street no",
               "house number", "house no", "street name", "mailing street", "addr", "addr 1", "addr 2",
               "addr line 1", "addr line 2"],
        "it": ["indirizzo", "via", "sede", "numero civico", "civico", "n civico", "indirizzo 2"],
        "bg": ["адрес", "улица", "номер на улица", "адрес 2"],
        "id": ["alamat", "jalan", "alamat kantor", "nomor rumah", "no rumah", "alamat 2"],
    },
    "city": {  # WEAK_SYNONYMS below: a suburb or village is the city only where the file has no city column
        "en": ["city", "town", "mailing city", "locality", "suburb"],
        "it": ["citta", "comune", "localita", "frazione"],
        "bg": ["град", "населено място", "село"],
        "id": ["kota", "kabupaten", "kota kabupaten", "kecamatan", "kelurahan", "desa"],
    },
    "postcode": {
        "en": ["postcode", "post code", "postal code", "zip", "zip code", "zipcode", "zip postal code"],
        "it": ["cap", "codice postale"],
        "bg": ["пощенски код", "пк", "п к"],
        "id": ["kode pos", "kodepos"],
    },
    "region": {
        "en": ["region", "state", "county", "province", "state region", "state province"],
        "it": ["provincia", "regione", "prov"],
        "bg": ["област", "регион", "община"],
        "id": ["provinsi", "wilayah"],
    },
    "country": {
        "en": ["country", "nation", "country code", "country region", "mailing country"],
        "it": ["paese", "nazione", "stato"],
        "bg": ["държава", "страна"],
        "id": ["negara"],
    },
    "employees": {
        "en": ["employees", "company size", "headcount", "no of employees", "number of employees", "staff", "size"],
        "it": ["dipendenti", "numero dipendenti", "n dipendenti", "addetti", "organico"],
        "bg": ["служители", "брой служители", "персонал", "брой персонал"],
        "id": ["jumlah karyawan", "karyawan", "jumlah pegawai", "pegawai"],
    },
    "industry": {
        "en": ["industry", "sector", "vertical", "business type"],
        "it": ["settore", "attivita", "settore merceologico", "categoria"],
        "bg": ["отрасъл", "сектор", "дейност", "бранш"],
        "id": ["industri", "sektor", "bidang usaha", "bidang"],
    },
    "budget": {
        "en": ["budget", "annual budget", "spend"],
        "it": ["budget", "budget annuo", "spesa"],
        "bg": ["бюджет"],
        "id": ["anggaran", "budget"],
    },
    "timeline": {
        "en": ["timeline", "timeframe", "purchase timeline", "timing", "when"],
        "it": ["tempistica", "tempi"],
        "bg": ["срок", "срокове"],
        "id": ["waktu", "jadwal", "target waktu"],
    },
    "contract_end": {
        "en": ["contract end", "contract end date", "contract expiry", "renewal date", "current contract end",
               "contract renewal", "contract renewal date", "renewal"],
        "it": ["scadenza contratto", "scadenza", "fine contratto", "data scadenza", "rinnovo contratto",
               "data rinnovo", "rinnovo"],
        "bg": ["край на договора", "изтичане на договора", "договор до", "подновяване на договора"],
        "id": ["akhir kontrak", "kontrak berakhir", "tanggal akhir kontrak", "perpanjangan kontrak"],
    },
    "dob": {
        "en": ["dob", "d o b", "date of birth", "birth date", "birthdate", "birthday", "born"],
        "it": ["data di nascita", "data nascita", "nato il", "nata il"],
        "bg": ["дата на раждане", "рождена дата", "дата раждане", "роден", "родена"],
        "id": ["tanggal lahir", "tgl lahir", "tanggal kelahiran"],
    },
    "consent": {  # opt-in: "no" is the refusal, "yes" is not an opt-out
        "en": ["consent", "marketing consent", "opt in", "optin", "gdpr consent", "privacy consent"],
        "it": ["consenso", "consenso privacy", "consenso marketing", "consenso trattamento dati", "privacy",
               "consenso al trattamento dei dati", "trattamento dati", "informativa privacy"],
        "bg": ["съгласие", "съгласие за маркетинг", "съгласие за обработка на лични данни"],
        "id": ["persetujuan", "persetujuan pemasaran", "setuju dihubungi"],
    },
    "opt_out": {
        "en": ["opt out", "optout", "unsubscribed", "do not call", "dnc"],
        "it": ["opposizione", "non chiamare"],
        "bg": ["отказ", "без обаждания"],
        "id": ["berhenti langganan", "jangan hubungi"],
    },
    "notes": {
        "en": ["notes", "note", "comments", "comment", "message", "remarks", "description"],
        "it": ["note", "commenti", "messaggio", "osservazioni"],
        "bg": ["бележки", "бележка", "коментар", "забележка", "съобщение"],
        "id": ["catatan", "keterangan", "pesan", "komentar"],
    },
}

FIELDS: tuple[str, ...] = tuple(SYNONYMS)
# the side lists' own header words, folded like headers: a CRM history's outcome column, a reps file's
# name and territory columns
OUTCOME_HEADERS = {"outcome", "esito", "stato", "status", "результат", "резултат", "статус", "hasil", "stage"}
REP_NAME_HEADERS = {"name", "rep", "reps", "sales rep", "agent", "nome", "agente", "commerciale", "venditore",
                    "име", "търговец", "агент", "nama", "sales"}
TERRITORY_HEADERS = {"territory", "country", "countries", "region", "area", "territorio", "paese", "zona",
                     "regione", "територия", "държава", "регион", "област", "wilayah", "negara", "daerah"}
LANGUAGE_COUNTRY = {"it": "IT", "bg": "BG", "id": "ID", "en": "GB"}
MULTI_COLUMN_FIELDS = frozenset({"address"})  # street number, street, line 2: one field, the parts joined
# a suburb, hamlet or village fills the city only when no column of the file names the city
WEAK_SYNONYMS = frozenset({"locality", "suburb", "localita", "frazione", "село", "kecamatan", "kelurahan", "desa"})
# words of an address header that say which part it is; any other word says whose address it is
# ("Business Street", "Home Street"): a file's address is the parts of one such group
_ADDRESS_PART_WORDS = frozenset(["address", "addr", "street", "line", "number", "no", "name", "house", "mailing",
                                 "indirizzo", "via", "civico", "numero", "n", "адрес", "улица", "номер", "на", "alamat",
                                 "jalan", "nomor", "rumah"])
_SECOND_LINE = re.compile(r"\b(?:2|3|extended)\b")

# headers that name something else than a field, though a field's word is in them: the record's
# owner (a sales rep), parts of a name the lead record has no place for; and a header ending in a
# qualifier is about a field, not the field: the type or label of a value in CRM exports ("Phone 1 -
# Type": Mobile, Work), the record's status, id or creation date ("Email Domain", "Create Date")
NOT_FIELDS = frozenset({"middle name", "additional name", "suffix", "name suffix", "nickname", "phonetic name",
                        "contact owner", "lead owner", "account owner", "owner", "record owner"})
QUALIFIERS = frozenset({"owner", "type", "label", "status", "id", "source", "created", "modified", "updated",
                        "verified", "count", "score", "domain", "date"})
# "<thing> name" names the thing: a site, shop or school is a firm the list would call ("Site name",
# "Nome struttura", "Nama Toko"); a program, product or campaign is no lead's field ("Program Name",
# Salesforce's "Opportunity Name"). Any other word before "name" (Contact, Customer, Display) is a person's
NAME_WORDS = frozenset({"name", "nome", "nama", "име"})
FIRM_WORDS = frozenset({
    "site", "school", "store", "shop", "restaurant", "venue", "facility", "location", "practice", "clinic",
    "hospital", "hotel", "branch", "office", "centre", "center", "agency", "provider", "institution", "property",
    "vendor", "supplier", "dealer", "club", "church", "organisation", "organization", "establishment", "outlet",
    "struttura", "negozio", "esercizio", "locale", "scuola", "studio", "ente", "punto", "vendita", "filiale",
    "обект", "обекта", "магазин", "магазина", "училище", "училището", "клон", "клона", "офис", "офиса",
    "заведение", "заведението", "институция", "институцията",
    "toko", "usaha", "sekolah", "kantor", "cabang", "klinik", "warung", "lembaga"})
THING_WORDS = frozenset({
    "program", "programme", "product", "campaign", "event", "course", "project", "list", "file", "plan",
    "service", "package", "item", "category", "group", "team", "deal", "opportunity", "document", "tag",
    "segment", "form", "sheet", "brand", "model", "user", "username", "screen",
    "programma", "prodotto", "campagna", "evento", "corso", "progetto", "servizio", "gruppo", "squadra",
    "програма", "продукт", "кампания", "събитие", "курс", "проект", "услуга", "група", "екип",
    "produk", "kampanye", "acara", "kursus", "proyek", "layanan", "grup", "tim"})
_LOOKUP: dict[str, tuple[str, str]] = {}


def fold_header(text: str) -> str:
    """Lower-case, strip accents (but keep Cyrillic letters) and collapse punctuation to spaces."""
    return re.sub(r"[\W_]+", " ", strip_accents(str(text).replace("\ufeff", "").lower())).strip()


for _field, _by_lang in SYNONYMS.items():
    for _lang, _names in _by_lang.items():
        for _name in _names:
            _LOOKUP.setdefault(fold_header(_name), (_field, _lang))


@dataclass(frozen=True)
class HeaderMatch:
    """What one header names: the field and the language of the synonym, and how sure the match is."""
    field: str | None = None
    language: str | None = None
    strength: int = 0  # 3: a synonym; 2: a synonym inside a longer header; 1: a weak synonym (a suburb)
    key: str = ""      # the folded header


@lru_cache(maxsize=4096)
def match_header(header: str) -> HeaderMatch:
    """The field one header names (HeaderMatch() when it names none)."""
    key = fold_header(header)
    if key in _LOOKUP:
        return HeaderMatch(*_LOOKUP[key], 1 if key in WEAK_SYNONYMS else 3, key)
    words = key.split()
    plain = " ".join(w for w in words if not w.isdigit())  # "Organization 1 - Name", "E-mail 2 Address"
    if plain in NOT_FIELDS or (words and words[-1] in QUALIFIERS):
        return HeaderMatch(key=key)
    if plain in _LOOKUP:
        return HeaderMatch(*_LOOKUP[plain], 1 if plain in WEAK_SYNONYMS else 2, key)
    # tolerate decorations: the last words name the thing ("Company Phone", "Nome Azienda",
    # "Address 1 - City"), else the first ones ("Telefono (fisso)", "Email 2", "Phone 1 - Value")
    parts = [" ".join(words[-size:]) for size in range(len(words) - 1, 0, -1)]
    parts += [" ".join(words[:size]) for size in range(len(words) - 1, 0, -1)]
    for part in parts:
        if part in _LOOKUP:
            if part in NAME_WORDS:
                return _whose_name(words, part, key)
            return HeaderMatch(*_LOOKUP[part], 1 if part in WEAK_SYNONYMS else 2, key)
    return HeaderMatch(key=key)


def _whose_name(words: list[str], name: str, key: str) -> HeaderMatch:
    """A decorated header whose field word is a bare "name": a firm's, a thing's or a person's name."""
    others = set(words) - {name}
    if others & FIRM_WORDS:
        return HeaderMatch("company", _LOOKUP[name][1], 2, key)
    if others & THING_WORDS:
        return HeaderMatch(key=key)
    return HeaderMatch(*_LOOKUP[name], 2, key)


def map_header(header: str) -> tuple[str | None, str | None]:
    """Return (canonical field, language) for one header, or (None, None) when it is unknown."""
    match = match_header(header)
    return match.field, match.language


def address_group(key: str) -> str:
    """Whose address a folded address header is about: '' for 'Street', 'business' for 'Business Street 2'."""
    return " ".join(w for w in key.split() if w not in _ADDRESS_PART_WORDS and not w.isdigit())


def join_order(header: str) -> int:
    """Where an address part goes when the parts are joined: 0 for the number and street (as the file orders
    them: 12 High Street, Via Roma 12), 1 for a second line (address 2, extended address)."""
    return 1 if _SECOND_LINE.search(fold_header(header)) else 0


def map_headers(headers: list[str], fixed: dict[int, str | None] | None = None,
                accepts=None) -> tuple[dict[int, str], str | None]:
    """Map a header row: {column index: field} for known columns, plus the dominant language.

    Surer matches claim first (a synonym before a decorated header, a suburb last), then columns in order.
    A field claimed twice keeps its first column (a second "phone" becomes "mobile" when free), but for
    the address, whose parts (number, street, line 2) of one group are joined;
    unknown and duplicate columns stay unmapped and are passed through as extras.
    `fixed` maps columns the user mapped ({index: field, or None for "leave unmapped"}); `accepts(index,
    field)`, if given, may refuse a header's field for what the column holds (`columns.py`).
    """
    matches = [match_header(h) for h in headers]
    fixed = fixed or {}
    mapping: dict[int, str] = {i: f for i, f in fixed.items() if f}
    votes: dict[str, int] = {}
    group: str | None = None
    for index in sorted(range(len(headers)), key=lambda i: (-matches[i].strength, i)):
        match = matches[index]
        field = match.field
        if field is None or index in fixed:
            continue
        if accepts is not None and not accepts(index, field):
            continue
        if field in MULTI_COLUMN_FIELDS:
            group = address_group(match.key) if group is None else group
            field = field if address_group(match.key) == group else None
        elif field in mapping.values():
            field = "mobile" if field == "phone" and "mobile" not in mapping.values() else None
        if field is None:
            continue
        mapping[index] = field
        if match.language and match.language != "xx":
            votes[match.language] = votes.get(match.language, 0) + 1
    language = max(votes, key=votes.get) if votes else None
    return dict(sorted(mapping.items())), language
