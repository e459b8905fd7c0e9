"""call_list.xlsx (transforms/excel.py): sheet names Excel accepts, text kept as text, numbers as numbers."""
from __future__ import annotations

import openpyxl
import pandas as pd

from transforms.export.excel import sheet_titles, write_call_list_xlsx


def test_sheet_titles_are_valid_and_unique_ignoring_case():
    titles = sheet_titles(["Call list", "Anna", "anna", "Борис/Sofia", "'Quoted'", "x" * 40, "x" * 40, "[?*]"])
    assert titles[:5] == ["Call list", "Anna", "anna 2", "Борис_Sofia", "Quoted"]
    assert titles[5] == "x" * 31 and titles[6] == "x" * 29 + " 2"
    assert titles[7] == "____"
    assert len({t.casefold() for t in titles}) == len(titles)


def test_workbook_keeps_text_and_numbers_and_gives_each_rep_a_sheet(tmp_path):
    frame = pd.DataFrame({
        "priority_rank": [1, 2, 3], "priority_score": [181.5, 90.25, None],
        "phone": ["+359888723451", "+6281291374826", None], "postcode": ["00144", "1000", "40115"],
        "company": ['=HYPERLINK("http://x")', "Rossi S.r.l.", "ООД Тест"],
        "assigned_to": ["Цвета", "Anna", "Цвета"],
    })
    assert write_call_list_xlsx(frame, tmp_path / "call_list.xlsx")
    book = openpyxl.load_workbook(tmp_path / "call_list.xlsx", read_only=True)
    assert book.sheetnames == ["Call list", "Цвета", "Anna"]
    rows = list(book["Call list"].iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert rows[1] == (1, 181.5, "+359888723451", "00144", '=HYPERLINK("http://x")', "Цвета")
    assert rows[3][1] is None and rows[3][2] is None  # empty cells stay empty
    assert [r[0] for r in list(book["Цвета"].iter_rows(values_only=True))[1:]] == [1, 3]
    book.close()
    sheet = openpyxl.load_workbook(tmp_path / "call_list.xlsx")["Call list"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F4"
    assert sheet["E2"].data_type == "s"  # a formula-looking name is text, never a formula


def test_too_long_a_list_gets_no_workbook(tmp_path, monkeypatch):
    from transforms.export import excel

    monkeypatch.setattr(excel, "EXCEL_MAX_ROWS", 2)
    assert not excel.write_call_list_xlsx(pd.DataFrame({"lead_id": ["a", "b", "c"]}), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
