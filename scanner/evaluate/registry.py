"""Discover checks and datasets into explicit registry objects; importing a module registers nothing."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType

import checks as checks_package
from scanner.aws.collectors import discover_datasets
from scanner.checkapi import ATTRIBUTE, CheckSpec
from scanner.datasets import Dataset
from scanner.errors import RegistryError


@dataclass(frozen=True)
class Registry:
    checks: dict[str, CheckSpec]
    datasets: dict[str, Dataset]

    def check(self, check_id: str) -> CheckSpec:
        return self.checks[check_id]

    def datasets_for(self, check_ids: Iterable[str]) -> list[Dataset]:
        """The datasets the given checks use, each once: the collection plan."""
        names = sorted({name for cid in check_ids for name in self.checks[cid].uses})
        return [self.datasets[name] for name in names]

    def permissions(self) -> list[str]:
        return sorted({p for dataset in self.datasets.values() for p in dataset.permissions})


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def discover_checks() -> dict[str, CheckSpec]:
    found: dict[str, CheckSpec] = {}
    for module in _modules(checks_package):
        for value in vars(module).values():
            spec = getattr(value, ATTRIBUTE, None)
            if isinstance(spec, CheckSpec) and spec.function is value:
                if spec.id in found and found[spec.id].function is not value:
                    raise RegistryError(f"check id {spec.id} is used twice ({module.__name__})")
                found[spec.id] = spec
    return found


def build_registry() -> Registry:
    datasets = discover_datasets()
    checks = discover_checks()
    for spec in checks.values():
        missing = [name for name in spec.uses if name not in datasets]
        if missing:
            raise RegistryError(f"check {spec.id} uses datasets nobody collects: {', '.join(missing)}")
    return Registry(checks=dict(sorted(checks.items())), datasets=dict(sorted(datasets.items())))
