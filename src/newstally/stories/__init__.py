"""Stories: group reports of one event (stub; issue 4)."""
