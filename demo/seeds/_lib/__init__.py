"""Helpers several demo seeds share. Not seeds: discovery skips modules whose name starts with `_`."""
