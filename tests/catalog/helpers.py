"""Shared pieces of the catalog tests: the registry, the built-in catalogs, the shape of a check id."""

from __future__ import annotations

import re

from scanner.catalog.model import LoadedCatalog, builtin_catalogs
from scanner.evaluate.registry import build_registry

REGISTRY = build_registry()
BUILTIN: dict[str, LoadedCatalog] = {c.id: c for c in builtin_catalogs(REGISTRY.checks)}

UNPLANNED_PREFIX = "not yet planned: "

# The shape of every check id, registered or planned (`<service>.<resource>.<property>`, docs/development.md):
# two to four dot-separated names, each lower-case words joined by single hyphens.
CHECK_ID_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*){1,3}$")
SERVICES = frozenset(check_id.split(".", 1)[0] for check_id in REGISTRY.checks)


def planned_id_problem(check_id: str) -> str | None:
    """Why a pending entry's leading id cannot be a planned check id, or None when it can: the shape of a
    check id, in a service some registered check already covers (a misspelt service is caught)."""
    if not CHECK_ID_SHAPE.match(check_id):
        return "not shaped like a check id (<service>.<resource>.<property>, lower-case words and hyphens)"
    service = check_id.split(".", 1)[0]
    if service not in SERVICES:
        return f"no registered check covers service {service!r} (misspelt?)"
    return None
