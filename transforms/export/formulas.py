"""Formula neutralisation (invariant 4): a cell that a spreadsheet would run as a formula gets a leading
quote. This is the rule for one value, as the report's own cells use it; the output files apply the same
rule in SQL as DuckDB writes them (`formula_like` and `neutralised` in `transforms/core/macros.sql`, which a
test holds to this one)."""
from __future__ import annotations

import re

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?\s*\d[\d\s]*(\.\d+)?$")


def neutralise(value):
    """Make a cell safe to open in Excel: a leading =, +, -, @, TAB or CR gets a quote, unless a number."""
    if not isinstance(value, str) or not value or not FORMULA_START.match(value):
        return value
    if value[0] in "+-" and NUMBER.match(value):
        return value
    return "'" + value
