"""The gates' import cost: GX's scipy.stats is loaded only when something reads from it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = """
import sys
import expectations.gates
assert "scipy.stats._stats_py" not in sys.modules, "importing the gates loaded scipy.stats"
import scipy.stats
assert abs(scipy.stats.norm.cdf(0) - 0.5) < 1e-12  # first use loads it in full
from scipy.stats import kstest
assert "scipy.stats._stats_py" in sys.modules
"""


def test_gates_load_scipy_stats_only_when_used(tmp_path):
    # a script, not `python -c`: pyspark (which GX imports) takes a main module without a file for a
    # doctest run and exits 0 on import when Spark Connect's packages are missing
    script = tmp_path / "check.py"
    script.write_text(CHECK + '\nprint("checked")\n', encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0 and done.stdout.strip() == "checked", done.stderr[-2000:]
