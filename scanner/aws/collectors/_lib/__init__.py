"""Helpers the collector modules share across services. No datasets live here: discovery skips this package
(its name starts with `_`), so every module directly in `collectors/` but `base` collects one AWS service."""
