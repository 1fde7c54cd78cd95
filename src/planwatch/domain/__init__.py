"""Domain types: frozen dataclasses and enums, standard library only."""
