"""Column mapping from header and content (transforms/columns.py), `columns:` overrides and `inspect`."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from transforms.ingest.columns import ColumnsError, field_map, map_columns, value_kind
from transforms.ingest.lists import ingest


def mapped(header: list[str], row: list[str], given: dict | None = None) -> dict[str, str]:
    """{header: field} of the mapped columns of a file of ten copies of `row`."""
    columns, _ = map_columns(header, [row] * 10, given)
    return {header[i]: f for i, f in field_map(columns).items()}


@pytest.mark.parametrize("value, kind", [
    ("mario.rossi@acme.it", "email"), ("Иван.Петров@abv.bg", "email"),
    ("+39 02 1234 5678", "phone"), ("0888 123 456", "phone"), ("(021) 5790 1234", "phone"),
    ("3331234567", "phone"), ("081234567890", "phone"),
    ("19560409", "date"), ("09/04/1956", "date"), ("9 април 1956", "date"), ("2026-12-06", "date"),
    ("20121", "number"), ("10-49", "text"), ("* Work", "text"), ("Mobile", "text"),
])
def test_value_kinds(value, kind):
    assert value_kind(value) == kind


def test_google_contacts_export_takes_the_value_columns_not_their_type():
    header = ["Name", "Given Name", "Additional Name", "Family Name", "Organization 1 - Name",
              "Organization 1 - Title",
              "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Address 1 - City",
              "Address 1 - Country"]
    row = ["Mario Rossi", "Mario", "", "Rossi", "Acme Srl", "CEO", "* Work", "mario@acme.it", "Mobile",
           "+39 333 123 4567", "Milano", "Italy"]
    got = mapped(header, row)
    assert got["E-mail 1 - Value"] == "email" and got["Phone 1 - Value"] == "phone"
    assert got["Organization 1 - Name"] == "company" and got["Address 1 - City"] == "city"
    assert got["Address 1 - Country"] == "country"
    assert "E-mail 1 - Type" not in got and "Phone 1 - Type" not in got and "Additional Name" not in got


def test_crm_exports_owner_middle_name_and_country_region():
    hubspot = mapped(["First Name", "Last Name", "Email", "Contact owner", "Country/Region", "Create Date"],
                     ["Rita", "Tucker", "rita@tucker.co.uk", "Anna Sales", "United Kingdom", "2026-01-02"])
    assert hubspot == {"First Name": "first_name", "Last Name": "last_name", "Email": "email",
                       "Country/Region": "country"}  # the owner is a rep, not the lead
    outlook = mapped(["First Name", "Middle Name", "Last Name", "Business Country/Region", "E-mail Address"],
                     ["Rita", "Jane", "Tucker", "United Kingdom", "rita@tucker.co.uk"])
    assert "Middle Name" not in outlook and outlook["Business Country/Region"] == "country"


def test_a_column_no_header_names_is_typed_by_its_values():
    got = mapped(["Nome", "Cognome", "col3", "col4"],
                 ["Mario", "Rossi", "+39 02 4871 5093", "mario@rossi.it"])
    assert got["col3"] == "phone" and got["col4"] == "email"


def test_a_header_is_refused_for_values_of_another_kind_but_bare_mobiles_stay():
    got = mapped(["Nama", "Email", "Cellulare"], ["Budi", "ya", "3331234567"])
    assert "Email" not in got  # yes/no answers are no e-mail column
    assert got["Cellulare"] == "mobile"


def test_sources_columns_override_header_and_content():
    header = ["Contatto", "Recapito", "Campo 7"]
    row = ["Mario Rossi", "+39 02 4871 5093", "mario@rossi.it"]
    got = mapped(header, row, {"Recapito": "mobile", "Campo 7": None})
    assert got == {"Contatto": "full_name", "Recapito": "mobile"}
    with pytest.raises(ColumnsError, match="'Recapito'.*'telefonino'"):
        map_columns(header, [row], {"Recapito": "telefonino"})
    with pytest.raises(ColumnsError, match="'Fax'"):
        map_columns(header, [row], {"Fax": "phone"})


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_ingest_applies_the_override_and_keeps_unmapped_columns(tmp_path):
    lista = write_csv(tmp_path / "lista.csv", [["Имена", "Номер", "Любим цвят"],
                                               ["Иван Петров", "0888 123 456", "син"],
                                               ["Мария Иванова", "02 987 6543", ""]])
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - file: lista.csv\n    country: BG\n    columns:\n      Номер: mobile\n",
                       encoding="utf-8")
    got = ingest([lista], sources).rows.to_pylist()
    assert [r["mobile"] for r in got] == ["0888 123 456", "02 987 6543"]
    assert [r["full_name"] for r in got] == ["Иван Петров", "Мария Иванова"]
    assert json.loads(got[0]["extras"]) == {"Любим цвят": "син"}


def test_inspect_prints_each_mapping_and_a_bad_override_exits_1(tmp_path):
    lista = write_csv(tmp_path / "prospek.csv", [["Nama Lengkap", "No HP", "Perusahaan", "kolom x"],
                                                 *[[f"Budi {i}", f"0812-3456-78{i:02d}", "PT Maju Jaya", "x"]
                                                   for i in range(8)]])
    result = CliRunner().invoke(app, ["inspect", str(lista)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    assert "full_name" in lines["Nama"] and "mobile" in lines["No"] and "0812-3456-7800" in lines["No"]
    assert "(extra)" in lines["kolom"] and "kept with each row, unmapped: kolom x" in result.output
    sources = tmp_path / "s.yaml"
    sources.write_text("sources:\n  - file: prospek.csv\n    columns:\n      No HP: hp\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["inspect", str(lista), "--sources", str(sources)])
    assert bad.exit_code == 1 and "'No HP'" in bad.output and "'hp'" in bad.output
