"""Split an organization's accounts into N deterministic shards, and merge shard runs into one run."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from scanner import rundir
from scanner.errors import ConfigError, RunDirError
from scanner.runrecord import RunRecord, ShardRecord


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


def merge_runs(shards: Sequence[Path], out: Path) -> RunRecord:
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
    count = _check_compatible(shards, runs)
    if out.exists() and any(p.name != rundir.LOCK for p in out.iterdir()):
        raise ConfigError(f"{out}: merge output must be a new or empty directory")
    out.mkdir(parents=True, exist_ok=True)
    rundir.mark_incomplete(out)  # until the merged run is evaluated and reported, which writes its manifest
    for shard in shards:
        for sub in (rundir.INVENTORY, rundir.EVIDENCE, "attestations"):
            source = shard / sub
            if source.is_dir():
                shutil.copytree(source, out / sub, dirs_exist_ok=True)
        exceptions = shard / rundir.EXCEPTIONS
        if exceptions.is_file() and not (out / rundir.EXCEPTIONS).exists():
            shutil.copy2(exceptions, out / rundir.EXCEPTIONS)
    merged = _merged(runs, count, [rundir.file_digest(s / rundir.MANIFEST) for s in shards])
    rundir.write_run(out, merged)
    return merged


def _merged(runs: Sequence[RunRecord], count: int, manifests: Sequence[str]) -> RunRecord:
    """The shards' record as one scan of all their accounts; not evaluated yet."""
    accounts = {a.account_id: a for run in runs for a in run.accounts}
    return replace(
        runs[0],
        accounts=tuple(accounts[k] for k in sorted(accounts)),
        regions={k: v for run in runs for k, v in run.regions.items()},
        disabled_regions={k: v for run in runs for k, v in run.disabled_regions.items()},
        problems={k: v for run in runs for k, v in run.problems.items()},
        api_calls=sum(run.api_calls for run in runs),
        started_at=min(run.started_at for run in runs),
        finished_collection_at=max(run.finished_collection_at for run in runs),
        run_id=hashlib.sha256("|".join(r.run_id for r in runs).encode()).hexdigest()[:16],
        shard=ShardRecord(count=count, merged_from=tuple(manifests)),
        evaluation=None,
    )


def _check_compatible(shards: Sequence[Path], runs: Sequence[RunRecord]) -> int:
    """Refuse shards of different scans, or that do not cover 1..N once; returns N."""
    first = runs[0]
    placed: list[tuple[int, int]] = []  # (index, count) of each shard
    for shard, run in zip(shards, runs, strict=True):
        if run.shard is None or run.shard.index is None:
            raise ConfigError(f"{shard}: not a shard run (scanned without --shard)")
        placed.append((run.shard.index, run.shard.count))
        for key in ("organization", "selected_catalogs", "catalog_paths", "org_config_path", "baseline_path"):
            if getattr(run, key) != getattr(first, key):
                raise ConfigError(
                    f"{shard}: its {key} differs from {shards[0]}'s; these shards are not one scan"
                )
        if run.caller.account_id != first.caller.account_id:
            raise ConfigError(f"{shard}: scanned by another caller account than {shards[0]}")
    count = placed[0][1]
    indices = sorted(index for index, _ in placed)
    if indices != list(range(1, count + 1)) or any(n != count for _, n in placed):
        missing = sorted(set(range(1, count + 1)) - set(indices))
        raise ConfigError(
            f"merge: shards must cover 1..{count} exactly once (have {indices}, missing {missing})"
        )
    return count
