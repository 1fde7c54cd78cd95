"""Logical lines → the plan's outline tree and its metadata (title, period, issuing notice)."""
