"""Packaged JSON Schemas for planwatch interchange formats."""
