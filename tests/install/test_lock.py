"""The committed locks are what setup.sh and the production image install: they agree with pyproject.toml,
pin and hash everything, and the runtime lock runs the whole lock's versions."""

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


def test_locks_agree_with_pyproject() -> None:
    assert _lock_tool().problems() == []


def test_the_installed_environment_is_the_locked_one() -> None:
    """setup.sh installed exactly the pinned versions (a stale .venv or a by-hand upgrade shows here)."""
    lock = _lock_tool()
    pinned = lock.pins(lock.LOCK.read_text(encoding="utf-8"))
    for name in ("boto3", "botocore", "moto", "weasyprint", "pydantic", "pytest"):
        assert metadata.version(name) == pinned[name], name


def test_the_demo_extra_is_locked_and_reached_from_dev() -> None:
    """dev names `controlmap[demo]` (the tests need moto): the lock resolves moto from it, and no lock asks
    for controlmap itself."""
    lock = _lock_tool()
    dev_only = lock.requirements(("dev",))
    assert any(line.startswith("moto[server]") for line in dev_only)
    assert not any(line.startswith("controlmap") for line in dev_only)
    assert not any(line.startswith("moto") for line in lock.requirements(()))


@pytest.mark.parametrize(
    ("old", "new", "stale"),
    [
        # a new runtime dependency neither lock resolved
        ('"PyYAML>=6"', '"PyYAML>=6", "tabulate>=0.9"', ["lock.txt", "runtime-lock.txt"]),
        # a range the locked version no longer satisfies
        ('"boto3>=1.34"', '"boto3>=1.99"', ["lock.txt", "runtime-lock.txt"]),
        # a test tool: the image's lock is not concerned
        ('"pytest>=8"', '"pytest>=8", "tabulate>=0.9"', ["lock.txt"]),
    ],
)
def test_a_dependency_change_without_new_locks_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, stale: list[str]
) -> None:
    lock = _lock_tool()
    changed = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(lock, "PYPROJECT", changed)
    problems = lock.problems()
    reported = sorted(
        Path(p.split(" changed since ")[1].removesuffix(" was made")).name
        for p in problems
        if " changed since " in p
    )
    assert reported == sorted(stale)
    if "1.99" in new:
        assert any("boto3==" in p and "does not satisfy" in p for p in problems)


def test_an_unhashed_pin_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = _lock_tool()
    copy = tmp_path / "lock.txt"
    shutil.copy(lock.LOCK, copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "left-pad==1.0\n", encoding="utf-8")
    monkeypatch.setattr(lock, "LOCK", copy)
    assert lock.problems() == [f"no hash for left-pad==1.0 in {copy}"]


def test_a_runtime_version_the_tests_never_ran_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = _lock_tool()
    text = lock.RUNTIME_LOCK.read_text(encoding="utf-8")
    version = lock.pins(text)["pyyaml"]
    copy = tmp_path / "runtime-lock.txt"
    copy.write_text(text.replace(f"pyyaml=={version} ", "pyyaml==6.0.0 ", 1), encoding="utf-8")
    monkeypatch.setattr(lock, "RUNTIME_LOCK", copy)
    assert lock.problems() == [f"pyyaml==6.0.0 in {copy} but {version} in requirements/lock.txt"]
