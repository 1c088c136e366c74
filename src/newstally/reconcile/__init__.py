"""Reconcile: slots, estimates, revisions and notes per story (stub; issue 4)."""
