"""`call_list.xlsx`: the call list for people who live in Excel. Text stays text (phones keep their `+`,
postcodes their leading zeros, a cell starting with `=` is never a formula), the header is frozen with
filters on, and each rep gets a sheet. Written with XlsxWriter row by row (about twice openpyxl's speed)."""
from __future__ import annotations

import numbers
import re
from pathlib import Path

import pandas as pd

EXCEL_MAX_ROWS = 250_000  # beyond this a workbook is slow to write and to open; use the CSV
NUMERIC = {"priority_rank", "priority_score", "value_score", "junk_score"}
BAD_TITLE = re.compile(r"[\[\]:*?/\\]")  # characters Excel does not allow in a sheet name
TITLE_MAX = 31


def sheet_titles(names: list[str]) -> list[str]:
    """Excel sheet names for `names`: forbidden characters replaced, at most 31 characters, no leading or
    trailing apostrophe, and unique ignoring case (Excel's rule), a number added where two would clash."""
    titles, taken = [], set()
    for name in names:
        base = BAD_TITLE.sub("_", name).strip("'")[:TITLE_MAX] or "Sheet"
        title, n = base, 1
        while title.casefold() in taken:
            n += 1
            title = f"{base[:TITLE_MAX - len(str(n)) - 1]} {n}"
        taken.add(title.casefold())
        titles.append(title)
    return titles


def _cells(frame: pd.DataFrame) -> list[list]:
    """The frame's columns as cell values: None for an empty cell, a float in a numeric column, else text."""
    columns = []
    for name in frame.columns:
        values = frame[name].astype(object).where(frame[name].notna(), None).tolist()
        if name in NUMERIC:
            columns.append([float(v) if isinstance(v, numbers.Real) else v for v in values])
        else:
            columns.append([v if v is None or isinstance(v, str) else str(v) for v in values])
    return columns


def _sheet(book, title: str, frame: pd.DataFrame) -> None:
    sheet = book.add_worksheet(title)
    sheet.freeze_panes(1, 0)
    columns = list(frame.columns)
    sheet.write_row(0, 0, columns)
    write_number, write_string = sheet.write_number, sheet.write_string
    for r, row in enumerate(zip(*_cells(frame), strict=True), start=1):
        for c, value in enumerate(row):
            if value is None:  # empty cell
                continue
            if isinstance(value, float):
                write_number(r, c, value)
            else:
                write_string(r, c, value)
    sheet.autofilter(0, 0, len(frame), len(columns) - 1)


def write_call_list_xlsx(frame: pd.DataFrame, path: Path) -> bool:
    """Write the workbook; returns False (and writes nothing) when the list is too long for Excel."""
    import xlsxwriter

    if len(frame) > EXCEL_MAX_ROWS:
        return False
    reps = [str(r) for r in frame.get("assigned_to", pd.Series(dtype=object)).dropna().unique()]
    titles = sheet_titles(["Call list", *reps])
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})  # rows go straight to disk
    try:
        _sheet(book, titles[0], frame)
        for rep, title in zip(reps, titles[1:], strict=True):
            _sheet(book, title, frame[frame["assigned_to"] == rep])
    finally:
        book.close()
    return True
