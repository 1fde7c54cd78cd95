"""Packaged data files (unit alias table)."""
