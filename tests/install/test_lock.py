"""The committed lock is what setup.sh installs: it agrees with pyproject.toml, pins and hashes all."""

from __future__ import annotations

import importlib.util
import shutil
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lock_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock_tool", ROOT / "tools" / "lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lock_agrees_with_pyproject() -> None:
    assert _lock_tool().problems() == []


def test_the_installed_environment_is_the_locked_one() -> None:
    """setup.sh installed exactly the pinned versions (a stale .venv or a by-hand upgrade shows here)."""
    lock = _lock_tool()
    pinned = lock.pins(lock.LOCK.read_text(encoding="utf-8"))
    for name in ("boto3", "botocore", "moto", "weasyprint", "pydantic", "pytest"):
        assert metadata.version(name) == pinned[name], name


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"PyYAML>=6"', '"PyYAML>=6", "tabulate>=0.9"'),  # a new dependency the lock never resolved
        ('"boto3>=1.34"', '"boto3>=1.99"'),  # a range the locked version no longer satisfies
    ],
)
def test_a_dependency_change_without_a_new_lock_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    lock = _lock_tool()
    changed = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(lock, "PYPROJECT", changed)
    problems = lock.problems()
    assert any("changed since the lock was made" in p for p in problems)
    if "1.99" in new:
        assert any("boto3==" in p and "does not satisfy" in p for p in problems)


def test_an_unhashed_pin_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = _lock_tool()
    copy = tmp_path / "lock.txt"
    shutil.copy(lock.LOCK, copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "left-pad==1.0\n", encoding="utf-8")
    monkeypatch.setattr(lock, "LOCK", copy)
    assert lock.problems() == ["no hash for left-pad==1.0"]
