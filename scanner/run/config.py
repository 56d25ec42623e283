"""RunConfig: what one scan was asked to do, independent of how it was asked (CLI, demo, tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.aws.retries import CallLimits
from scanner.aws.sessions import DEFAULT_ROLE_NAME


@dataclass(frozen=True)
class RunConfig:
    out: Path
    org: bool = False
    role_name: str = DEFAULT_ROLE_NAME
    external_id: str | None = None
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    catalogs: tuple[str, ...] = ()  # ids of catalogs to use; empty means all loaded
    catalog_paths: tuple[Path, ...] = ()  # user catalogs loaded next to the built-in ones
    org_config: Path | None = None  # roles and application scopes (YAML)
    attestations: Path | None = None  # folder of attestation files, copied into the run
    baseline: Path | None = None  # a stored Phase 1 run to inherit the landing zone from
    exceptions: Path | None = None  # accepted exceptions (YAML), copied into the run
    shard: tuple[int, int] | None = None  # (K, N): scan only the accounts of shard K of N
    workers: int = 8
    pdf: bool = True
    # How the report cuts the evidence packs: phase, scope or account; None: no packs (the CLI passes scope).
    pack_by: str | None = None
    mode: str = "scan"
    labels: dict[str, str] = field(default_factory=dict)
    trend_history: tuple[dict[str, Any], ...] = ()  # earlier runs' trend points (from the history store)
    limits: CallLimits = field(default_factory=CallLimits)  # retries and each dataset's deadline
    # (service, region or None for every region) that count as offered whatever botocore's endpoint data says
    assume_offered: frozenset[tuple[str, str | None]] = frozenset()
