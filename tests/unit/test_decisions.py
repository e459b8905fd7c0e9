"""Reading a decisions file (`review apply`) and keeping rows a person called different apart (issue 21)."""
import numpy as np
import pytest

from transforms.match.decisions import Decision, DecisionError, parse_row, read_decisions
from transforms.match.matching import keep_apart


def test_a_review_pairs_file_with_decisions_in_any_language_and_delimiter(tmp_path):
    path = tmp_path / "decisioni.csv"
    path.write_text("\ufeffmatch_probability;source_file_l;source_row_l;source_file_r;source_row_r;decision\n"
                    "0.93;b.csv;4;a.csv;7;Stesso\n"
                    "0.61;a.csv;1;a.csv;2;различен\n"
                    "0.55;a.csv;3;a.csv;5;\n"
                    ";a.csv;1;a.csv;2;same\n", encoding="utf-8")  # the last word on a pair wins
    decisions, undecided = read_decisions(path)
    assert undecided == 1
    assert decisions == [Decision(("a.csv", 7), ("b.csv", 4), "same", 0.93),
                         Decision(("a.csv", 1), ("a.csv", 2), "same", None)]


@pytest.mark.parametrize(("body", "problem"), [
    ("source_file_l,source_row_l,source_file_r,source_row_r\n", "has no decision column"),
    ("source_file_l,source_row_l,source_file_r,source_row_r,decision\na.csv,1,a.csv,2,maybe\n",
     "line 2: decision 'maybe' is neither same nor different"),
    ("source_file_l,source_row_l,source_file_r,source_row_r,decision\na.csv,one,a.csv,2,same\n",
     "line 2: source_row_l and source_row_r must be row numbers"),
    ("source_file_l,source_row_l,source_file_r,source_row_r,decision\na.csv,2,a.csv,2,same\n",
     "line 2: a row is paired with itself"),
])
def test_a_wrong_decisions_file_is_refused_naming_the_line(tmp_path, body, problem):
    path = tmp_path / "decisions.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DecisionError, match=problem):
        read_decisions(path)


def test_rows_are_named_file_colon_row():
    assert parse_row("fornitore: lombardia.csv:12") == ("fornitore: lombardia.csv", 12)
    with pytest.raises(DecisionError, match="is not SOURCE_FILE:SOURCE_ROW"):
        parse_row("fornitore.csv")


def _edges(*edges: tuple[int, int, float]) -> dict[str, np.ndarray]:
    rows, codes, ranks = zip(*edges, strict=True)
    return {"row_id": np.array(rows), "code": np.array(codes), "rank": np.array(ranks)}


def test_keep_apart_drops_only_the_edges_that_would_join_two_rows_called_different():
    # rows 1-2 share key 0 (a household's e-mail), 2-3 a sure pair (node 1), 3-4 a must-link (node 2);
    # rows 7-8 are another component with no decision
    edges = _edges((1, 0, 1.0), (2, 0, 1.0), (2, 1, 1.02), (3, 1, 1.02), (3, 2, 0.0), (4, 2, 0.0),
                   (7, 3, 1.0), (8, 3, 1.0))
    rows, labels = np.array([1, 2, 3, 4, 7, 8]), np.array([0, 0, 0, 0, 1, 1])
    relabelled = keep_apart(rows, labels, edges, [(1, 4)])
    group = dict(zip(rows.tolist(), relabelled.tolist(), strict=True))
    assert group[3] == group[4] != group[1] == group[2]  # the must-link first, then the key; the sure pair gives
    assert group[7] == group[8] == 1                       # another component is left as it was
    assert keep_apart(rows, labels, edges, [(1, 7)]) is labels  # already apart: nothing to do
