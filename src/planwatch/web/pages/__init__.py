"""One module per page family, each exporting `router`."""
