"""A catalog that is not plain data (a list as key, too big, too deep, an alias bomb): one clear message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scanner.catalog.model import load_catalog
from scanner.errors import ConfigError
from tests.catalog.helpers import REGISTRY
from tests.catalog.test_malformed_catalogs import GOOD

CATALOG_MAX_BYTES = 10 * 1024 * 1024  # the documented limits (scanner.yamlfile)
MAX_DEPTH = 64


def _refused(path: Path) -> str:
    with pytest.raises(ConfigError) as excinfo:
        load_catalog(path, REGISTRY.checks)
    message = str(excinfo.value)
    assert message.startswith(f"{path}:"), message
    assert "\n" not in message, message
    return message


@pytest.mark.parametrize(
    ("key", "kind"),
    [("? [a, b]\n: 1\n", "a list"), ("? {a: 1}\n: 1\n", "a mapping")],
    ids=["list", "mapping"],
)
def test_a_non_scalar_key_names_file_line_and_problem(tmp_path: Path, key: str, kind: str) -> None:
    path = tmp_path / "key.yaml"
    path.write_text(GOOD.replace('version: "1"\n', f'version: "1"\n{key}', 1))
    message = _refused(path)
    assert message.startswith(f"{path}:4:"), message
    assert f"a mapping key must be a single value, not {kind}" in message, message


def test_a_non_scalar_key_deep_inside_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "key.yaml"
    path.write_text(
        GOOD.replace("        phase: both\n", "        phase: both\n        ? [x]\n        : y\n")
    )
    assert _refused(path).startswith(f"{path}:12:")


def test_an_oversized_catalog_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    padding = ("# " + "x" * 98 + "\n") * (CATALOG_MAX_BYTES // 100 + 1)
    path.write_text(GOOD + padding)
    size = path.stat().st_size
    start = time.monotonic()
    message = _refused(path)
    assert time.monotonic() - start < 1
    assert f"{size:,} bytes" in message, message
    assert "the limit for a catalog is 10 MB" in message, message


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1500, 100_000])
def test_a_too_deep_catalog_is_refused(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(GOOD.replace("phase: both", "phase: " + "[" * depth + "]" * depth, 1))
    message = _refused(path)
    assert message.startswith(f"{path}:11:"), message
    assert f"nested more than {MAX_DEPTH} levels deep" in message, message


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text(GOOD + "\n".join(lines) + "\n")
    start = time.monotonic()
    message = _refused(path)
    assert time.monotonic() - start < 2
    assert "aliases expand to more than" in message, message


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(GOOD + "loop: &loop [*loop]\n")
    assert "an alias inside the value it refers to" in _refused(path)


def test_anchors_and_merge_keys_still_work(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    text = GOOD.replace(
        "      - id: c1\n        title: Control one\n        summary: Root has MFA.\n        phase: both\n",
        "      - &base\n        id: c1\n        title: Control one\n        summary: Root has MFA.\n"
        "        phase: both\n",
    ).replace(
        "      - id: c2\n        title: Control two\n",
        "      - <<: *base\n        id: c3\n        decided_with: c1\n"
        "      - id: c2\n        title: Control two\n",
    )
    path.write_text(text)
    loaded = load_catalog(path, REGISTRY.checks)
    controls = {c.id: c for _, c in loaded.catalog.controls()}
    assert controls["c3"].checks == ["iam.root.mfa"] and controls["c3"].decided_with == "c1"
    assert controls["c3"].title == "Control one"
