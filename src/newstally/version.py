"""The version of newstally (kept here, at the bottom layer, so any stage may read it)."""

__version__ = "0.1.0"
