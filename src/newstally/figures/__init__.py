"""Figures: every reported casualty figure of an article (stub; issue 3)."""
