"""lead_signals and lead_junk: the facts a lead is scored on (title, size, budget, timeline, placeholder or mashed
names, shared phones), and the junk score with its parts and the source's own junk prior."""
import duckdb
import pytest

from transforms.core.store import load_reference_tables, materialise

LEAD = {"lead_id": "L1", "first_name": "Mario", "last_name": "Bianchi", "name_key": "bianchi mario",
        "company": "Bianchi S.r.l.", "job_title": None, "city": "Milano", "country": "IT", "employees": None,
        "industry": None, "budget": None, "timeline": None, "phones": ["+393471234567"],
        "has_valid_phone": True, "has_valid_email": True}
LEAD_TYPES = {"phones": "varchar[]", "has_valid_phone": "boolean", "has_valid_email": "boolean"}


@pytest.fixture
def signals():
    def run(*leads: dict) -> dict[str, dict]:
        """lead_signals of leads given as changes to LEAD, by lead_id."""
        con = duckdb.connect()
        load_reference_tables(con)
        con.execute(f"create table leads ({', '.join(c + ' ' + LEAD_TYPES.get(c, 'varchar') for c in LEAD)})")
        con.executemany(f"insert into leads values ({', '.join('?' * len(LEAD))})",
                        [list({**LEAD, **lead}.values()) for lead in leads])
        con.execute("create table crm_history (job_title varchar, industry varchar)")
        for model in ("title_classes", "industry_classes", "lead_signals"):
            materialise(con, model)
        cursor = con.execute("select * from lead_signals")
        names = [c[0] for c in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    return run


@pytest.mark.parametrize("title, seniority", [
    ("Vice President Sales", "director"), ("VP of Marketing", "director"), ("Vice-President", "director"),
    ("Vicepresidente", "director"), ("Вицепрезидент", "director"), ("Заместник-управител", "director"),
    ("Wakil Direktur", "director"), ("President", "executive"), ("Presidente", "executive"),
    ("Управител", "executive"), ("Presiden Direktur", "executive"),
])
def test_a_vice_president_is_a_director_and_a_president_an_executive(signals, title, seniority):
    got = signals({"job_title": title})["L1"]
    assert (got["title_level"], got["seniority"]) == ("decision_maker", seniority)


def test_title_and_industry_are_read_in_the_leads_language(signals):
    got = signals({"lead_id": "BG", "job_title": "Управител", "industry": "Строителство", "country": "BG"},
                  {"lead_id": "IT", "job_title": "Volontario", "industry": " Toelettatura cani "},
                  {"lead_id": "ID", "job_title": None, "industry": "Perbankan", "country": "ID"})
    assert [(got[k]["title_level"], got[k]["seniority"], got[k]["industry_key"]) for k in ("BG", "IT", "ID")] == [
        ("decision_maker", "executive", "construction"),
        ("unknown", "unknown", "toelettatura cani"),  # an unknown industry is kept as written, lower case
        ("none", "none", "financial_services")]


def test_ceos_in_any_language_are_executives_and_a_pharmacy_is_no_farm(signals):
    got = signals({"lead_id": "BG", "job_title": "Генерален директор", "industry": "Аптека", "country": "BG"},
                  {"lead_id": "GB", "job_title": "Chief Executive Officer", "industry": "Technology"},
                  {"lead_id": "IT", "job_title": "Amministratore Delegato", "industry": "Farmacia"},
                  {"lead_id": "ID", "job_title": "Direktur Utama", "industry": "Teknologi Informasi"},
                  {"lead_id": "US", "job_title": "Sales Director", "industry": "Dairy farming"})
    assert {k: (v["seniority"], v["industry_key"]) for k, v in got.items()} == {
        "BG": ("executive", "healthcare"), "GB": ("executive", "software_it"), "IT": ("executive", "healthcare"),
        "ID": ("executive", "software_it"), "US": ("director", "agriculture")}

@pytest.mark.parametrize("employees, size, band", [
    ("50-249", 149.5, "100-249"), ("1.200", 1200, "1000-4999"), ("oltre 1.000", 1000, "1000-4999"),
    ("12", 12, "10-19"),
    ("393471234567", None, None),  # a phone number in the employees column is no company size
])
def test_company_size_is_read_as_written(signals, employees, size, band):
    got = signals({"employees": employees})["L1"]
    assert (got["employees_n"], got["size_band"]) == (pytest.approx(size) if size else None, band)


def test_budget_and_timeline_are_read_in_the_lists_formats(signals):
    got = signals({"lead_id": "BG", "budget": "BGN 20 000", "timeline": "Веднага"},
                  {"lead_id": "ID", "budget": "Rp 500.000.000", "timeline": "Segera, bulan ini"},
                  {"lead_id": "GB", "budget": "£50,000", "timeline": "6-12 months"},
                  {"lead_id": "IT", "budget": None, "timeline": None})
    assert {k: (v["budget_n"], v["has_timeline"], v["timeline_soon"]) for k, v in got.items()} == {
        "BG": (20000, True, True), "ID": (500_000_000, True, True), "GB": (50000, True, False),
        "IT": (None, False, False)}



@pytest.mark.parametrize("budget, amount", [
    ("€ 50.000,00", 50000), ("$120,000.50", 120000.5),  # the last separator decides: decimal unless 3 digits follow
    ("1.200", 1200), ("50,00", 50), ("1.000.000,50", 1000000.5), ("£50,000", 50000),
    ("50k", 50000), ("€50K", 50000), ("1,5 mln", 1_500_000), ("1.5M", 1_500_000), ("50 mila euro", 50000),
    ("120 000 лв.", 120000), ("120\u00a0000 лв.", 120000), ("50 хил. лв.", 50000), ("2 млн. лв.", 2_000_000),
    ("Rp 50.000.000", 50_000_000), ("Rp 50 juta", 50_000_000), ("Rp 500rb", 500_000),
    ("1 500k", 1_500_000), ("1.500 mln", 1_500_000_000),  # millecinquecento milioni
    ("10.000-20.000", 10000),  # a range is read as its first number
    ("50 mq", 50),  # an m that starts a word is no million
    ("n/a", None), ("da definire", None),
])
def test_a_budget_is_read_with_its_separators_and_multiplier(signals, budget, amount):
    assert signals({"budget": budget})["L1"]["budget_n"] == (pytest.approx(amount) if amount else None)


@pytest.mark.parametrize("timeline", [
    "ASAP", "a.s.a.p.", "Now", "Immediately", "urgent", "this month", "1-3 months", "Q3",
    "subito", "Urgente", "entro fine mese", "entro il mese", "entro 30 giorni", "entro 3 mesi", "al più presto",
    "веднага", "Спешно", "сега", "този месец",
    "segera", "Segera, bulan ini", "sesegera mungkin",
    "not now, but ASAP", "non subito ma entro fine mese", "no later than this month",
    "2 weeks from now", "within 10 days", "in a couple of weeks", "in 2 months", "a month from now",
])
def test_a_timeline_that_buys_soon(signals, timeline):
    assert signals({"timeline": timeline})["L1"]["timeline_soon"] is True


@pytest.mark.parametrize("timeline", [
    "Unknown", "n/a", "known", "not now", "not right now", "Not this quarter", "isn't urgent", "non-urgent",
    "6-12 months", "6 months from now", "in 6 months", "a year from now", "20 weeks from now",
    "dentro l'anno", "entro l'anno", "entro 6 mesi", "Non subito", "non è urgente", "non prima di settembre",
    "не сега", "не е спешно", "засега", "досега", "неспешно",
    "tidak segera", "belum segera",
    "Q3 2027", "q1/26", "2027 Q1", "Q4 del 2027",  # a quarter with a year may be years away
])
def test_a_timeline_that_does_not_buy_soon(signals, timeline):
    got = signals({"timeline": timeline})["L1"]
    assert (got["has_timeline"], got["timeline_soon"]) == (True, False)

def test_placeholder_stock_and_keyboard_mash_names(signals):
    got = signals(
        {"lead_id": "test", "first_name": "Test", "last_name": "Test", "name_key": "test test"},
        {"lead_id": "ivan", "first_name": "Иван", "last_name": "Иванов", "name_key": "ivan ivanov",
         "company": None},  # the Bulgarian "John Doe", with nothing else to vouch for him
        {"lead_id": "mario", "first_name": "Mario", "last_name": "Rossi", "name_key": "mario rossi"},  # e-mail, firm
        {"lead_id": "mash", "first_name": "Qwrtzx", "last_name": "Bbbb", "name_key": "bbbb qwrtzx"},
        {"lead_id": "georgi", "first_name": "Георги", "last_name": "Петров", "name_key": "georgi petrov"},
        {"lead_id": "noname", "first_name": None, "last_name": None, "name_key": None},
        # a filler is a placeholder only alone: "N/A", "Nome Cognome"; the Korean surname Na is a name
        {"lead_id": "na", "first_name": "N/A", "last_name": None, "name_key": "na"},
        {"lead_id": "nome", "first_name": "Nome", "last_name": "Cognome", "name_key": "cognome nome"},
        {"lead_id": "korean", "first_name": "Min-jun", "last_name": "Na", "name_key": "min-jun na"})
    flags = ("is_placeholder_name", "is_stock_name", "is_mash_name", "has_no_name")
    assert {k: [f for f in flags if v[f]] for k, v in got.items()} == {
        "test": ["is_placeholder_name"], "na": ["is_placeholder_name"], "nome": ["is_placeholder_name"],
        "korean": [],
        "ivan": ["is_stock_name"], "mario": [], "mash": ["is_mash_name"], "georgi": [],
        "noname": ["has_no_name"]}


def test_a_phone_shared_by_many_leads_and_a_title_without_company(signals):
    shared = {"phones": ["+6281234567890"]}
    got = signals({"lead_id": "A", **shared}, {"lead_id": "B", **shared},
                  {"lead_id": "C", **shared, "job_title": "Direktur", "company": None},
                  {"lead_id": "D", "phones": []})
    assert {k: (v["leads_per_phone"], v["has_title_without_company"]) for k, v in got.items()} == {
        "A": (3, False), "B": (3, False), "C": (3, True), "D": (0, False)}


# lead_junk, on hand-written lead_signals
JUNK_FLAGS = ("is_placeholder_name", "is_stock_name", "is_mash_name", "has_no_name", "has_placeholder_phone",
              "has_premium_phone", "has_invalid_phone", "has_placeholder_email", "has_disposable_email",
              "has_invalid_email", "has_title_without_company")


@pytest.fixture
def junk():
    def run(*leads: dict) -> dict[str, dict]:
        """lead_junk of leads given as {lead_id, sources, flags that are on, leads_per_phone}, by lead_id."""
        con = duckdb.connect()
        flags = ", ".join(f + " boolean" for f in JUNK_FLAGS)
        con.execute("create table lead_signals (lead_id varchar, sources varchar, has_valid_phone boolean, "
                    f"has_valid_email boolean, leads_per_phone bigint, {flags})")
        for lead in leads:
            row = {"sources": "fiera", "has_valid_phone": True, "has_valid_email": True, "leads_per_phone": 1,
                   **dict.fromkeys(JUNK_FLAGS, False), **lead}
            con.execute(f"insert into lead_signals by name select {', '.join('$' + c + ' as ' + c for c in row)}", row)
        materialise(con, "lead_junk")
        return {lead_id: {"codes": [p["code"] for p in parts], "score": score, "source_rate": rate}
                for lead_id, parts, score, rate in con.execute(
                    "select lead_id, junk_parts, junk_score, source_junk_rate from lead_junk").fetchall()}
    return run


def test_a_clean_lead_from_a_clean_list_is_no_junk(junk):
    assert junk({"lead_id": "L1"}) == {"L1": {"codes": [], "score": 0, "source_rate": 0}}


def test_a_placeholder_lead_switches_its_junk_parts_on(junk):
    # "Test Test", 000 0000000, test@test.com: nothing to call
    got = junk({"lead_id": "L1", "sources": "elenco", "is_placeholder_name": True, "has_placeholder_phone": True,
                "has_invalid_phone": True, "has_valid_phone": False, "has_placeholder_email": True,
                "has_valid_email": False},
               {"lead_id": "L2", "has_invalid_phone": True, "has_invalid_email": True})  # also has good contacts
    assert got["L1"]["codes"] == ["junk_placeholder_name", "junk_fake_phone", "junk_placeholder_email",
                                  "junk_uncontactable"]
    base = 1 - 0.25 * 0.45 * 0.55 * 0.65  # noisy-or of the four weights
    assert got["L1"]["score"] == pytest.approx(1 - (1 - base) * 0.5)  # its list is all junk: prior 0.5 x 1^2
    assert got["L2"] == {"codes": [], "score": 0, "source_rate": 0}


def test_a_list_full_of_junk_raises_the_junk_of_its_clean_leads(junk):
    got = junk({"lead_id": "J", "sources": "elenco", "is_placeholder_name": True},
               {"lead_id": "C", "sources": "elenco"},
               {"lead_id": "B", "sources": "elenco;fiera"})  # also in the clean trade-show list
    assert got["J"]["source_rate"] == pytest.approx(1 / 3)
    assert got["C"]["score"] == pytest.approx(0.5 / 9)
    assert got["B"]["score"] == 0  # a lead takes its cleanest list's prior
