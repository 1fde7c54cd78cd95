"""Alembic migrations shipped with the package; run them with `planwatch.store.migrate.upgrade`."""
