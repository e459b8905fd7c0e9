"""`call_list.xlsx`: the call list for people who live in Excel. Text stays text (phones keep their `+`,
postcodes their leading zeros), the header is frozen with filters on, and each rep gets a sheet."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

EXCEL_MAX_ROWS = 250_000  # beyond this a workbook is slow to write (~10 s per 70k rows) and to open; use the CSV
NUMERIC = {"priority_rank", "priority_score", "value_score", "junk_score"}


def _sheet(book, title: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    columns = list(frame.columns)
    sheet.append(columns)
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else (v if c in NUMERIC else str(v)) for c, v in zip(columns, row)])
    last = len(frame) + 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(columns))}{last}"


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_call_list_xlsx(frame: pd.DataFrame, path: Path) -> bool:
    """Write the workbook; returns False (and writes nothing) when the list is too long for Excel."""
    from openpyxl import Workbook

    if len(frame) > EXCEL_MAX_ROWS:
        return False
    book = Workbook(write_only=True)
    _sheet(book, "Call list", frame)
    reps = [r for r in frame.get("assigned_to", pd.Series(dtype=object)).dropna().unique()]
    for rep in reps:
        _sheet(book, str(rep), frame[frame["assigned_to"] == rep])
    book.save(path)
    return True
