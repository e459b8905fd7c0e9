"""Great Expectations suites as code, one module per table checked, and the runner that applies them.

Importing GX imports `scipy.stats` for the distribution expectations (KL divergence, KS tests) that
these suites never use: about 1.3 s of every run's start-up. It is registered here as a lazy module
first (the standard library's `LazyLoader`), so it loads only if something reads from it.
"""
from __future__ import annotations

import importlib.util
import sys


def _import_lazily(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # not installed: GX does without it
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


_import_lazily("scipy.stats")
