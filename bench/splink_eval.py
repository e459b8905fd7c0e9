"""A finished run's matching against truth, next to a textbook Splink dedupe of the same staged rows.

    python -m bench.splink_eval OUT_DIR TRUTH.csv [--store STORE.duckdb] [--thresholds 0.95,0.9,0.99]

OUT_DIR is a run's output folder (its lineage.csv); the store defaults to OUT_DIR/leadsweep.duckdb
and is only read. Prints pairwise P/R/F1, trap precision and the largest leads of the run and of
plain Splink at each threshold (`bench/matching_eval.py`, `bench/splink_baseline.py`) as JSON.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.matching_eval import accuracy
from bench.splink_baseline import lineage_path, plain_splink


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--store", type=Path, help="the run's store (default OUT_DIR/leadsweep.duckdb)")
    parser.add_argument("--thresholds", default="0.95,0.9,0.99")
    args = parser.parse_args(argv)
    store = args.store or args.out_dir / "leadsweep.duckdb"
    thresholds = [float(t) for t in args.thresholds.split(",")]
    result = {"run": accuracy(args.out_dir / "lineage.csv", store, args.truth)}
    with tempfile.TemporaryDirectory(prefix="splink-eval-") as tmp:
        result["plain_splink"] = plain_splink(store, Path(tmp) / "splink.duckdb", Path(tmp), thresholds)
        for t in thresholds:
            result[f"plain_splink@{t}"] = accuracy(lineage_path(Path(tmp), t), store, args.truth)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
