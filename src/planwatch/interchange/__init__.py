"""planwatch.interchange."""
