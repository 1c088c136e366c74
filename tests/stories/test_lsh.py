"""The MinHashLSH that newstally builds: datasketch's bands and rows, scipy not loaded."""

from __future__ import annotations

import subprocess
import sys

from datasketch.lsh import _optimal_param

from newstally.stories.config import load_config
from newstally.stories.lsh import KNOWN_PARAMS, MinHashLSH, new_lsh


def test_known_params_are_datasketch_s_own() -> None:
    for (threshold, num_perm), params in KNOWN_PARAMS.items():
        assert _optimal_param(threshold, num_perm, 0.5, 0.5) == params


def test_configured_threshold_gets_the_bands_datasketch_would_choose() -> None:
    cfg = load_config()
    threshold = max(0.05, cfg.duplicate_threshold - 0.1)
    ours = new_lsh(threshold, cfg.num_perm)
    theirs = MinHashLSH(threshold=threshold, num_perm=cfg.num_perm)
    assert (ours.b, ours.r) == (theirs.b, theirs.r)
    assert (round(threshold, 9), cfg.num_perm) in KNOWN_PARAMS  # no integral at run time


def test_other_thresholds_are_left_to_datasketch() -> None:
    lsh = new_lsh(0.35, 64)
    assert (lsh.b, lsh.r) == _optimal_param(0.35, 64, 0.5, 0.5)


def test_grouping_does_not_load_scipy_integrate() -> None:
    code = (
        "import sys\n"
        "from newstally.stories.duplicates import DuplicateIndex\n"
        "import newstally.stories.batch\n"
        "DuplicateIndex()\n"
        "print('scipy.integrate' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
