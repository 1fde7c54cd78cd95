"""planwatch.extract."""
