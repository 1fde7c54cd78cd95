"""External data files (observations from statistical tables, bulletins, news) read into domain records.

This package reads and interprets files; it does not touch the database. `planwatch.store` stores
what it returns once the user has confirmed how file names map to plan indicators.
"""
