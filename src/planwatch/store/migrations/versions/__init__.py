"""Migration scripts, one per schema change (a package so that wheels include them)."""
