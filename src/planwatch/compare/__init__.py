"""Comparing successive plans: indicator crosswalk, continuity and ambition, carry-over, next-plan draft.

Pure functions over plain data (`model.PlanFacts`), so the same comparison serves the CLI, the API, the
web page and the benchmark, and tests can build plans by hand. `services.comparison` reads two stored
plans into `PlanFacts` and keeps the user's confirmations.
"""
