"""Make the hostile corpus generator (hostile_corpus.py) importable by these tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
