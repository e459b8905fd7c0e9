"""Synthetic messy lead lists with ground truth, for leadsweep tests, benchmarks and the bundled sample.

    python bench/generate.py OUT_DIR --people N [--seed S] [--files-only]

Creates N true people (IT/BG/ID/GB), emits 1-3 rows per person into six lead files with different
encodings and formats, mixes in junk rows, and writes the extras (dnc.csv, customers.csv, truth.csv,
truth_meta.json, people.csv: each person's true first and last name) into OUT_DIR/_meta/ (skipped with
--files-only). Deterministic for a seed.
Faker only builds small name/street pools; rows are sampled with numpy and plain list operations.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import time
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np

IT, BG, ID, GB = range(4)
ISO = ["IT", "BG", "ID", "GB"]
CC = ["39", "359", "62", "44"]
FILES = ["fornitore_lombardia.csv", "kontakti_sofia.csv", "prospek_jakarta.csv",
         "tradeshow_london.xlsx", "webform.jsonl", "elenco_telefonico.txt"]
XLSX_CAP = 20_000  # openpyxl is slow: the rest of the tradeshow rows go to the JSONL
CSV_FILES = {  # encoding, delimiter, line end, header
    0: ("cp1252", ";", "\r\n", ("Nome;Cognome;Ragione Sociale;Qualifica;Telefono;Cellulare;E-mail;Indirizzo;"
                                "Città;CAP;Provincia;Dipendenti;Settore;Scadenza contratto;Note")),
    1: ("cp1251", ",", "\r\n", ("Име,Фамилия,Фирма,Длъжност,Телефон,Имейл,Град,Пощенски код,"
                                "Служители,Бележки")),
    2: ("utf-8-sig", "\t", "\n", ("Nama Lengkap\tPerusahaan\tJabatan\tNo. HP\tTelepon Kantor\tEmail\tKota\t"
                                  "Kode Pos\tJumlah Karyawan\tAnggaran\tCatatan")),
    5: ("utf-8", "|", "\n", "nominativo|telefono|indirizzo|citta")}
XLSX_HEADER = ["First Name", "Last Name", "Company", "Job Title", "Phone", "Email", "Country", "Employees",
               "Industry", "Budget", "Timeline"]
# city, postcode, province, landline area code (trunk 0 kept), fixed digits before the random part, weight
CITIES = [
    [("Milano", "20121", "MI", "02", "4", 40), ("Roma", "00184", "RM", "06", "5", 10),
     ("Fiumicino", "00054", "RM", "06", "6", 2), ("Bergamo", "24121", "BG", "035", "", 10),
     ("Brescia", "25121", "BS", "030", "", 10), ("Monza", "20900", "MB", "039", "", 8),
     ("Como", "22100", "CO", "031", "", 6), ("Torino", "10121", "TO", "011", "", 6),
     ("Bologna", "40121", "BO", "051", "", 5), ("Napoli", "80121", "NA", "081", "", 2),
     ("Firenze", "50121", "FI", "055", "", 2)],
    [("София", "1000", "", "02", "9", 50), ("Пловдив", "4000", "", "032", "", 15),
     ("Варна", "9000", "", "052", "", 12), ("Бургас", "8000", "", "056", "", 8),
     ("Русе", "7000", "", "082", "", 5), ("Стара Загора", "6000", "", "042", "", 5),
     ("Плевен", "5800", "", "064", "", 5)],
    [("Jakarta", "10110", "", "021", "5", 45), ("Tangerang", "15111", "", "021", "8", 10),
     ("Bekasi", "17111", "", "021", "3", 8), ("Surabaya", "60111", "", "031", "", 15),
     ("Bandung", "40111", "", "022", "", 10), ("Semarang", "50111", "", "024", "", 6),
     ("Medan", "20111", "", "061", "", 6)],
    [("London", "", "", "020", "72", 55), ("Manchester", "", "", "0161", "4", 12),
     ("Birmingham", "", "", "0121", "4", 12), ("Leeds", "", "", "0113", "4", 8),
     ("Glasgow", "", "", "0141", "4", 7), ("Bristol", "", "", "0117", "4", 6)]]
LAND_DIGITS = [7, 6, 7, 6]  # random landline digits per country
MOBILE = [  # (prefixes, random digits): all verified valid with the phonenumbers library
    (["320", "328", "329", "333", "334", "335", "338", "339", "340", "347", "348", "349", "366", "380",
      "388", "389", "392", "393"], 7),
    (["087", "088", "089"], 7),
    (["0811", "0812", "0813", "0817", "0819", "0821", "0822", "0852", "0853", "0857", "0858", "0877",
      "0878", "0881", "0896", "0899"], 8),
    (["07400", "07412", "07507", "07711", "07723", "07734", "07780", "07801", "07812", "07825", "07833",
      "07901", "07912", "07940", "07956", "07983"], 6)]
FREE_MAIL = [["gmail.com", "libero.it", "yahoo.it", "hotmail.it"], ["abv.bg", "gmail.com", "mail.bg"],
             ["gmail.com", "yahoo.co.id", "ymail.com"],
             ["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"]]
TLD = [".it", ".bg", ".co.id", ".co.uk"]
FORMS = [  # per country: legal forms as [canonical template, variants...], and their weights
    ([["{} S.r.l.", "{} SRL", "{} s.r.l", "{} Srl", "{} S.R.L."],
      ["{} S.p.A.", "{} SpA", "{} S.P.A.", "{} spa"],
      ["{} S.a.s.", "{} sas", "{} S.A.S."], ["{} S.n.c.", "{} snc", "{} SNC"]], [.6, .15, .1, .15]),
    ([["{} ЕООД", "„{}“ ЕООД", "ЕООД „{}“"], ["{} ООД", "„{}“ ООД", "ООД „{}“"], ["{} АД", "„{}“ АД"],
      ["{} ЕАД", "„{}“ ЕАД"]], [.45, .35, .1, .1]),
    ([["PT {}", "PT. {}", "P.T. {}"], ["CV {}", "CV. {}", "C.V. {}"], ["PT {} Tbk", "PT. {} Tbk.", "{} Tbk"]],
     [.65, .25, .1]),
    ([["{} Ltd", "{} Limited", "{} LTD", "{} Ltd."], ["{} PLC", "{} plc"], ["{} LLP", "{} llp"]],
     [.8, .1, .1])]
DESCR = [["Costruzioni", "Impianti", "Trasporti", "Meccanica", "Informatica", "Alimentari", "Servizi",
          "Logistica", "Arredamenti", "Elettronica"],
         ["Трейд", "Строй", "Консулт", "Груп", "Транс", "Инвест", "Софт", "Агро", "Медикъл", "Енерджи"],
         ["Jaya", "Abadi", "Makmur", "Mandiri", "Lestari", "Sejahtera", "Sentosa", "Utama", "Agung",
          "Perkasa", "Persada", "Gemilang"],
         ["Solutions", "Holdings", "Engineering", "Logistics", "Consulting", "Systems", "Trading", "& Sons",
          "Partners", "Digital"]]
ID_WORDS = ["Maju", "Sinar", "Sumber", "Karya", "Cahaya", "Bumi", "Mulia", "Prima", "Nusantara", "Surya",
            "Mitra", "Berkah", "Bintang", "Graha"]
TITLES = {  # by seniority level 0-4: intern, staff, manager, director, owner/CEO
    "it": [["Stagista", "Tirocinante"],
           ["Impiegato", "Segretaria", "Centralinista", "Impiegata amministrativa"],
           ["Responsabile Marketing", "Capo Ufficio", "Area Manager"],
           ["Direttore Commerciale", "Responsabile Acquisti", "Direttore Generale"],
           ["Titolare", "Amministratore Delegato", "Legale Rappresentante"]],
    "bg": [["Стажант"], ["Търговски представител", "Счетоводител", "Асистент"],
           ["Мениджър продажби", "Ръководител отдел"], ["Търговски директор", "Финансов директор"],
           ["Управител", "Собственик", "Изпълнителен директор"]],
    "id": [["Magang"], ["Staf Administrasi", "Sekretaris", "Staf Gudang"],
           ["Manajer Pemasaran", "Manajer Penjualan"],
           ["Direktur Keuangan", "Kepala Pembelian"], ["Direktur Utama", "Pemilik", "Komisaris"]],
    "en": [["Intern", "Trainee"], ["Office Assistant", "Receptionist", "Account Executive"],
           ["Sales Manager", "Marketing Manager", "Operations Manager"],
           ["Head of Procurement", "Sales Director", "CFO"],
           ["CEO", "Managing Director", "Owner", "Founder"]]}
GENDERED = [{"Segretaria": "Segretario", "Impiegata amministrativa": "Impiegato amministrativo"},  # male
            {"Impiegato": "Impiegata"}]  # female
LEVEL_W = np.array([0.3, 1.0, 3.0, 6.0, 10.0])  # value weight per seniority level
INDUSTRIES = [("Manufacturing", "Manifatturiero", 1.2), ("Software & IT", "Informatica", 1.4),
              ("Retail", "Commercio al dettaglio", 0.8), ("Construction", "Edilizia", 0.9),
              ("Logistics", "Logistica e trasporti", 1.0), ("Healthcare", "Sanità", 1.1),
              ("Hospitality", "Ristorazione", 0.5), ("Financial Services", "Servizi finanziari", 1.6),
              ("Agriculture", "Agricoltura", 0.6), ("Energy", "Energia", 1.5)]
COMPETITORS = [["TelcoNord", "EnergiaPiù", "Voxa Italia"], ["Телеком Плюс", "ЕнергоСофт"],
               ["PT Nusantara Telekom", "PT Energi Prima"], ["Britel", "PowerGrid UK"]]
COUNTRY_NAMES = [["Italy", "Italia", "IT", "italy"], ["Bulgaria", "BG", "България"],
                 ["Indonesia", "ID", "INDONESIA"], ["United Kingdom", "UK", "GB", "England"]]
FORMULAS = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
JUNK_NAMES = [("Test", "Test"), ("asdf", "asdf"), ("Mario", "Rossi"), ("Mario", "Rossi"),
              ("Paolino", "Paperino"), ("Mickey", "Mouse"), ("xxx", "xxx"), ("Prova", "Prova"),
              ("aaa", "bbb"), ("Nome", "Cognome"), ("Donald", "Duck"), ("N/A", "N/A"), ("Test", "Data")]
JUNK_MAILS = ["test@test.com", "test@test.com", "asdf@mailinator.com", "asdf@mailinator.com", "a@a.a",
              "noreply@example.com", ""]
JUNK_PHONES = ["0000000", "0000000", "1234567", "06 00000000", "899 123456", "123456789", "1111111", ""]
JUNK_COMPANIES = ["Test Srl", "asdf", "N/A", "xxx", "-", "Azienda Prova", ""]
BROKEN_JSON = ['{"full_name": "Giulia Bianchi", "email": "giulia.bianchi@gmail.com", "phone": "+39 347',
               "{'full_name': 'Test', 'email': None, 'phone': '0000000'}",
               '{"full_name": "asdf" "email": "asdf@mailinator.com"}']
# probabilities over the 6 files for a person's first row / further rows, by country
FIRST_P = [[.80, 0, 0, .08, .10, .02], [0, .82, 0, .08, .10, 0],
           [0, 0, .82, .08, .10, 0], [0, 0, 0, .65, .35, 0]]
DUP_P = [[.40, 0, 0, .20, .20, .20], [0, .45, 0, .30, .25, 0],
         [0, 0, .45, .30, .25, 0], [0, 0, 0, .50, .50, 0]]
JUNK_RATE = [.03, .03, .03, .02, .04]  # the phone book gets 1.5 junk rows per real row
# phone styles (see fmt_phone) allowed per file
STYLES = [[2, 3, 4, 5, 0], [2, 3, 4, 0, 1], [2, 3, 4, 0, 5], [2, 3, 1, 0], [0, 1, 2, 3, 4, 5], [2, 0, 5]]
_BG = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
               ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"], strict=True))
BG_LATIN = ({ord(k): v for k, v in _BG.items()} | {ord(k.upper()): v.capitalize() for k, v in _BG.items()}
            | {ord("„"): '"', ord("“"): '"'})


def translit(s: str) -> str:
    """Bulgarian streamlined system (ж zh, ц ts, щ sht, ъ a, ю yu, я ya; word-final -ия -> -ia)."""
    return re.sub(r"ия\b", "ia", s).replace("ИЯ", "IA").translate(BG_LATIN)


def strip_accents(s: str) -> str:
    return s if s.isascii() else unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


@cache
def slug(s: str) -> str:
    """ASCII lowercase letters/digits only, for e-mail local parts and domains."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(translit(s)).lower())


def typo(s: str, rr: random.Random) -> str:
    """One-character edit (substitute/delete/insert/transpose) that always changes s."""
    if len(s) < 3:
        return s + s[-1]
    pos, op = rr.randrange(1, len(s) - 1), rr.randrange(4)
    alpha = "аеиоунрст" if any("а" <= ch <= "я" for ch in s.lower()) else "aeiounrst"
    if op == 1:
        return s[:pos] + s[pos + 1:]
    if op == 2:
        return s[:pos] + rr.choice(alpha) + s[pos:]
    if op == 3 and s[pos] != s[pos + 1]:
        return s[:pos] + s[pos + 1] + s[pos] + s[pos + 2:]
    return s[:pos] + rr.choice([ch for ch in alpha if ch != s[pos]]) + s[pos + 1:]


def fmt_phone(c: int, ph: str, style: int) -> str:
    """Format ph ('AREA SUBSCRIBER', domestic, trunk 0 kept) of country c. Styles: 0 compact national,
    1 E.164, 2 grouped national, 3 spaced international, 4 country quirk (0039 .. / 02/987 65 43 /
    62812.. / +44 (0)..), 5 dashed (333-1234567)."""
    area, sub = ph.split(" ")
    full = area + sub
    nat = full if c == IT else full[1:]
    if style in (0, 1, 5):
        return full if style == 0 else f"+{CC[c]}{nat}" if style == 1 else f"{area}-{sub}"
    mobile = full[:2] in ("07", "08") or full[0] == "3"
    if c == BG:
        g = f"{full[:4]} {full[4:7]} {full[7:]}" if mobile else f"{area} {sub[:3]} {sub[3:]}"
    elif c == ID:
        g = f"{full[:4]}-{full[4:8]}-{full[8:]}" if mobile else f"({area}) {sub}"
    else:
        g = f"{area} {sub}" if mobile else f"{area} {sub[:-4]} {sub[-4:]}"
    if style == 2:
        return g
    if style == 4:
        slash = f"{area}/{sub[:-4]} {sub[-4:-2]} {sub[-2:]}"
        return ["0039 " + g, slash, CC[c] + nat, "+44 (0)" + g[1:]][c]
    g = g.replace("-", " ").replace("(", "").replace(")", "")
    return f"+{CC[c]} {g if c == IT else g[1:]}"


def bg_surnames(first_names: list[str]) -> list[str]:
    """Patronymic surnames: Петър -> Петров, Георги -> Георгиев, Никола -> Николов, Цоню -> Цонев."""
    out = []
    for n in dict.fromkeys(first_names):
        out.append(n[:-2] + "ров" if n.endswith("ър") else n[:-1] + "ев" if n[-1] in "йияю"
                   else n[:-1] + "ов" if n[-1] in "ао" else n + "ов")
    return out


def build_pools(seed: int) -> list[dict]:
    """Per-country pools: first names (fm/ff), surnames (lm/lf, index-aligned for BG) and IT streets."""
    from faker import Faker

    pools = []
    for c, loc in enumerate(["it_IT", "bg_BG", "id_ID", "en_GB"]):
        f = Faker(loc)
        f.seed_instance(seed)

        def uniq(fn, k=1500):
            return list(dict.fromkeys(fn() for _ in range(k)))

        p = {"fm": uniq(f.first_name_male), "ff": uniq(f.first_name_female), "lm": uniq(f.last_name_male),
             "lf": uniq(f.last_name_female), "street": uniq(f.street_name, 2000) if c == IT else []}
        if c == BG:  # Faker's BG pools are odd: add common names; female surname = male + а (Петров/Петрова)
            p["fm"] = ["Иван", "Георги", "Димитър", "Николай", "Петър", "Христо", "Тодор"] * 10 + p["fm"]
            p["ff"] = ["Мария", "Елена", "Иванка", "Петя", "Даниела", "Десислава", "Гергана"] * 10 + p["ff"]
            p["lm"] = list(dict.fromkeys(p["lm"] + bg_surnames(p["fm"])))
            p["lf"] = [n[:-1] + "а" if n.endswith("и") else n + "а" for n in p["lm"]]
        elif c == IT:  # more accented names: Niccolò / Nicolò, Lucà
            p["fm"] += ["Niccolò", "Nicolò"] * 25
            p["lm"] += ["Lucà", "Donà", "Cantù", "Paternò", "Ferrè"] * 20
        if c in (IT, GB):
            p["lf"] = p["lm"]
        pools.append(p)
    return pools


SIZE_BANDS = [(1, 19), (20, 500), (50, 1000), (200, 5000), (1000, 50_000)]  # an ideal customer's headcount


def random_profile(seed: int) -> dict:
    """An ideal-customer profile drawn at random (issue 20): 2-3 target industries, a company size band
    (a band can beat bigger firms) and the seniority that signs. A person's true worth is then
    10 x seniority weight x size weight x industry weight x noise, as the default profile's is."""
    rng = random.Random(seed)
    targets = rng.sample(range(len(INDUSTRIES)), rng.choice([2, 3]))
    industry = [round(rng.uniform(2.0, 3.0), 2) if i in targets else round(rng.uniform(0.3, 0.9), 2)
                for i in range(len(INDUSTRIES))]
    target_level = rng.choice([2, 3, 4])  # manager, director or executive (levels: junior .. executive)
    seniority = [0.3 if level == 0 else {0: 6.0, 1: 2.5}.get(abs(level - target_level), 1.0) for level in range(5)]
    return {"seed": seed, "industries": [INDUSTRIES[i][0] for i in sorted(targets)], "industry_w": industry,
            "size_band": rng.choice(SIZE_BANDS), "seniority_w": seniority}


def true_worth(level: np.ndarray, size: np.ndarray, industry: np.ndarray, noise: np.ndarray,
               profile: dict | None) -> np.ndarray:
    """What each person is worth: by default more for senior people, bigger firms and a few industries;
    under a profile, what that profile says."""
    if profile is None:
        ind_f = np.array([x[2] for x in INDUSTRIES])[industry]
        return np.round(10 * LEVEL_W[level] * (0.5 + np.log10(size + 1)) * ind_f * noise, 2)
    lo, hi = profile["size_band"]
    size_f = np.where((size >= lo) & (size <= hi), 2.5, 0.7)
    return np.round(10 * np.array(profile["seniority_w"])[level] * size_f * np.array(profile["industry_w"])[industry]
                    * noise, 2)


class Generator:
    """The population as column lists (index = person id or company id), and per-file row renderers."""

    def __init__(self, people: int, seed: int = 0, profile: dict | None = None):
        self.n, self.seed, self.profile = people, seed, profile
        self.total = people + max(40, people // 10)  # the extra people only feed the won/lost history
        self.rng, self.rr = np.random.default_rng(seed), random.Random(seed)
        self.pools, self.stats = build_pools(seed), Counter()
        self.make_companies()
        self.make_people()
        self.make_contacts()

    def _pick(self, lists: list, ctry: np.ndarray) -> list:
        """A random element of lists[c] for each element's country c."""
        u = self.rng.random(len(ctry))
        return [lists[c][int(x * len(lists[c]))] for c, x in zip(ctry.tolist(), u.tolist(), strict=True)]

    def make_companies(self):
        """People are grouped 1-4 per company within a country (groups of 2-4 are colleagues)."""
        rng = self.rng
        self.ctry = rng.choice(4, self.total, p=[.35, .2, .2, .25])
        comp, nc = np.empty(self.total, np.int64), 0
        for c in range(4):
            members = rng.permutation(np.flatnonzero(self.ctry == c))
            sizes = rng.choice([1, 2, 3, 4], len(members), p=[.88, .07, .03, .02])
            ids = np.repeat(np.arange(len(sizes)), sizes)[:len(members)]
            comp[members] = nc + ids
            nc += int(ids.max(initial=-1)) + 1
        cc = np.zeros(nc, np.int64)
        cc[comp] = self.ctry
        self.comp, self.c_ctry, self.c_members = comp, cc, np.bincount(comp, minlength=nc)
        self.c_size = np.clip(np.round(np.exp(rng.normal(2.6, 1.6, nc))), 1, 50_000).astype(np.int64)
        self.c_ind = rng.integers(0, len(INDUSTRIES), nc)
        self.c_city, self.c_form = np.zeros(nc, np.int64), np.zeros(nc, np.int64)
        for c in range(4):
            w, m = np.array([x[5] for x in CITIES[c]], float), cc == c
            self.c_city[m] = rng.choice(len(w), int(m.sum()), p=w / w.sum())
            self.c_form[m] = rng.choice(len(FORMS[c][1]), int(m.sum()), p=FORMS[c][1])
        surnames = [p["lm"] for p in self.pools]
        pat, s1, s2 = rng.integers(0, 3, nc).tolist(), self._pick(surnames, cc), self._pick(surnames, cc)
        descr, words = self._pick(DESCR, cc), self._pick([ID_WORDS] * 4, cc)
        self.c_base = [(f"{w} {d}" if pt else f"{w} {d} {a}") if c == ID else a if pt == 0
                       else f"{a} {d}" if pt == 1 or c == BG else f"{a}-{b}"
                       for c, pt, a, b, d, w in zip(cc.tolist(), pat, s1, s2, descr, words, strict=True)]
        seen, self.c_domain = Counter(), []  # rossisrl.it, rossicostruzioni.com, rossi2.it ...
        u_dom = rng.random(nc).tolist()
        for c, base, f, u in zip(cc.tolist(), self.c_base, self.c_form.tolist(), u_dom, strict=True):
            s = slug(base) + (slug(FORMS[c][0][f][0].replace("{}", "")) if u < .4 else "")
            seen[s] += 1
            self.c_domain.append(f"{s}{seen[s] if seen[s] > 1 else ''}{TLD[c] if u < .75 else '.com'}")
        self.c_street = rng.integers(0, len(self.pools[IT]["street"]), nc)
        self.c_civic = rng.integers(1, 200, nc)

    def make_people(self):
        """Names, seniority, value, contract end, customer/DNC flags and households."""
        rng, n, c = self.rng, self.total, self.ctry
        male, u = (rng.random(n) < .55).tolist(), rng.random(n).tolist()
        fm, ff = self._pick([p["fm"] for p in self.pools], c), self._pick([p["ff"] for p in self.pools], c)
        self.first = [a if m else b for a, b, m in zip(fm, ff, male, strict=True)]
        ln = [(p["lm"], p["lf"]) for p in self.pools]
        self.last = [ln[k][not m][int(x * len(ln[k][not m]))]
                     for k, m, x in zip(c.tolist(), male, u, strict=True)]
        self.male, size = male, self.c_size[self.comp]
        self.level = np.where(size < 10, rng.choice(5, n, p=[.03, .25, .1, .07, .55]),
                              rng.choice(5, n, p=[.06, .4, .25, .15, .14]))
        self.tj = rng.integers(0, 12, n)
        noise = rng.lognormal(0, .3, n)
        self.value = true_worth(self.level, size, self.c_ind[self.comp], noise, self.profile)
        d = np.datetime64("2026-10-01") + rng.integers(30, 1100, n)
        d = np.where(rng.random(n) < .6, (d.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1, d)
        has_c = (rng.random(n) < .25).tolist()
        self.contract = [str(x) if h else "" for x, h in zip(d.tolist(), has_c, strict=True)]
        self.competitor = self._pick(COMPETITORS, c)
        emitted = np.arange(n) < self.n
        self.is_cust, self.dnc = emitted & (rng.random(n) < .02), emitted & (rng.random(n) < .03)
        self.house = np.arange(n)  # home unit; a household shares surname, home phone and address
        self.h_street = rng.integers(0, len(self.pools[IT]["street"]), n)
        self.h_civic = rng.integers(1, 150, n)
        for k in (IT, GB):
            cand = rng.permutation(np.flatnonzero(emitted & (c == k))).tolist()
            h = max(1, round(.025 * len(cand))) if len(cand) >= 20 else 0
            for a, b in zip(cand[:h], cand[h:2 * h], strict=True):
                self.last[b], self.house[b] = self.last[a], a
                self.h_street[b], self.h_civic[b] = self.h_street[a], self.h_civic[a]
                while self.first[b] == self.first[a]:
                    self.first[b] = self.rr.choice(self.pools[k]["fm" if self.male[b] else "ff"])
        moved = np.flatnonzero(self.house != np.arange(n)).tolist()
        self.households = [(int(self.house[b]), b) for b in moved]

    def _landlines(self, ctry: np.ndarray, city: np.ndarray) -> list[str]:
        """Distinct landlines ('AREA SUB') for the elements with ctry >= 0, taken from per-country pools."""
        out = [""] * len(ctry)
        for c in range(4):
            idx, L = np.flatnonzero(ctry == c), LAND_DIGITS[c]
            u = self._land[c][(self._used[c] + np.arange(len(idx))) % len(self._land[c])]
            self._used[c] += len(idx)
            for i, k, x in zip(idx.tolist(), city[idx].tolist(), u.tolist(), strict=True):
                out[i] = f"{CITIES[c][k][3]} {CITIES[c][k][4]}{x:0{L}d}"
        return out

    def make_contacts(self):
        """Unique mobiles, switchboards, direct lines, home lines, e-mails; a role address per company."""
        rng, n, c = self.rng, self.total, self.ctry
        need = [int((self.c_ctry == k).sum() + 2 * (c == k).sum()) for k in range(4)]
        self._land = [rng.choice(10 ** LAND_DIGITS[k], min(need[k], 10 ** LAND_DIGITS[k]), replace=False)
                      for k in range(4)]
        self._used, self.mobile = [0, 0, 0, 0], [""] * n
        for k in range(4):
            idx, (pre, L) = np.flatnonzero(c == k), MOBILE[k]
            u = rng.choice(len(pre) * 10 ** L, len(idx), replace=False).tolist()
            for i, x in zip(idx.tolist(), u, strict=True):
                self.mobile[i] = f"{pre[x // 10 ** L]} {x % 10 ** L:0{L}d}"
        self.switch = self._landlines(self.c_ctry, self.c_city)
        city, own = self.c_city[self.comp], self.house == np.arange(n)
        has_direct = rng.random(n) < np.where(self.level >= 2, .5, .1)
        self.direct = self._landlines(np.where(has_direct, c, -1), city)
        home = self._landlines(np.where(own, c, -1), city)
        self.home = [home[h] for h in self.house.tolist()]
        corp = ((rng.random(n) < np.where(self.c_members[self.comp] > 1, .85, .5)) & own).tolist()
        free, pat = self._pick(FREE_MAIL, c), rng.choice(5, n, p=[.55, .2, .1, .05, .1]).tolist()
        seen, self.email, comp = Counter(), [], self.comp.tolist()
        for i, (f, ln, p) in enumerate(zip(self.first, self.last, pat, strict=True)):
            f, ln = slug(f), slug(ln)
            local = [f"{f}.{ln}", f"{f[:1]}.{ln}", f"{f}{ln}", f"{f}_{ln}", f"{ln}.{f}"][p]
            dom = self.c_domain[comp[i]] if corp[i] else free[i]
            seen[local + dom] += 1
            self.email.append(f"{local}{seen[local + dom] - 1 if seen[local + dom] > 1 else ''}@{dom}")
        roles = [["info", "vendite", "amministrazione"], ["office", "info"], ["info", "marketing"],
                 ["info", "sales", "enquiries"]]
        self.c_role = [f"{r}@{d}" for r, d in zip(self._pick(roles, self.c_ctry), self.c_domain, strict=True)]

    def plan_rows(self):
        """Files for each person's 1-3 rows, junk rows, per-row choices; sorted by file, shuffled within."""
        rng, n = self.rng, self.n
        cnt = 1 + (rng.random(n) < .30) * (1 + (rng.random(n) < .35))
        person = np.repeat(np.arange(n), cnt)
        k = np.arange(len(person)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        file = np.zeros(len(person), np.int64)
        for c in range(4):
            for first, probs in ((True, FIRST_P), (False, DUP_P)):
                m = (self.ctry[person] == c) & ((k == 0) == first)
                file[m] = rng.choice(6, int(m.sum()), p=probs[c])
        xl, cap = np.flatnonzero(file == 3), int(XLSX_CAP / (1 + JUNK_RATE[3]))
        file[rng.permutation(xl)[:max(0, len(xl) - cap)]] = 4
        per_file = np.bincount(file, minlength=6)
        n_junk = [int(np.ceil(JUNK_RATE[f] * per_file[f])) for f in range(5)]
        n_junk.append(max(8, round(1.5 * per_file[5])))
        self.n_broken = max(2, int(per_file[4]) // 500)  # the first junk rows of the JSONL are broken lines
        n_junk[4] += self.n_broken
        R, J = len(person), sum(n_junk)
        self.file = np.concatenate([file, np.repeat(np.arange(6), n_junk)])
        jlocal = np.arange(J) - np.repeat(np.cumsum(n_junk) - n_junk, n_junk)
        self.person = np.concatenate([person, -1 - jlocal])  # junk rows: -1 - (junk number within its file)
        self.order = np.lexsort((rng.random(R + J), self.file))
        self.dup, self.rows_per_person = np.concatenate([k > 0, np.zeros(J, bool)]), cnt
        self.F = self._row_flags(R + J)

    def _row_flags(self, size: int) -> dict:
        """Per-row random choices (as lists): distortions, which phone kind to show, formats."""
        rng, dup, r = self.rng, self.dup, lambda: self.rng.random(size)
        p = np.maximum(self.person, 0)
        multi = self.c_members[self.comp[p]] > 1
        in_house = np.isin(p, [x for pair in self.households for x in pair])
        has_direct = np.array([bool(x) for x in self.direct])[p]
        kind = np.where(r() < np.where(multi, .35, .18), 2, 0)  # 0 mobile 1 direct 2 switchboard 3 home
        kind = np.where((r() < .3) & has_direct, 1, kind)
        kind = np.where(in_house & (~dup | (r() < .6)), 3, kind)
        kind = np.where(self.file == 5, np.where(r() < .8, 3, 0), kind)
        no_email = r() < np.where(dup, .15, .03)
        no_phone = ~no_email & (self.file != 5) & (r() < np.where(dup, .12, .02))
        flags = {"typo": r() < np.where(dup, .10, .01), "swap": r() < np.where(dup, .06, .005),
                 "caps": r() < .05, "strip": r() < .7, "honor": r() < .15,
                 "no_email": no_email, "no_phone": no_phone, "kind": kind,
                 "role": multi & (r() < .15), "show_c": ~dup | (r() < .5), "style": rng.integers(0, 60, size),
                 "legal": rng.integers(0, 10, size), "numcell": r() < .15, "u": r()}
        return {key: v.tolist() for key, v in flags.items()}

    def names(self, i: int, p: int, latin: bool) -> tuple[str, str]:
        """First/last name of row i with its planted distortions applied (and counted)."""
        F, c, st = self.F, self.ctry[p], self.stats
        f, ln = self.first[p], self.last[p]
        if latin and c == BG:
            f, ln = translit(f), translit(ln)
            st["rows_bg_latin_translit"] += 1
        if c == IT and F["strip"][i] and not (f + ln).isascii() and (latin or F["u"][i] < .3):
            if latin:  # Nicolo
                f, ln = strip_accents(f), strip_accents(ln)
                st["rows_accents_stripped"] += 1
            else:  # Nicolo' (typewriter convention)
                f, ln = (re.sub(r"([àèéìòù])\b", lambda m: strip_accents(m[1]) + "'", x) for x in (f, ln))
                st["rows_accent_as_apostrophe"] += 1
        if F["typo"][i]:
            if self.rr.random() < .5:
                f = typo(f, self.rr)
            else:
                ln = typo(ln, self.rr)
            st["rows_typo"] += 1
        if F["swap"][i]:
            f, ln = ln, f
            st["rows_swapped_names"] += 1
        if F["caps"][i]:
            f, ln = f.upper(), ln.upper()
            st["rows_all_caps"] += 1
        return f, ln

    def honorific(self, i: int, name: str, options: list[str], gate: float = 1.0) -> str:
        if not self.F["honor"][i] or self.F["u"][i] >= gate:
            return name
        self.stats["rows_honorific"] += 1
        return f"{options[self.F['style'][i] % len(options)]} {name}"

    def company(self, i: int, p: int, latin: bool) -> str:
        """Company in a legal-form variant: Rossi S.r.l. (canonical) / Rossi SRL / Rossi / ROSSI SRL."""
        co, v = self.comp[p], self.F["legal"][i]
        c = self.c_ctry[co]
        forms, base = FORMS[c][0][self.c_form[co]], self.c_base[co]
        canon = forms[0].format(base)
        s = (canon if v < 5 else forms[(v - 4) % len(forms)].format(base) if v < 8 else base if v == 8
             else forms[min(1, len(forms) - 1)].format(base).upper())
        if s != canon:
            self.stats["rows_company_variant"] += 1
        return translit(s) if latin and c == BG else s

    def phone(self, i: int, p: int, kind: int) -> str:
        """The person's number of a kind (0 mobile 1 direct 2 switchboard 3 home) in a style of the file."""
        ph = [self.mobile[p], self.direct[p], self.switch[self.comp[p]], self.home[p]][kind]
        if not ph:  # no direct line: the switchboard
            ph, kind = self.switch[self.comp[p]], 2
        self.shown[i] |= 1 << kind
        styles = STYLES[self.file[i]]
        return fmt_phone(self.ctry[p], ph, styles[self.F["style"][i] % len(styles)])

    def two_phones(self, i: int, p: int) -> tuple[str, str]:
        """(landline, mobile) for files with two phone columns."""
        if self.F["no_phone"][i]:
            return "", ""
        kind, u = self.F["kind"][i], self.F["u"][i]
        land = self.phone(i, p, kind) if kind else (self.phone(i, p, 2) if u < .35 else "")
        return land, (self.phone(i, p, 0) if kind == 0 or u > .6 else "")

    def one_phone(self, i: int, p: int) -> str:
        return "" if self.F["no_phone"][i] else self.phone(i, p, self.F["kind"][i])

    def mail(self, i: int, p: int) -> str:
        if self.F["no_email"][i]:
            return ""
        if self.F["role"][i]:
            self.stats["rows_shared_role_email"] += 1
            return self.c_role[self.comp[p]]
        self.shown[i] |= 16
        return self.email[p]

    def cend(self, i: int, p: int, sep: str) -> str:
        """Contract end as dd<sep>mm<sep>yyyy when shown in row i, else ''."""
        d = self.contract[p] if self.F["show_c"][i] else ""
        return f"{d[8:]}{sep}{d[5:7]}{sep}{d[:4]}" if d else ""

    def title(self, p: int, lang: str) -> str:
        opts = TITLES[lang][self.level[p]]
        t = opts[self.tj[p] % len(opts)]
        return GENDERED[not self.male[p]].get(t, t)

    def employees(self, i: int, p: int, style: str) -> str | int:
        """Headcount as an exact number (it 1.200, bg 1 200, en int) or as a size band."""
        n = self.c_size[self.comp[p]]
        if style == "en":
            bands = [(10, "1-10"), (50, "11-50"), (200, "51-200"), (500, "201-500"), (1000, "501-1000"),
                     (10**9, "1001+")]
        else:
            bands = [(9, "1-9"), (49, "10-49"), (249, "50-249"), (999, "250-999"),
                     (10**9, "над 1000" if style == "bg" else "1000+")]
        if self.F["style"][i] // 6 < 4:
            return next(label for top, label in bands if n <= top)
        return n if style == "en" else f"{n:,}".replace(",", "." if style == "it" else " ")

    def row_it(self, i: int, p: int) -> list:
        f, ln = self.names(i, p, False)
        f = self.honorific(i, f, ["Dott."] if self.male[p] else ["Dott.ssa"], gate=.3)
        co, u = self.comp[p], self.F["u"][i]
        city, cap, prov = CITIES[IT][self.c_city[co]][:3]
        if cap[0] == "0" and u < .2:  # CAP went through Excel
            cap = cap.lstrip("0")
            self.stats["rows_cap_lost_leading_zero"] += 1
        land, mob = self.two_phones(i, p)
        sc = self.cend(i, p, "/")
        note = (f"contratto con {self.competitor[p]} fino al {sc}" if sc and u < .3
                else ["", "", "", "richiamare", "interessato", "non risponde"][self.F["style"][i] % 6])
        address = f"{self.pools[IT]['street'][self.c_street[co]]}, {self.c_civic[co]}"
        return [f, ln, self.company(i, p, False), self.title(p, "it"), land, mob, self.mail(i, p), address,
                city, cap, prov, self.employees(i, p, "it"), INDUSTRIES[self.c_ind[co]][1], sc, note]

    def row_bg(self, i: int, p: int) -> list:
        f, ln = self.names(i, p, False)
        f = self.honorific(i, f, ["Г-н"] if self.male[p] else ["Г-жа"])
        d = self.cend(i, p, ".")
        note = (f"Договор с {self.competitor[p]} до {d}" if d
                else ["", "", "да се обади", "не отговаря", "изпратена оферта"][self.F["style"][i] % 5])
        city, pc = CITIES[BG][self.c_city[self.comp[p]]][:2]
        return [f, ln, self.company(i, p, False), self.title(p, "bg"), self.one_phone(i, p), self.mail(i, p),
                city, pc, self.employees(i, p, "bg"), note]

    def row_id(self, i: int, p: int) -> list:
        f, ln = self.names(i, p, False)
        name = self.honorific(i, f"{f} {ln}", ["Bapak", "Bpk.", "Dr."] if self.male[p] else ["Ibu", "Dr."])
        land, mob = self.two_phones(i, p)
        city, pc = CITIES[ID][self.c_city[self.comp[p]]][:2]
        emp, v, u = self.employees(i, p, "id"), self.value[p], self.F["u"][i]
        budget = ("" if u < .4 else f"Rp {round(v * 2e6, -6):,.0f}".replace(",", ".") if u < .7
                  else f"{max(1, round(v * 2))} juta")
        d = self.cend(i, p, "-")
        note = (f"Kontrak dengan {self.competitor[p]} berakhir {d}" if d
                else ["", "", "hubungi lagi", "tertarik", "minta penawaran"][self.F["style"][i] % 5])
        return [name, self.company(i, p, False), self.title(p, "id"), mob, land, self.mail(i, p), city, pc,
                f"{emp} orang" if isinstance(emp, str) and u > .8 else emp, budget, note]

    def row_xlsx(self, i: int, p: int) -> list:
        f, ln = self.names(i, p, True)
        c, u, s = self.ctry[p], self.F["u"][i], self.F["style"][i]
        ph = self.one_phone(i, p)
        if ph and self.F["numcell"][i]:  # Excel ate the + / leading 0
            ph = int(re.sub(r"\D", "", ph).lstrip("0"))
            self.stats["xlsx_numeric_phone_cells"] += 1
        d, v = self.contract[p] if self.F["show_c"][i] else "", self.value[p]
        timeline = (f"Contract ends {d}" if d
                    else ["", "", "ASAP", "Q3 2026", "6-12 months", "Just looking"][s % 6])
        budget = "" if u < .4 else f"£{max(1, round(v / 5))}k" if u < .7 else round(v * 200, -2)
        return [f, ln, self.company(i, p, True), self.title(p, "en"), ph, self.mail(i, p),
                COUNTRY_NAMES[c][s % len(COUNTRY_NAMES[c])], self.employees(i, p, "en"),
                INDUSTRIES[self.c_ind[self.comp[p]]][0] if u > .2 else "", budget, timeline]

    def row_json(self, i: int, p: int) -> str:
        f, ln = self.names(i, p, True)
        c, s, u = self.ctry[p], self.F["style"][i], self.F["u"][i]
        name = f"{ln}, {f}" if s % 10 == 0 else f"{f} {ln}"
        if c in (IT, GB):
            name = self.honorific(i, name, ["Mr"] if self.male[p] else ["Mrs", "Ms"], gate=.3)
        d = self.cend(i, p, "/")
        msg = (f"Our contract with {self.competitor[p]} ends on {d}, call us before then" if d
               else ["", "Please call me back", "Interested in a quote", "Send me a brochure",
                     "Call after 3pm"][s % 5])
        if u > .97:
            msg = FORMULAS[s % 4]
            self.stats["rows_formula_payload"] += 1
        rec = {"full_name": name, "email": self.mail(i, p), "phone": self.one_phone(i, p),
               "company": self.company(i, p, True), "job_title": self.title(p, "en"),
               "country": (COUNTRY_NAMES[c] + [""])[s % (len(COUNTRY_NAMES[c]) + 1)], "message": msg}
        return json.dumps(rec, ensure_ascii=False)

    def row_elenco(self, i: int, p: int) -> list:
        f, ln = self.names(i, p, True)
        name = f"{ln} {f}".upper() if self.F["u"][i] < .5 else f"{ln} {f}"  # phone books: surname first
        city = CITIES[IT][self.c_city[self.comp[self.house[p]]]][0]
        street = self.pools[IT]["street"][self.h_street[p]]
        return [name, self.one_phone(i, p), f"{street} {self.h_civic[p]}", city]

    def junk_row(self, f: int, j: int) -> list | str:
        """A placeholder/test row for file f; the first n_broken junk lines of the JSONL are broken JSON."""
        rr, st = self.rr, self.stats
        (fn, ln), mail, ph = rr.choice(JUNK_NAMES), rr.choice(JUNK_MAILS), rr.choice(JUNK_PHONES)
        co = rr.choice(JUNK_COMPANIES)
        st.update(f"junk_rows_with {v}" for v in (mail, ph)
                  if v in ("test@test.com", "0000000", "asdf@mailinator.com"))
        if f == 0:
            return [fn, ln, co, "", ph, "", mail, rr.choice(["via test 1", "-", ""]),
                    rr.choice(["Milano", "xxx", ""]), "00000", "", "", "", "", "asdf"]
        if f == 1:
            return [rr.choice([fn, "Тест"]), ln, co, "", ph, mail, rr.choice(["София", "xxx"]), "0000", "",
                    "тест"]
        if f == 2:
            return [f"{fn} {ln}", co, "", ph, "", mail, "Jakarta", "00000", "", "", "test"]
        if f == 3:
            cell = int(ph) if ph.isdigit() and rr.random() < .5 else ph
            return [fn, ln, co, "", cell, mail, "", "", "", "", ""]
        if f == 5:
            return [f"{ln} {fn}", ph, rr.choice(["via test 1", "-", "", "Via Roma 1"]),
                    rr.choice(["Roma", "Milano", "xxx", ""])]
        if j < self.n_broken:
            st["jsonl_broken_lines"] += 1
            return BROKEN_JSON[j % len(BROKEN_JSON)]
        rec = {"full_name": f"{fn} {ln}", "email": mail, "phone": ph, "company": co, "job_title": "",
               "country": "", "message": "test"}
        for key in ("full_name", "company", "message"):
            if rr.random() < .3:
                rec[key] = rr.choice(FORMULAS)
                st["rows_formula_payload"] += 1
        return json.dumps(rec, ensure_ascii=False)

    def render(self, f: int, i: int, rowno: int, emit) -> list | str:
        """Data record for plan row i (record number rowno of file f); emits its truth row."""
        p = self.person[i]
        if p < 0:
            self.n_junk_rows += 1
            emit((FILES[f], rowno, f"J{self.n_junk_rows:07d}", 1, "0.00", 0, 0, ""))
            return self.junk_row(f, -p - 1)
        emit((FILES[f], rowno, f"P{p:07d}", 0, f"{self.value[p]:.2f}", int(self.is_cust[p]), int(self.dnc[p]),
              self.contract[p]))
        return self.renderers[f](i, p)

    def write_leads(self, out: Path, emit) -> dict:
        """Stream the six lead files (plan rows are sorted by file); returns data-record counts."""
        bounds = np.searchsorted(self.file[self.order], np.arange(7)).tolist()
        order = self.order.tolist()
        for name in ("ctry", "comp", "level", "tj", "value", "is_cust", "dnc", "c_ctry", "c_form", "c_size",
                     "c_city", "c_ind", "c_street", "c_civic", "h_street", "h_civic", "house", "file",
                     "person"):
            setattr(self, name, getattr(self, name).tolist())  # plain lists: much faster per-row access
        self.shown, self.n_junk_rows, counts = [0] * len(self.file), 0, {}
        self.renderers = [self.row_it, self.row_bg, self.row_id, self.row_xlsx, self.row_json,
                          self.row_elenco]
        for f, name in enumerate(FILES):
            idx = order[bounds[f]:bounds[f + 1]]
            rows = (self.render(f, i, r, emit) for r, i in enumerate(idx, 1))
            path, counts[name] = out / name, len(idx)
            if f == 3:
                from openpyxl import Workbook

                wb = Workbook(write_only=True)
                ws = wb.create_sheet("Leads")
                ws.append(XLSX_HEADER)
                for row in rows:
                    ws.append(row)
                wb.save(path)
            elif f == 4:  # one blank line mid-file
                with open(path, "w", encoding="utf-8", newline="\n") as fh:
                    mid = len(idx) // 2
                    fh.writelines(line + ("\n\n" if r == mid else "\n") for r, line in enumerate(rows, 1))
            else:
                enc, delim, term, header = CSV_FILES[f]
                with open(path, "w", encoding=enc, newline="") as fh:
                    w = csv.writer(fh, delimiter=delim, lineterminator=term)
                    w.writerow(header.split(delim))
                    w.writerows(rows)
                if enc.startswith("cp") and path.stat().st_size % 2 == 0:
                    # shared/tools/check_contract.py tries UTF-16 before code pages, and an even-length
                    # cp125x file can decode as UTF-16 gibberish there; a trailing blank line (not a
                    # record for either reader) keeps the length odd so the check counts real rows.
                    with open(path, "ab") as fh:
                        fh.write(b"\n")
        return counts

    def write_extras(self, meta: Path, counts: dict) -> dict:
        """dnc.csv, customers.csv (customers in the leads + won/lost history of others), truth_meta.json."""
        rr = self.rr
        dnc = [fmt_phone(self.ctry[p], self.mobile[p] if rr.random() < .8 else self.direct[p] or self.home[p],
                         rr.choice([1, 1, 1, 0, 0, 2])) for p in range(self.n) if self.dnc[p]]
        nobody = range(self.n, self.n + max(1, len(dnc) // 10))
        dnc += [fmt_phone(self.ctry[p], self.mobile[p], 1) for p in nobody]
        rr.shuffle(dnc)  # the last ~10% belong to nobody in the leads
        with open(meta / "dnc.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([["phone"]] + [[x] for x in dnc])
        logv = np.log(np.maximum(self.value, .01))
        med = float(np.median(logv))

        def crm(p: int, outcome: str) -> list:
            co, c = self.comp[p], self.ctry[p]
            return [FORMS[c][0][self.c_form[co]][0].format(self.c_base[co]), self.first[p], self.last[p],
                    self.email[p], fmt_phone(c, self.mobile[p], rr.choice([1, 2])), ISO[c],
                    INDUSTRIES[self.c_ind[co]][0], self.c_size[co], self.title(p, "en"), outcome]

        rows = [crm(p, "customer") for p in range(self.n) if self.is_cust[p]]
        rows += [crm(p, "won" if rr.random() < 1 / (1 + math.exp(-(logv[p] - med) / .5)) else "lost")
                 for p in range(self.n, self.total)]  # won is likelier for valuable people
        rr.shuffle(rows)
        with open(meta / "customers.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["company", "first_name", "last_name", "email", "phone", "country", "industry",
                        "employees", "job_title", "outcome"])
            w.writerows(rows)
        # true names, as the person writes them
        with open(meta / "people.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["person_id", "first_name", "last_name"])
            w.writerows([f"P{p:07d}", self.first[p], self.last[p]] for p in range(self.n))
        notes = {"person_id": "P####### = true person (index into the population); J####### = junk row",
                 "contract_end": "person-level ISO date; shown only in some of the person's rows",
                 "has_dnc, is_customer": "person-level flags",
                 "value": "true worth >= 0 (2 decimals); junk 0",
                 "source_row": ("1-based data record, header excluded; JSONL: non-blank line number, "
                                "broken lines included")}
        info = {"seed": self.seed, "people": self.n, "rows": counts, "total_rows": sum(counts.values()),
                "dnc_numbers": len(dnc), "customer_rows": len(rows),
                "hard_cases": dict(sorted(self.person_stats().items())), "notes": notes}
        text = json.dumps(info, ensure_ascii=False, indent=2) + "\n"
        (meta / "truth_meta.json").write_text(text, encoding="utf-8")
        return info

    def person_stats(self) -> Counter:
        """Row-level counters plus person-level hard-case counts from the plan and what was shown."""
        st = Counter(self.stats)
        person, file, shown = np.array(self.person), np.array(self.file), np.array(self.shown)
        real, dup = person >= 0, self.dup
        st["people_with_duplicates"] = len(np.unique(person[real & dup]))
        st["people_with_3_rows"] = int((self.rows_per_person == 3).sum())
        st["rows_repeating_person_in_same_file"] = int(real.sum()) - np.unique(
            np.stack([person[real], file[real]]), axis=1).shape[1]
        st["dup_rows_missing_email"] = int((real & dup & np.array(self.F["no_email"])).sum())
        st["dup_rows_missing_phone"] = int((real & dup & np.array(self.F["no_phone"])).sum())
        cyrillic, latin = person[real & (file == 1)], person[real & np.isin(file, [3, 4])]
        st["bg_people_cyrillic_and_latin"] = len(np.intersect1d(cyrillic, latin))
        with_mail = real & (shown & 16 > 0)
        mob = person[with_mail & (shown & 1 > 0) & (shown & 2 == 0)]
        direct = person[with_mail & (shown & 2 > 0) & (shown & 1 == 0)]
        st["people_mobile_vs_direct_same_email"] = len(np.intersect1d(mob, direct))
        members = np.bincount(np.array(self.comp[:self.n]))
        st["colleague_groups"] = int((members >= 2).sum())
        st["colleague_people"] = int(members[members >= 2].sum())
        st["households"] = len(self.households)
        st["customers_in_leads"], st["people_with_dnc"] = int(sum(self.is_cust)), int(sum(self.dnc))
        return st


def generate(out_dir, people: int, seed: int = 0, files_only: bool = False, profile: dict | None = None) -> dict:
    """Write the six lead files into out_dir and (unless files_only) dnc.csv, customers.csv, truth.csv and
    truth_meta.json into out_dir/_meta; `profile` (`random_profile`) sets what a person is worth. Returns
    {"files": {name: path}, "rows": {name: data records}, "extras": {name: path}, "meta": truth_meta dict,
    "seconds": float}."""
    t0, out = time.perf_counter(), Path(out_dir)
    meta = out / "_meta"
    out.mkdir(parents=True, exist_ok=True)
    g = Generator(people, seed, profile)
    g.plan_rows()
    files, extras, info = {f: str(out / f) for f in FILES}, {}, {}
    if files_only:
        counts = g.write_leads(out, lambda row: None)
    else:
        meta.mkdir(exist_ok=True)
        with open(meta / "truth.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["source_file", "source_row", "person_id", "is_junk", "value", "is_customer",
                        "has_dnc", "contract_end"])
            counts = g.write_leads(out, w.writerow)
        info = g.write_extras(meta, counts)
        extras = {x: str(meta / x) for x in ("dnc.csv", "customers.csv", "truth.csv", "truth_meta.json",
                                             "people.csv")}
    return {"files": files, "rows": counts, "extras": extras, "meta": info,
            "seconds": round(time.perf_counter() - t0, 2)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--people", type=int, required=True, help="number of true people")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--files-only", action="store_true", help="only the six lead files (no _meta/)")
    a = ap.parse_args(argv)
    res = generate(a.out_dir, a.people, a.seed, a.files_only)
    summary = {"rows": res["rows"], "total": sum(res["rows"].values()), "seconds": res["seconds"]}
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
