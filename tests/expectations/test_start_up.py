"""The gates' import cost: GX's scipy.stats is loaded only when something reads from it."""
from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import expectations.gates
assert "scipy.stats._stats_py" not in sys.modules, "importing the gates loaded scipy.stats"
import scipy.stats
assert abs(scipy.stats.norm.cdf(0) - 0.5) < 1e-12  # first use loads it in full
from scipy.stats import kstest
assert "scipy.stats._stats_py" in sys.modules
"""


def test_gates_load_scipy_stats_only_when_used():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
