"""The run directory contract: file names, JSON Lines I/O and the SHA-256 manifest."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.errors import RunDirError
from scanner.evidence import sha256_hex
from scanner.model import ControlResult, Result

RESULTS = "results.jsonl"
CONTROLS = "controls.jsonl"
RUN = "run.json"
PHASES = "phases.json"
EXCEPTIONS = "exceptions.yaml"
MANIFEST = "manifest.json"
TREND = "trend.json"  # controls met per catalog and phase over recorded runs
SIGNATURE = "manifest.sig"  # signs manifest.json, so it is not listed in it
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
HOST_SCAN_MODE = "scan-host"  # run.json "mode" of a Docker host audit (every other mode scans AWS)
EVIDENCE = "evidence"
INVENTORY = "inventory"


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise RunDirError(f"{path}: missing (run `controlmap evaluate --from {path.parent}` first?)")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RunDirError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc


def write_results(directory: Path, results: Iterable[Result]) -> int:
    return write_jsonl(directory / RESULTS, (r.to_json() for r in results))


def read_results(directory: Path) -> list[Result]:
    try:
        return [Result.from_json(row) for row in read_jsonl(directory / RESULTS)]
    except (KeyError, ValueError) as exc:
        raise RunDirError(f"{directory / RESULTS}: unexpected record: {exc}") from exc


def write_controls(directory: Path, controls: Iterable[ControlResult]) -> int:
    return write_jsonl(directory / CONTROLS, (c.to_json() for c in controls))


def read_controls(directory: Path) -> list[ControlResult]:
    try:
        return [ControlResult.from_json(row) for row in read_jsonl(directory / CONTROLS)]
    except (KeyError, ValueError) as exc:
        raise RunDirError(f"{directory / CONTROLS}: unexpected record: {exc}") from exc


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n")


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise RunDirError(f"{path}: not valid JSON: {exc.msg}") from exc


def read_run(directory: Path) -> dict[str, Any]:
    path = directory / RUN
    if not path.is_file():
        raise RunDirError(f"{directory}: not a controlmap run directory (no {RUN})")
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise RunDirError(f"{path}: not valid JSON: {exc.msg}") from exc
    return data


def file_digest(path: Path) -> str:
    return sha256_hex(path.read_bytes())


def _files(directory: Path) -> list[str]:
    return sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.relative_to(directory).as_posix() not in (MANIFEST, SIGNATURE)
    )


def write_manifest(directory: Path) -> dict[str, Any]:
    """Hash every file in the run directory except the manifest itself. A signature of an earlier manifest
    is removed: it no longer signs what the directory holds (sign again after re-rendering)."""
    (directory / SIGNATURE).unlink(missing_ok=True)
    manifest = {
        "algorithm": "sha256",
        "files": {name: file_digest(directory / name) for name in _files(directory)},
    }
    write_json(directory / MANIFEST, manifest)
    return manifest


@dataclass(frozen=True)
class ManifestCheck:
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.changed or self.added or self.removed)


def verify_manifest(directory: Path) -> ManifestCheck:
    """Re-hash the directory against manifest.json and name every changed, added or removed file."""
    path = directory / MANIFEST
    if not path.is_file():
        raise RunDirError(f"{directory}: no {MANIFEST} to verify against")
    try:
        listed: dict[str, str] = json.loads(path.read_text())["files"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise RunDirError(f"{path}: not a valid manifest: {exc}") from exc
    present = set(_files(directory))
    changed = tuple(sorted(n for n in listed if n in present and file_digest(directory / n) != listed[n]))
    added = tuple(sorted(present - set(listed)))
    removed = tuple(sorted(set(listed) - present))
    return ManifestCheck(changed, added, removed)
