"""The production image (deploy/Dockerfile), read without Docker: it copies only the product, installs only
the locked runtime dependencies, and the demo's moto server (moto, Flask, werkzeug) is not among them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
RUNTIME_LOCK = ROOT / "requirements" / "runtime-lock.txt"
DEMO_ONLY = ("moto", "flask", "werkzeug")


def _instructions() -> list[tuple[str, list[str]]]:
    """(INSTRUCTION, its words) for each instruction, continuation lines joined and comments dropped."""
    lines = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), shlex.split(rest)))
    return found


def _copied() -> list[str]:
    """The sources of every COPY from the build context (flags dropped; the last word is the target)."""
    sources = []
    for keyword, words in _instructions():
        if keyword == "COPY":
            assert not any(w.startswith("--from") for w in words), "no COPY from another stage is expected"
            sources.extend(w for w in words[:-1] if not w.startswith("--"))
    return sources


def _pip_installs() -> list[list[str]]:
    commands = []
    for keyword, words in _instructions():
        if keyword == "RUN":
            command = " ".join(words)
            commands.extend(shlex.split(part) for part in command.split("&&") if "pip install" in part)
    return commands


def _locked_names() -> set[str]:
    pin = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")
    lines = RUNTIME_LOCK.read_text(encoding="utf-8").splitlines()
    return {re.sub(r"[-_.]+", "-", m.group(1)).lower() for m in map(pin.match, lines) if m}


def test_every_copy_source_exists() -> None:
    sources = _copied()
    assert sources
    missing = [source for source in sources if not (ROOT / source).exists()]
    assert missing == []


def test_only_the_product_is_copied() -> None:
    packages = {source for source in _copied() if (ROOT / source).is_dir()}
    assert packages == {"scanner", "checks", "controls"}
    assert "requirements/runtime-lock.txt" in _copied()


def test_every_install_is_the_runtime_lock_or_the_project_without_dependencies() -> None:
    installs = _pip_installs()
    assert any(
        "--require-hashes" in c and c[c.index("-r") + 1] == "requirements/runtime-lock.txt" for c in installs
    )
    for command in installs:
        locked = "--require-hashes" in command and "requirements/runtime-lock.txt" in command
        assert locked or "--no-deps" in command, command


def test_the_runtime_lock_has_no_demo_server() -> None:
    names = _locked_names()
    assert {"boto3", "botocore", "pydantic", "weasyprint"} <= names  # the lock parsed
    assert names.isdisjoint(DEMO_ONLY)
