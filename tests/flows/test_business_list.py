"""A business list with no contact names (firm, street, city, phone), as a directory or a trade
register gives it: the same firm in several spellings dedupes; branches of one chain and neighbours in
one building stay apart."""
from __future__ import annotations

import csv
import datetime as dt
import itertools
import random

from faker import Faker

from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

LEGAL_FORMS = (("S.r.l.", "SRL", "s.r.l", ""), ("S.p.A.", "SPA", "S.p.a.", ""), ("S.n.c.", "snc", ""))


def business_rows(firms: int, seed: int) -> list[dict]:
    """Rows of `firms` firms, one to three rows each, every row in its own spelling; `firm` is the truth."""
    rng, fake = random.Random(seed), Faker("it_IT")
    fake.seed_instance(seed)
    rows = []
    shared_building = fake.street_address()
    for firm in range(firms):
        forms = rng.choice(LEGAL_FORMS)
        name = f"{fake.last_name()} {rng.choice(['Trasporti', 'Impianti', 'Costruzioni', 'Servizi', 'Arredamenti'])}"
        street = shared_building if firm % 25 == 0 else fake.street_address()
        city, phone = fake.city(), f"0{rng.randint(2, 9)}{rng.randint(1000000, 9999999)}"
        for _ in range(rng.choice((1, 2, 2, 3))):
            rows.append({
                "firm": firm,
                "Ragione sociale": respell(f"{name} {rng.choice(forms)}".strip(), rng),
                "Indirizzo": rng.choice((street, ", ".join(street.rsplit(" ", 1)), street.upper(), street.lower())),
                "Città": rng.choice((city, city.upper())),
                "Telefono": rng.choice((phone, f"+39 {phone}", f"{phone[:3]} {phone[3:]}", "")),
            })
    # a chain: one name, a branch per city, each with its own street and number
    for branch, city in enumerate(("Milano", "Torino", "Bologna")):
        rows.append({"firm": firms + branch, "Ragione sociale": "Autoscuola Europa S.r.l.",
                     "Indirizzo": fake.street_address(), "Città": city, "Telefono": f"0{branch + 2}5550{branch}123"})
    return rows


def respell(name: str, rng: random.Random) -> str:
    """The firm as another list writes it: case, or one letter dropped."""
    match rng.randint(0, 4):
        case 0:
            return name.upper()
        case 1 if len(name) > 8:
            cut = rng.randint(2, len(name) - 2)
            return name[:cut] + name[cut + 1:]
        case _:
            return name


def pairs(groups: dict[str, list[int]]) -> set[tuple[int, int]]:
    return {p for rows in groups.values() for p in itertools.combinations(sorted(rows), 2)}


def run_and_score(rows: list[dict], path, delimiter: str = ",") -> tuple[dict[int, str], float, float]:
    """Write `rows` (less the truth, `firm`) to `path`, run leadsweep on it, and return each row's lead and the
    pairwise precision and recall against the firms; every row must be accounted for."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[k for k in rows[0] if k != "firm"], delimiter=delimiter)
        writer.writeheader()
        writer.writerows({k: v for k, v in r.items() if k != "firm"} for r in rows)
    out = path.parent / "out"
    leadsweep_run(RunSettings(inputs=(path,), out_dir=out, as_of=dt.date(2026, 12, 1)))
    with (out / "lineage.csv").open(encoding="utf-8") as fh:
        lineage = {int(r["source_row"]): r["lead_id"] for r in csv.DictReader(fh)}
    assert len(lineage) == len(rows)  # every row accounted for
    truth, found = {}, {}
    for number, row in enumerate(rows, start=1):
        truth.setdefault(str(row["firm"]), []).append(number)
        found.setdefault(lineage[number], []).append(number)
    true, predicted = pairs(truth), pairs(found)
    return lineage, len(true & predicted) / len(predicted), len(true & predicted) / len(true)


def test_a_nameless_business_list_dedupes(tmp_path):
    rows = business_rows(300, seed=5)
    lineage, precision, recall = run_and_score(rows, tmp_path / "imprese.csv", delimiter=";")
    assert 2 * precision * recall / (precision + recall) >= 0.9, (precision, recall)
    chain = [lineage[n] for n, row in enumerate(rows, start=1) if row["Ragione sociale"].startswith("Autoscuola")]
    assert len(set(chain)) == 3  # three branches, three leads


def test_a_directory_of_sites_with_local_numbers_dedupes(tmp_path):
    # an old city directory, shaped like the public Chicago early-childhood list: a "Site name" (a firm),
    # a "Program Name" (no one's name: "Child Care"), numbers written without their area code
    rng = random.Random(11)
    rows = [{"firm": r["firm"], "Site name": r["Ragione sociale"], "Address": r["Indirizzo"],
             "Phone": rng.choice((local, f"{local[:3]}-{local[3:]}", f"{local[:3]} {local[3:]}")) if local else "",
             "Program Name": rng.choice(("Child Care", "Head Start", "Child Parent Center"))}
            for r in business_rows(300, seed=7) for local in [r["Telefono"].replace(" ", "")[-7:]]]
    _, precision, recall = run_and_score(rows, tmp_path / "directory.csv")
    assert 2 * precision * recall / (precision + recall) >= 0.9, (precision, recall)
