"""datasketch's MinHash and MinHashLSH, without loading scipy at start-up.

datasketch imports ``scipy.integrate`` when it is imported, only to choose the LSH bands
and rows for a threshold (two integrals, `datasketch.lsh._optimal_param`). Loading scipy
costs about 0.3 s of CPU per process (3% of a `newstally run` of 300 articles), and
newstally's thresholds are few. So datasketch is imported with a stand-in for
``scipy.integrate`` whose ``quad`` loads the real one on first call, and `new_lsh` passes
the bands and rows that datasketch itself computes for the configured thresholds
(`KNOWN_PARAMS`, checked against datasketch by the tests). Any other threshold is left to
datasketch, which then loads scipy as before.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _quad(*args: Any, **kwargs: Any) -> Any:
    from scipy.integrate import quad

    return quad(*args, **kwargs)


def _import_datasketch() -> types.ModuleType:
    if "datasketch" in sys.modules or "scipy.integrate" in sys.modules:
        import datasketch

        return datasketch
    stand_in = types.ModuleType("scipy.integrate")
    stand_in.quad = _quad  # type: ignore[attr-defined]
    sys.modules["scipy.integrate"] = stand_in
    try:
        import datasketch
    finally:
        if sys.modules.get("scipy.integrate") is stand_in:
            del sys.modules["scipy.integrate"]
    return datasketch


_datasketch = _import_datasketch()
MinHash = _datasketch.MinHash
LeanMinHash = _datasketch.LeanMinHash
MinHashLSH = _datasketch.MinHashLSH

# (threshold rounded to 9 places, num_perm) -> (bands, rows), as datasketch's
# `_optimal_param` gives them with equal false positive and negative weights.
# The duplicate detector's LSH threshold is 0.1 under `[duplicates] threshold` (0.8).
KNOWN_PARAMS: dict[tuple[float, int], tuple[int, int]] = {
    (0.7, 128): (14, 9),
}


def new_lsh(threshold: float, num_perm: int) -> Any:
    """``MinHashLSH(threshold=threshold, num_perm=num_perm)``, the same bands and rows."""
    params = KNOWN_PARAMS.get((round(threshold, 9), num_perm))
    return MinHashLSH(threshold=threshold, num_perm=num_perm, params=params)
