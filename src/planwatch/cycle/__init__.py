"""The implementation cycle (督办): reporting calendars, milestones, lights and reminder rules.

Everything in this package is pure: dates and records in, decisions out, each decision with the
reason a page can show. Storage lives in `store.cycle_*`, use cases and delivery in `services.cycle_*`.
"""
