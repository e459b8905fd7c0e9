"""Formula neutralisation (invariant 4): a cell that a spreadsheet would run as a formula gets a leading
quote. Vectorised over a frame, so an output file is neutralised chunk by chunk as it is written."""
from __future__ import annotations

import re

import pandas as pd

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?\s*\d[\d\s]*(\.\d+)?$")


def neutralise(value):
    """Make a cell safe to open in Excel: a leading =, +, -, @, TAB or CR gets a quote, unless a number."""
    if not isinstance(value, str) or not value or not FORMULA_START.match(value):
        return value
    if value[0] in "+-" and NUMBER.match(value):
        return value
    return "'" + value


def formula_cells(column: pd.Series) -> pd.Series:
    """True where a cell would run as a formula in a spreadsheet (numbers such as +3912345 are safe)."""
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return pd.Series(False, index=column.index)
    text = column.astype("string")
    risky = text.str.match(FORMULA_START.pattern, na=False).astype(bool)
    signed = risky & text.str.match(r"^[+-]", na=False).astype(bool)
    if signed.any():  # NUMBER runs in Python's re (Unicode \d, \s), so only on the cells that need it
        number = text[signed].str.match(NUMBER.pattern, na=False).astype(bool)
        risky.loc[number.index[number.to_numpy()]] = False
    return risky


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`neutralise` every text cell of a frame (vectorised over the cells that need it)."""
    frame = frame.copy()
    for column in frame.columns:
        risky = formula_cells(frame[column])
        if risky.any():
            frame[column] = frame[column].astype(object)
            frame.loc[risky, column] = frame.loc[risky, column].map(neutralise)
    return frame
