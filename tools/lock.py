"""The dependency locks: refresh them from pyproject.toml, or check that they still agree with it.

    python tools/lock.py refresh   # resolve again (needs uv: it is in the dev extra) and rewrite both locks
    python tools/lock.py check     # exit 1 when pyproject.toml (or the constraints) changed since the locks

`requirements/lock.txt` pins every package setup.sh installs (the package's dependencies, its demo and dev
extras and the build backend), with hashes, for every platform and for Python 3.11 and newer.
`requirements/runtime-lock.txt` pins what the production image installs (deploy/Dockerfile): the dependencies
and the build backend only, at the versions of lock.txt, so the image runs what the tests ran, without moto.
`requirements/constraints.txt` holds the caps that apply only to the locks (and says why), so pyproject.toml
keeps honest ranges.

A refresh keeps every locked version that still satisfies pyproject.toml and the constraints (uv prefers the
pins of the lock it rewrites), so a dependency change moves only what it must.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements" / "lock.txt"
RUNTIME_LOCK = ROOT / "requirements" / "runtime-lock.txt"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
EXTRAS = ("demo", "dev")
PYTHON = "3.11"
DIGEST_PREFIX = "# lock-input-sha256: "
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
_NAME_AND_EXTRAS = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")


class Lock(NamedTuple):
    """One lock file and the extras of pyproject.toml it is resolved with."""

    path: Path
    extras: tuple[str, ...]
    purpose: str

    def name(self) -> str:
        return _shown(self.path)


def locks() -> tuple[Lock, Lock]:
    """The whole lock, then the runtime one (made per call: tests point LOCK or RUNTIME_LOCK elsewhere)."""
    return (
        Lock(LOCK, EXTRAS, "The whole dependency set setup.sh installs"),
        Lock(RUNTIME_LOCK, (), "The runtime dependencies deploy/Dockerfile installs, at lock.txt's versions"),
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _project() -> dict[str, object]:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(extras: tuple[str, ...] = EXTRAS) -> list[str]:
    """What a lock must satisfy: the dependencies, those of `extras`, and the build-system requirements. An
    extra that names controlmap itself (dev needs `controlmap[demo]`) brings in the extras it names."""
    project = _project()
    meta = project["project"]
    assert isinstance(meta, dict)
    optional = meta.get("optional-dependencies", {})
    found = list(meta.get("dependencies", []))
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop(0)
        if extra in seen:
            continue
        seen.add(extra)
        for line in optional.get(extra, []):
            match = _NAME_AND_EXTRAS.match(line)
            if match and _normalise(match.group(1)) == _normalise(meta["name"]):
                pending.extend(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
            else:
                found.append(line)
    build = project.get("build-system", {})
    assert isinstance(build, dict)
    found.extend(build.get("requires", []))
    return found


def input_digest(extras: tuple[str, ...] = EXTRAS) -> str:
    """SHA-256 of what a lock was resolved from: the requirements above and the lock-only constraints."""
    constraints = [
        line.strip()
        for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    payload = json.dumps({"requirements": requirements(extras), "constraints": constraints, "extras": extras})
    return hashlib.sha256(payload.encode()).hexdigest()


def pins(text: str) -> dict[str, str]:
    """Normalised package name -> pinned version, from a lock file's text."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            found[_normalise(match.group(1))] = match.group(2)
    return found


def _pin_lines(text: str) -> list[str]:
    """Each pin with its environment marker, without hashes: `name==version ; marker`."""
    return [line.rstrip(" \\") for line in text.splitlines() if _PIN.match(line)]


def problems() -> list[str]:
    """Why the locks do not match pyproject.toml, or each other (empty when they do)."""
    found: list[str] = []
    for lock in locks():
        found.extend(_problems_of(lock))
    if not found:
        found.extend(_runtime_drift())
    return found


def _problems_of(lock: Lock) -> list[str]:
    from packaging.requirements import Requirement  # in the locked environment (pytest needs it)

    if not lock.path.is_file():
        return [f"{lock.name()} is missing"]
    text = lock.path.read_text(encoding="utf-8")
    found: list[str] = []
    recorded = next(
        (line[len(DIGEST_PREFIX) :] for line in text.splitlines() if line.startswith(DIGEST_PREFIX)), ""
    )
    if recorded.strip() != input_digest(lock.extras):
        inputs = "pyproject.toml's dependencies or requirements/constraints.txt"
        found.append(f"{inputs} changed since {lock.name()} was made")
    pinned = pins(text)
    for line in requirements(lock.extras):
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = pinned.get(_normalise(requirement.name))
        if version is None:
            found.append(f"{requirement.name} is required ({line}) but not in {lock.name()}")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement.name}=={version} in {lock.name()} does not satisfy {line}")
    for line in text.splitlines():
        if _PIN.match(line) and not line.rstrip().endswith("\\"):
            found.append(f"no hash for {line.strip()} in {lock.name()}")
    return found


def _runtime_drift() -> list[str]:
    """Runtime pins that differ from the whole lock's: the image would run versions the tests never ran."""
    whole = pins(LOCK.read_text(encoding="utf-8"))
    runtime = pins(RUNTIME_LOCK.read_text(encoding="utf-8"))
    return [
        f"{name}=={version} in {_shown(RUNTIME_LOCK)} but {whole.get(name, 'absent')} in {_shown(LOCK)}"
        for name, version in sorted(runtime.items())
        if whole.get(name) != version
    ]


def refresh() -> int:
    """Resolve both locks again with uv and write each with its input digest on top."""
    whole, runtime = locks()
    with tempfile.TemporaryDirectory() as tmp:
        _compile(whole, Path(tmp), [CONSTRAINTS])
        # The runtime lock is held to the whole lock's versions (their pins, markers kept, as constraints).
        held = Path(tmp) / "whole-lock-pins.txt"
        held.write_text("\n".join(_pin_lines(LOCK.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
        _compile(runtime, Path(tmp), [CONSTRAINTS, held])
    return 0


def _compile(lock: Lock, tmp: Path, constraints: list[Path]) -> None:
    build = _project().get("build-system", {})
    assert isinstance(build, dict)
    build_in = tmp / "build-system.in"
    build_in.write_text("\n".join(build.get("requires", [])) + "\n", encoding="utf-8")
    out = tmp / lock.path.name
    if lock.path.is_file():
        shutil.copy(lock.path, out)  # uv keeps the pins of an existing output file where they still fit
    command = [
        sys.executable, "-m", "uv", "pip", "compile", "--quiet",
        "pyproject.toml", str(build_in), *(f"--extra={e}" for e in lock.extras),
        *(arg for path in constraints for arg in ("--constraint", str(path))),
        "--generate-hashes", "--universal", "--python-version", PYTHON,
        "--no-header", "--output-file", str(out),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - our own fixed command line
    body = out.read_text(encoding="utf-8").replace(str(build_in), "build-system.requires")
    body = body.replace(str(tmp / "whole-lock-pins.txt"), "requirements/lock.txt")
    body = body.replace(str(CONSTRAINTS), str(CONSTRAINTS.relative_to(ROOT)))
    extras = f" [{', '.join(lock.extras)}]" if lock.extras else " (no extras)"
    header = (
        f"# {lock.purpose}, with hashes. Do not edit: run\n"
        "#     .venv/bin/python tools/lock.py refresh\n"
        f"# (uv pip compile of pyproject.toml{extras} and build-system.requires, with\n"
        f"# requirements/constraints.txt, for Python >= {PYTHON} on every platform)\n"
        f"{DIGEST_PREFIX}{input_digest(lock.extras)}\n"
    )
    lock.path.write_text(header + body, encoding="utf-8")
    print(f"wrote {lock.name()} ({len(pins(body))} packages)")


def check() -> int:
    found = problems()
    for problem in found:
        print(f"lock: {problem}", file=sys.stderr)
    if found:
        print(
            "lock: run `.venv/bin/python tools/lock.py refresh` and commit requirements/*lock.txt",
            file=sys.stderr,
        )
        return 1
    print("lock: requirements/lock.txt and runtime-lock.txt agree with pyproject.toml")
    return 0


if __name__ == "__main__":
    commands = {"refresh": refresh, "check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(f"usage: {sys.argv[0]} {{{'|'.join(commands)}}}", file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
