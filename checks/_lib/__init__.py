"""Helpers the check modules share across services. No checks live here: the registry skips this package
(its name starts with `_`), so every module directly in `checks/` holds the checks of one AWS service."""
