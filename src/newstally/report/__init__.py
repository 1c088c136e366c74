"""Report: brief, report.md and report.html (stub; issue 4)."""
