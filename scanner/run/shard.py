"""Split an organization's accounts into N deterministic shards, and merge shard runs into one run."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scanner import rundir
from scanner.errors import ConfigError, RunDirError


def parse_shard(value: str) -> tuple[int, int]:
    """'K/N' with 1 <= K <= N."""
    match = re.fullmatch(r"(\d+)/(\d+)", value.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ConfigError(f"--shard {value!r}: expected K/N with 1 <= K <= N, e.g. 2/5")
    return int(match[1]), int(match[2])


def shard_of(account_id: str, count: int) -> int:
    """1-based shard of an account. A hash, not a position: adding an account moves no other account."""
    return int(hashlib.sha256(account_id.encode()).hexdigest(), 16) % count + 1


def in_shard(account_id: str, shard: tuple[int, int] | None) -> bool:
    return shard is None or shard_of(account_id, shard[1]) == shard[0]


def merge_runs(shards: Sequence[Path], out: Path) -> dict[str, Any]:
    """Combine shard run directories into one run directory (inventory, evidence, run.json), ready to be
    evaluated. Refuses shards that were altered, come from different scans, or do not cover 1..N once."""
    if not shards:
        raise ConfigError("merge: give at least one shard run directory")
    runs = []
    for shard in shards:
        check = rundir.verify_manifest(shard)
        if not check.ok:
            raise RunDirError(f"{shard}: does not match its manifest; refusing to merge it")
        runs.append(rundir.read_run(shard))
    _check_compatible(shards, runs)
    if out.exists() and any(p.name != rundir.LOCK for p in out.iterdir()):
        raise ConfigError(f"{out}: merge output must be a new or empty directory")
    out.mkdir(parents=True, exist_ok=True)
    rundir.mark_incomplete(out)  # until evaluating the merged run writes its manifest
    for shard in shards:
        for sub in (rundir.INVENTORY, rundir.EVIDENCE, "attestations"):
            source = shard / sub
            if source.is_dir():
                shutil.copytree(source, out / sub, dirs_exist_ok=True)
        exceptions = shard / rundir.EXCEPTIONS
        if exceptions.is_file() and not (out / rundir.EXCEPTIONS).exists():
            shutil.copy2(exceptions, out / rundir.EXCEPTIONS)
    merged = dict(runs[0])
    accounts = {a["account_id"]: a for run in runs for a in run["accounts"]}
    merged["accounts"] = [accounts[k] for k in sorted(accounts)]
    for key in ("regions", "disabled_regions", "problems"):
        merged[key] = {k: v for run in runs for k, v in (run.get(key) or {}).items()}
    merged["api_calls"] = sum(int(run.get("api_calls", 0)) for run in runs)
    merged["started_at"] = min(run["started_at"] for run in runs)
    merged["finished_collection_at"] = max(run["finished_collection_at"] for run in runs)
    merged["run_id"] = hashlib.sha256("|".join(r["run_id"] for r in runs).encode()).hexdigest()[:16]
    merged["shard"] = {
        "count": runs[0]["shard"]["count"],
        "merged_from": [rundir.file_digest(s / rundir.MANIFEST) for s in shards],
    }
    rundir.write_json(out / rundir.RUN, merged)
    return merged


def _check_compatible(shards: Sequence[Path], runs: Sequence[dict[str, Any]]) -> None:
    first = runs[0]
    for shard, run in zip(shards, runs, strict=True):
        if not run.get("shard"):
            raise ConfigError(f"{shard}: not a shard run (scanned without --shard)")
        for key in ("organization", "selected_catalogs", "catalog_paths", "org_config_path", "baseline_path"):
            if run.get(key) != first.get(key):
                raise ConfigError(
                    f"{shard}: its {key} differs from {shards[0]}'s; these shards are not one scan"
                )
        if run["caller"]["account_id"] != first["caller"]["account_id"]:
            raise ConfigError(f"{shard}: scanned by another caller account than {shards[0]}")
    count = first["shard"]["count"]
    indices = sorted(run["shard"]["index"] for run in runs)
    if indices != list(range(1, count + 1)) or any(run["shard"]["count"] != count for run in runs):
        missing = sorted(set(range(1, count + 1)) - set(indices))
        raise ConfigError(
            f"merge: shards must cover 1..{count} exactly once (have {indices}, missing {missing})"
        )
