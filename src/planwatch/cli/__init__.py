"""planwatch.cli."""
