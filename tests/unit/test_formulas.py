"""Formula neutralisation is vectorised for whole chunks of a file; it must say what the one-cell rule says."""
from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from transforms.export.formulas import formula_cells, neutralise, neutralise_frame

CELLS = st.one_of(st.none(), st.text(alphabet=st.sampled_from("=+-@\t\r\n 0123456789.٣Жàa'\u00a0"), max_size=8),
                  st.sampled_from(["+393475820193", "-2+3", "=1+1", "@SUM(1)", "Иван", "Niccolò", "+62 812 3456"]))


@given(st.lists(CELLS, max_size=30))
def test_vectorised_formula_check_agrees_with_neutralise(cells):
    column = pd.Series(cells, dtype="str")
    assert formula_cells(column).tolist() == [isinstance(c, str) and neutralise(c) != c for c in cells]
    assert not formula_cells(neutralise_frame(column.to_frame("cell"))["cell"]).any()


def test_numbers_stay_and_payloads_are_quoted():
    frame = pd.DataFrame({"phone": ["+393475820193", "+62 812 3456", "-2+3", "=HYPERLINK(\"x\")", "Цветелина"]})
    assert neutralise_frame(frame)["phone"].tolist() == [
        "+393475820193", "+62 812 3456", "'-2+3", "'=HYPERLINK(\"x\")", "Цветелина"]
