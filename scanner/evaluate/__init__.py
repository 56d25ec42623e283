"""Stage 2, evaluate: the check registry, running checks over collected data, accepted exceptions, gate."""
