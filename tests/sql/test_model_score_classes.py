"""title_classes and industry_classes: job titles and industries of the leads and the CRM history, read in
the lists' languages (Italian, Bulgarian, Indonesian, English) with the ref_title_levels / ref_industries patterns."""
import duckdb
import pytest

from transforms.core.store import load_reference_tables, materialise


def classes(model: str, leads: list[tuple] = (), crm: list[tuple] = ()) -> dict[str, tuple]:
    """Run `model` on leads and CRM rows of (job_title, industry); returns {lower-case value: class columns}."""
    con = duckdb.connect()
    load_reference_tables(con)
    for table, rows in (("leads", leads), ("crm_history", crm)):
        con.execute(f"create table {table} (job_title varchar, industry varchar)")
        if rows:
            con.executemany(f"insert into {table} values (?, ?)", rows)
    materialise(con, model)
    return {row[0]: row[1:] for row in con.execute(f"select * from {model}").fetchall()}


def titles(*job_titles: str, crm: tuple[str, ...] = ()) -> dict[str, tuple]:
    return classes("title_classes", [(t, None) for t in job_titles], [(t, None) for t in crm])


def industries(*names: str, crm: tuple[str, ...] = ()) -> dict[str, tuple]:
    return classes("industry_classes", [(None, i) for i in names], [(None, i) for i in crm])


@pytest.mark.parametrize("title", ["Amministratore Delegato", "Titolare", "Управител", "Изпълнителен директор",
                                   "Генерален директор",  # the Bulgarian general director is the CEO
                                   "Direktur Utama", "Managing Director", "Chief Executive Officer", "CEO"])
def test_owners_and_ceos_are_executive_decision_makers(title):
    assert titles(title) == {title.lower(): ("executive", "decision_maker")}


@pytest.mark.parametrize("title, expected", [
    ("Търговски директор", ("director", "decision_maker")),    # any other Bulgarian "директор" decides
    ("Sales Director", ("director", "decision_maker")),
    ("Director of Marketing", ("director", "decision_maker")),
    ("Chief Financial Officer", ("director", "decision_maker")),  # a chief other than the chief executive
    ("Direttore Commerciale", ("director", "decision_maker")),
    ("Direktur Pemasaran", ("director", "decision_maker")),
    ("Executive Assistant to the Chief Executive Officer", ("staff", "staff")),
    ("Responsabile Acquisti", ("director", "decision_maker")),  # the buyer outranks ...
    ("Responsabile Marketing", ("manager", "influencer")),      # ... other "responsabile"
    ("Executive Assistant", ("staff", "staff")),                # the assistant pattern comes before "executive"
    ("Търговски представител", ("staff", "staff")),
    ("Stagista", ("junior", "staff")),
])
def test_the_first_matching_pattern_decides(title, expected):
    assert titles(title)[title.lower()] == expected


def test_titles_of_leads_and_crm_history_are_classed_once_each():
    assert titles("Titolare", "TITOLARE", "Volontario", crm=("titolare", "Kepala Bagian")) == {
        "titolare": ("executive", "decision_maker"),
        "kepala bagian": ("director", "decision_maker"),  # from the CRM history only
    }  # "volontario" matches no pattern and has no row


@pytest.mark.parametrize("industry, key", [
    ("Manifattura", "manufacturing"), ("Производство", "manufacturing"), ("Manufaktur", "manufacturing"),
    ("Edilizia", "construction"), ("Строителство", "construction"),
    ("Perbankan", "financial_services"), ("Banca", "financial_services"), ("Insurance", "financial_services"),
    ("Technology", "software_it"), ("Tech", "software_it"), ("Information Technology", "software_it"),
    ("Tecnologia", "software_it"), ("Информационни технологии", "software_it"), ("Teknologi", "software_it"),
    ("Farmacia", "healthcare"), ("Pharmaceuticals", "healthcare"), ("Аптека", "healthcare"),
    ("Apotek", "healthcare"), ("Farmasi", "healthcare"),
    ("Farming", "agriculture"), ("Dairy farm", "agriculture"), ("Aziende agricole", "agriculture"),
])
def test_industries_in_any_language_share_one_key(industry, key):
    assert industries(industry) == {industry.lower(): (key,)}


def test_it_is_a_word_not_a_pair_of_letters():
    found = industries("Servizi IT", "IT services", "Recruiting", "Editoria")
    assert found == {"servizi it": ("software_it",), "it services": ("software_it",)}


def test_industries_of_the_crm_history_are_classed_and_unknown_ones_left_out():
    assert industries("Logistica", crm=("Hotel e ristorazione", "Pet grooming")) == {
        "logistica": ("logistics",), "hotel e ristorazione": ("hospitality",)}


@pytest.mark.parametrize("industry, key", [
    ("Industria farmaceutica", "healthcare"),    # the named sector before the broad "industria" ...
    ("Tecnologie medicali", "healthcare"),       # ... and before the generic "technology" words
    ("Banking software", "software_it"),         # software before the customers' sector
    ("Energy technology", "energy"),
    ("Biotecnologie", "healthcare"), ("Biotechnology", "healthcare"),
])
def test_when_more_industries_match_the_more_specific_one_wins(industry, key):
    assert industries(industry) == {industry.lower(): (key,)}


def test_farm_and_tech_are_words_not_parts_of_words():
    assert industries("Farmacia", "Farmland", "Hi-Tech", "Fintech", "Techno music") == {
        "farmacia": ("healthcare",), "farmland": ("agriculture",), "hi-tech": ("software_it",),
        "fintech": ("financial_services",)}  # not software_it by its "tech"; "techno" is no tech
