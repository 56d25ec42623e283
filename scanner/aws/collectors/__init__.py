"""Collectors, filed by AWS service: each module (`<service>.py` or `<service>_<topic>.py`) exports DATASETS,
declarative specs with permissions, of that service only. `base` and the shared helpers in `_lib/` declare
none."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from scanner.datasets import Dataset
from scanner.errors import RegistryError


@functools.cache
def _declared() -> tuple[Dataset, ...]:
    found: dict[str, Dataset] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for dataset in getattr(module, "DATASETS", ()):
            if dataset.name in found:
                raise RegistryError(f"dataset {dataset.name} is declared twice ({module.__name__})")
            found[dataset.name] = dataset
    return tuple(found.values())


def discover_datasets() -> dict[str, Dataset]:
    """Every dataset the collector modules declare, by name (each module is imported once per process)."""
    return {dataset.name: dataset for dataset in _declared()}
