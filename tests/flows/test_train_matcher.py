"""Retraining the probabilistic matcher on a run's store, and matching with the retrained model."""
import json
import shutil

import duckdb

from transforms.match.probabilistic import predict_pairs, train
from transforms.match.splink_model import load_model, save_model


def test_retrained_model_is_saved_and_used(sample_report_run, tmp_path):
    store = tmp_path / "store.duckdb"
    shutil.copy(sample_report_run / "leadsweep.duckdb", store)
    with duckdb.connect(str(store)) as con:
        settings = train(con)
        model = tmp_path / "model.json"
        save_model(settings, model)
        levels = [lv for comp in load_model(model)["comparisons"] for lv in comp["comparison_levels"]
                  if not lv.get("is_null_level")]
        assert levels and all(0 < lv[p] <= 1 for lv in levels for p in ("m_probability", "u_probability")
                              if lv.get(p) is not None)
        # the model was trained here, not copied: its u probabilities differ from the shipped ones
        assert json.loads(model.read_text())["comparisons"] != load_model()["comparisons"]
        assert predict_pairs(con, 0.5, model)[0] > 0
        leftovers = con.execute("select count(*) from information_schema.tables "
                                "where table_name like '%splink%'").fetchall()[0][0]
        assert leftovers == 0  # training and prediction leave the store as they found it
