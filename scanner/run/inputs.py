"""Every file a user gives a scan, read and validated before the first AWS call and before the run folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner.catalog.model import BUILTIN_DIR, LoadedCatalog, load_catalogs, select
from scanner.catalog.placement import LoadedOrgConfig, load_org_config
from scanner.evaluate.accepted import LoadedExceptions, load_exceptions
from scanner.evaluate.registry import Registry
from scanner.resolve.attest import Attestation, load_attestations
from scanner.run.config import RunConfig


@dataclass(frozen=True)
class UserInputs:
    catalogs: list[LoadedCatalog]  # the selected ones, built-in and the user's
    org_config: LoadedOrgConfig | None
    exceptions: LoadedExceptions | None
    attestations: list[Attestation]


def load_user_files(
    registry: Registry,
    *,
    catalogs: Sequence[str] = (),
    catalog_paths: Sequence[Path] = (),
    org_config: Path | None = None,
    exceptions: Path | None = None,
    attestations: Path | None = None,
) -> UserInputs:
    """Load and validate each file; the first problem is a ConfigError naming the file, line and problem."""
    loaded = load_catalogs([BUILTIN_DIR, *catalog_paths], registry.checks)
    return UserInputs(
        catalogs=select(loaded, catalogs),
        org_config=load_org_config(org_config) if org_config is not None else None,
        exceptions=load_exceptions(exceptions) if exceptions is not None else None,
        attestations=load_attestations(attestations) if attestations is not None else [],
    )


def load_run_inputs(config: RunConfig, registry: Registry) -> UserInputs:
    """The user files of one scan (see load_user_files)."""
    return load_user_files(
        registry,
        catalogs=config.catalogs,
        catalog_paths=config.catalog_paths,
        org_config=config.org_config,
        exceptions=config.exceptions,
        attestations=config.attestations,
    )
