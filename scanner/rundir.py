"""The run directory contract: file names, JSON Lines I/O, the SHA-256 manifest, and who may write a run.

Every file is written whole (scanner.atomicfile). A run folder is marked INCOMPLETE from the moment a run
starts writing it until its manifest is written over complete files; one run writes a folder at a time
(`locked`).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scanner import atomicfile
from scanner.errors import RunDirError
from scanner.evidence import sha256_hex
from scanner.model import ControlResult, Result
from scanner.runrecord import RunRecord, json_kind, parse_run

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
REGISTERS = "registers"  # the gap, attestation and exception registers as CSV (scanner.report.registers)
EVIDENCE = "evidence"
INVENTORY = "inventory"
# Present while a run is being written; removed once manifest.json covers the finished files.
INCOMPLETE = "INCOMPLETE"
# The lock file of the run writing the folder (`locked`): no part of the run, never hashed or packed.
LOCK = ".controlmap-lock"
NOT_HASHED = frozenset({MANIFEST, SIGNATURE, INCOMPLETE, LOCK})
INCOMPLETE_DETAIL = (
    "a controlmap command began writing it and did not finish: it was interrupted, killed or failed, "
    "so its files may be partial"
)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with atomicfile.replacing(path) as temporary, temporary.open("w", encoding="utf-8") as handle:
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
    text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n"
    atomicfile.write_text(path, text)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise RunDirError(f"{path}: not valid JSON: {exc.msg}") from exc


def read_run(directory: Path) -> RunRecord:
    """The run's record; a file that is not one is a RunDirError naming the file (and the key)."""
    path = directory / RUN
    if not path.is_file():
        raise RunDirError(f"{directory}: not a controlmap run directory (no {RUN})")
    return parse_run(path.read_bytes(), str(path))


def write_run(directory: Path, record: RunRecord) -> None:
    write_json(directory / RUN, record.to_json())


def file_digest(path: Path) -> str:
    return sha256_hex(path.read_bytes())


def _files(directory: Path) -> list[str]:
    return sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.relative_to(directory).as_posix() not in NOT_HASHED
    )


def write_manifest(directory: Path, *, finishing: bool = False) -> dict[str, Any]:
    """Hash every file in the run directory except the manifest itself. A signature of an earlier manifest
    is removed: it no longer signs what the directory holds (sign again after re-rendering).

    A folder marked INCOMPLETE gets a manifest only from the run finishing it (`finishing`, once every file is
    written), which then removes the marker: a manifest never vouches for a half-written run."""
    if not finishing:
        require_complete(directory)
    (directory / SIGNATURE).unlink(missing_ok=True)
    manifest = {
        "algorithm": "sha256",
        "files": {name: file_digest(directory / name) for name in _files(directory)},
    }
    write_json(directory / MANIFEST, manifest)
    (directory / INCOMPLETE).unlink(missing_ok=True)
    return manifest


@dataclass(frozen=True)
class ManifestCheck:
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    problem: str | None = None  # manifest.json is unusable (not JSON, unexpected shape): nothing was compared
    incomplete: str | None = None  # the run was never finished (INCOMPLETE): nothing was compared

    @property
    def ok(self) -> bool:
        return not (self.changed or self.added or self.removed or self.problem or self.incomplete)

    @property
    def state(self) -> str:
        """What `verify` prints: OK, MISMATCH (files differ), INVALID (manifest.json) or INCOMPLETE."""
        if self.incomplete:
            return "INCOMPLETE"
        if self.problem:
            return "INVALID"
        return "OK" if self.ok else "MISMATCH"

    @property
    def detail(self) -> str | None:
        return self.incomplete or self.problem


def verify_manifest(directory: Path) -> ManifestCheck:
    """Re-hash the directory against manifest.json and name every changed, added or removed file. A run that
    was never finished, or a manifest that cannot be read as one, is reported (not raised): it does not
    verify. Only a directory without manifest.json (and not marked incomplete) raises RunDirError."""
    if (directory / INCOMPLETE).exists():
        return ManifestCheck((), (), (), incomplete=INCOMPLETE_DETAIL)
    path = directory / MANIFEST
    if not path.is_file():
        raise RunDirError(f"{directory}: no {MANIFEST} to verify against")
    listed = _listed(path)
    if isinstance(listed, str):
        return ManifestCheck((), (), (), problem=f"{MANIFEST} {listed}")
    present = set(_files(directory))
    changed = tuple(sorted(n for n in listed if n in present and file_digest(directory / n) != listed[n]))
    added = tuple(sorted(present - set(listed)))
    removed = tuple(sorted(set(listed) - present))
    return ManifestCheck(changed, added, removed)


def _listed(path: Path) -> dict[str, str] | str:
    """The manifest's file name -> SHA-256, or what is wrong with it (completing "manifest.json ...")."""
    try:
        data = json.loads(path.read_bytes())
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        return f"is not valid JSON ({exc})"
    if not isinstance(data, dict):
        return f"is {json_kind(data)}, not an object"
    algorithm = data.get("algorithm", "sha256")  # manifests written before "algorithm" was recorded
    if algorithm != "sha256":
        return f'names algorithm {json.dumps(algorithm)}, not "sha256"'
    if "files" not in data:
        return 'has no "files"'
    files = data["files"]
    if not isinstance(files, dict):
        return (
            f'is not a valid manifest: "files" is {json_kind(files)}, not an object of file name to SHA-256'
        )
    for name, digest in files.items():
        if not name:
            return 'is not a valid manifest: "files" lists an empty file name'
        if not isinstance(digest, str):
            return (
                f'is not a valid manifest: "files" gives {name!r} {json_kind(digest)}, not a SHA-256 string'
            )
    return files


# -- who writes a run folder ---------------------------------------------------------------------------------


def mark_incomplete(directory: Path) -> None:
    """Mark the folder as being written; write_manifest(finishing=True) removes the mark."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    atomicfile.write_text(
        directory / INCOMPLETE,
        f"controlmap (pid {os.getpid()}) began writing this run at {started} and has not finished it.\n"
        "Until this file is gone the run's files may be partial: scan again into this folder.\n",
    )


def require_complete(directory: Path) -> None:
    if (directory / INCOMPLETE).exists():
        raise RunDirError(
            f"{directory}: the run is incomplete ({INCOMPLETE_DETAIL}); scan again into this folder"
        )


@contextmanager
def locked(directory: Path, *, create: bool = True) -> Iterator[None]:
    """Hold the folder for one writing run: an exclusive flock on LOCK inside it, released (and the file
    removed) on any exit. Another holder, in this process or another, makes this raise RunDirError naming it.
    The kernel releases the lock of a process that dies, so a dead run's lock file binds no one.

    With `create`, a missing folder is made, and removed again on exit if nothing was written into it."""
    made = create and not directory.exists()
    if made:
        directory.mkdir(parents=True, exist_ok=True)
    descriptor = _take(directory)
    try:
        os.ftruncate(descriptor, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.write(descriptor, f"pid {os.getpid()}, started {started}".encode())
        yield
    finally:
        (directory / LOCK).unlink(missing_ok=True)  # before unlocking: a waiter then finds no stale file
        os.close(descriptor)
        if made:
            with suppress(OSError):  # not empty: the run wrote into it
                directory.rmdir()


def _take(directory: Path) -> int:
    path = directory / LOCK
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise RunDirError(f"{directory}: cannot lock it for writing ({exc.strerror})") from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 200).decode(errors="replace").strip() or "pid unknown, starting"
            os.close(descriptor)
            raise RunDirError(f"{directory} is being written by another controlmap run ({holder})") from None
        except OSError as exc:
            os.close(descriptor)
            raise RunDirError(f"{directory}: cannot lock it for writing ({exc.strerror})") from exc
        # The holder before us may have removed the file between our open and our lock: hold the file that
        # is there now, or try again.
        try:
            if os.path.samestat(os.fstat(descriptor), os.stat(path)):
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)


@contextmanager
def rewriting(directory: Path) -> Iterator[None]:
    """Hold an existing, complete run folder to rewrite it (evaluate --from, report --from): locked, refused
    if incomplete, and marked incomplete until its manifest is rewritten. If the rewrite fails before
    changing anything the manifest covers, the mark is removed again: the folder is still the complete run.

    A folder that is no run at all is neither locked nor marked: the command refuses it in its own words."""
    if not ((directory / RUN).is_file() or (directory / INCOMPLETE).exists()):
        yield
        return
    with locked(directory, create=False):
        require_complete(directory)
        had_manifest = (directory / MANIFEST).is_file()
        mark_incomplete(directory)
        try:
            yield
        except BaseException:
            if had_manifest and (directory / INCOMPLETE).exists() and _intact(directory):
                (directory / INCOMPLETE).unlink()
            raise


def _intact(directory: Path) -> bool:
    """Whether the folder (its INCOMPLETE mark aside) still matches its manifest exactly."""
    listed = _listed(directory / MANIFEST) if (directory / MANIFEST).is_file() else "missing"
    if isinstance(listed, str) or set(listed) != set(_files(directory)):
        return False
    return all(file_digest(directory / name) == digest for name, digest in listed.items())
