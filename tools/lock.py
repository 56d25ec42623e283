"""The dependency lock: refresh it from pyproject.toml, or check that the two still agree.

    python tools/lock.py refresh   # resolve again (needs uv: it is in the dev extra) and rewrite the lock
    python tools/lock.py check     # exit 1 when pyproject.toml (or the constraints) changed since the lock

`requirements/lock.txt` pins every package setup.sh installs (the package's dependencies, its dev extra and
the build backend), with hashes, for every platform and for Python 3.11 and newer.
`requirements/constraints.txt` holds the caps that apply only to the lock (and says why), so pyproject.toml
keeps honest ranges.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements" / "lock.txt"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
EXTRAS = ("dev",)
PYTHON = "3.11"
DIGEST_PREFIX = "# lock-input-sha256: "
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _project() -> dict[str, object]:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def requirements() -> list[str]:
    """Everything the lock must satisfy: dependencies, the locked extras and the build-system requirements."""
    project = _project()
    meta = project["project"]
    assert isinstance(meta, dict)
    found = list(meta.get("dependencies", []))
    extras = meta.get("optional-dependencies", {})
    for extra in EXTRAS:
        found.extend(extras.get(extra, []))
    build = project.get("build-system", {})
    assert isinstance(build, dict)
    found.extend(build.get("requires", []))
    return found


def input_digest() -> str:
    """SHA-256 of what the lock was resolved from: the requirements above and the lock-only constraints."""
    constraints = [
        line.strip()
        for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    payload = json.dumps({"requirements": requirements(), "constraints": constraints, "extras": EXTRAS})
    return hashlib.sha256(payload.encode()).hexdigest()


def pins(text: str) -> dict[str, str]:
    """Normalised package name -> pinned version, from a lock file's text."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            found[_normalise(match.group(1))] = match.group(2)
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def problems() -> list[str]:
    """Why the lock does not match pyproject.toml (empty when it does)."""
    from packaging.requirements import Requirement  # in the locked environment (pytest needs it)

    if not LOCK.is_file():
        return [f"{LOCK.relative_to(ROOT)} is missing"]
    text = LOCK.read_text(encoding="utf-8")
    found: list[str] = []
    recorded = next(
        (line[len(DIGEST_PREFIX) :] for line in text.splitlines() if line.startswith(DIGEST_PREFIX)), ""
    )
    if recorded.strip() != input_digest():
        found.append(
            "pyproject.toml's dependencies or requirements/constraints.txt changed since the lock was made"
        )
    pinned = pins(text)
    for line in requirements():
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = pinned.get(_normalise(requirement.name))
        if version is None:
            found.append(f"{requirement.name} is required ({line}) but not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement.name}=={version} in the lock does not satisfy {line}")
    for line in text.splitlines():
        if _PIN.match(line) and not line.rstrip().endswith("\\"):
            found.append(f"no hash for {line.strip()}")
    return found


def refresh() -> int:
    """Resolve again with uv and write the lock with its input digest on top."""
    build = _project().get("build-system", {})
    assert isinstance(build, dict)
    with tempfile.TemporaryDirectory() as tmp:
        build_in = Path(tmp) / "build-system.in"
        build_in.write_text("\n".join(build.get("requires", [])) + "\n", encoding="utf-8")
        out = Path(tmp) / "lock.txt"
        command = [
            sys.executable, "-m", "uv", "pip", "compile", "--quiet",
            "pyproject.toml", str(build_in), *(f"--extra={e}" for e in EXTRAS),
            "--constraint", str(CONSTRAINTS.relative_to(ROOT)),
            "--generate-hashes", "--universal", "--python-version", PYTHON,
            "--no-header", "--output-file", str(out),
        ]  # fmt: skip
        subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - our own fixed command line
        body = out.read_text(encoding="utf-8").replace(str(build_in), "build-system.requires")
    header = (
        "# The whole dependency set setup.sh installs, with hashes. Do not edit: run\n"
        "#     .venv/bin/python tools/lock.py refresh\n"
        f"# (uv pip compile of pyproject.toml [{', '.join(EXTRAS)}] and build-system.requires, with\n"
        f"# requirements/constraints.txt, for Python >= {PYTHON} on every platform)\n"
        f"{DIGEST_PREFIX}{input_digest()}\n"
    )
    LOCK.write_text(header + body, encoding="utf-8")
    print(f"wrote {LOCK.relative_to(ROOT)} ({len(pins(body))} packages)")
    return 0


def check() -> int:
    found = problems()
    for problem in found:
        print(f"lock: {problem}", file=sys.stderr)
    if found:
        print(
            "lock: run `.venv/bin/python tools/lock.py refresh` and commit requirements/lock.txt",
            file=sys.stderr,
        )
        return 1
    print(f"lock: {LOCK.relative_to(ROOT)} agrees with pyproject.toml")
    return 0


if __name__ == "__main__":
    commands = {"refresh": refresh, "check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(f"usage: {sys.argv[0]} {{{'|'.join(commands)}}}", file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
