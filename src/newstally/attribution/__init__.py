"""Attribution: who said what (stub; issue 6)."""
