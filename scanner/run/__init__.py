"""The conductor: a run from configuration to run directory (scan, evaluate, shards, history, trend)."""
