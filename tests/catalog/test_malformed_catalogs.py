"""Malformed user catalogs: each gives one clear message naming the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.catalog.model import BUILTIN_DIR, load_catalog, load_catalogs
from scanner.errors import ConfigError
from tests.catalog.helpers import REGISTRY

GOOD = """\
id: my-catalog
title: My catalog
version: "1"
groups:
  - id: g1
    title: Group one
    controls:
      - id: c1
        title: Control one
        summary: Root has MFA.
        phase: both
        treatment: automated
        checks: [iam.root.mfa]
      - id: c2
        title: Control two
        summary: A signed statement.
        phase: landing-zone
        treatment: attestation
        attestation:
          statement: The policy is approved.
          owner: CISO
          evidence: The policy document.
"""


def _swap(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# (file name, text, line the message must name or None when the parser gives none, expected problem text)
CASES: list[tuple[str, str, int | None, str]] = [
    ("unclosed-list.yaml", _swap("[iam.root.mfa]", "[iam.root.mfa"), 14, "malformed YAML"),
    ("tab-indent.yaml", _swap("        phase: both", "\tphase: both"), 11, "malformed YAML"),
    (
        "duplicate-key.yaml",
        _swap("        phase: both\n", "        phase: both\n        phase: application\n"),
        12,
        "duplicate key 'phase'",
    ),
    (
        "unknown-field.yaml",
        _swap("        checks:", "        chekcs:"),
        13,
        "unknown field 'chekcs' (did you mean 'checks'?)",
    ),
    ("unknown-top-field.yaml", _swap('version: "1"', 'version: "1"\nowner: me'), 4, "unknown field 'owner'"),
    (
        "unknown-attestation-field.yaml",
        _swap("evidence: The", "evidense: The"),
        22,
        "unknown field 'evidense' (did you mean 'evidence'?)",
    ),
    (
        "unknown-check.yaml",
        _swap("[iam.root.mfa]", "[iam.root.mfaa]"),
        13,
        "unknown check 'iam.root.mfaa' (did you mean 'iam.root.mfa'?)",
    ),
    (
        "unknown-provided-check.yaml",
        _swap(
            "checks: [iam.root.mfa]",
            "inheritance:\n          provider: security\n          provides: [nosuch.unbuilt-check]\n"
            "          consumer: [iam.root.mfa]",
        ),
        15,
        "inheritance.provides: unknown check 'nosuch.unbuilt-check'",
    ),
    ("duplicate-control.yaml", _swap("- id: c2", "- id: c1"), 14, "duplicate control id 'c1'"),
    (
        "bad-phase.yaml",
        _swap("phase: both", "phase: phase-1"),
        11,
        "phase: Input should be 'landing-zone', 'application' or 'both'",
    ),
    (
        "bad-treatment.yaml",
        _swap("treatment: automated", "treatment: manual"),
        12,
        "treatment: Input should be 'automated', 'pending', 'hybrid', 'attestation', 'aws-inherited' or 'not",
    ),
    (
        "attestation-missing.yaml",
        _swap("treatment: automated", "treatment: hybrid"),
        8,
        "treatment hybrid needs an `attestation` requirement",
    ),
    (
        "attestation-with-checks.yaml",
        _swap("treatment: attestation", "treatment: attestation\n        checks: [iam.root.mfa]"),
        14,
        "treatment attestation cannot list `checks`",
    ),
    (
        "not-applicable-unjustified.yaml",
        _swap("treatment: attestation\n", "treatment: not-applicable\n").replace(
            "        attestation:\n          statement: The policy is approved.\n          owner: CISO\n"
            "          evidence: The policy document.\n",
            "",
        ),
        14,
        "treatment not-applicable needs a `justification`",
    ),
    (
        "bad-provider.yaml",
        _swap(
            "checks: [iam.root.mfa]",
            "inheritance:\n          provider: securty\n          provides: [iam.root.mfa]",
        ),
        14,
        "unknown provider role 'securty'",
    ),
    (
        "inherited-pending-unlisted.yaml",
        _swap(
            "checks: [iam.root.mfa]",
            "inheritance:\n          provider: security\n          provides_pending: [securityhub.org-admin]",
        ),
        8,
        "no `pending` entry starts with 'securityhub.org-admin: '",
    ),
    (
        "bad-evidence-source.yaml",
        _swap("checks: [iam.root.mfa]", "checks: [iam.root.mfa]\n        evidence_source: hosts"),
        14,
        "evidence_source: Input should be 'ecs-task-definition'",
    ),
    (
        "bad-cis-number.yaml",
        _swap("checks: [iam.root.mfa]", "checks: [iam.root.mfa]\n        cis: 5.x"),
        14,
        "cis: invalid value '5.x': expected a recommendation number",
    ),
    ("bad-control-id.yaml", _swap("- id: c1", "- id: 'c 1'"), 8, "id: invalid value 'c 1'"),
    (
        "duplicate-group.yaml",
        GOOD + GOOD[GOOD.index("  - id: g1") :].replace("c1", "c3").replace("c2", "c4"),
        23,
        "duplicate group id 'g1'",
    ),
    ("missing-title.yaml", _swap("        title: Control one\n", ""), 8, "title: Field required"),
    (
        "undeclared-platform.yaml",
        _swap("checks: [iam.root.mfa]", "checks: [iam.root.mfa]\n        aws_inherited_on: [fargate]"),
        14,
        "controls[0] 'c1' > aws_inherited_on[0]: platform 'fargate' is not declared in the catalog's "
        "`aws_inherited_on`: add `aws_inherited_on: {fargate: <check id>}` at the top level",
    ),
    (
        "unknown-platform.yaml",
        _swap('version: "1"', 'version: "1"\naws_inherited_on:\n  lambda: ecs.account.fargate-only'),
        5,
        "aws_inherited_on > lambda: unknown key; expected 'fargate'",
    ),
    (
        "unknown-fact-check.yaml",
        _swap('version: "1"', 'version: "1"\naws_inherited_on:\n  fargate: ecs.account.fargate-onyl'),
        5,
        "aws_inherited_on > fargate: unknown check 'ecs.account.fargate-onyl' (did you mean "
        "'ecs.account.fargate-only'?)",
    ),
    (
        "fact-checks-as-a-list.yaml",
        _swap('version: "1"', 'version: "1"\naws_inherited_on: [fargate]'),
        4,
        "aws_inherited_on: Input should be a valid dictionary",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "problem"), CASES, ids=[c[0] for c in CASES])
def test_malformed_catalog_names_file_line_and_problem(
    tmp_path: Path, name: str, text: str, line: int | None, problem: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError) as excinfo:
        load_catalog(path, REGISTRY.checks)
    message = str(excinfo.value)
    assert message.startswith(f"{path}:{line}:" if line else f"{path}:"), message
    assert problem in message, message
    assert "\n" not in message, "one message, one line"


def test_the_good_catalog_loads(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    loaded = load_catalog(path, REGISTRY.checks)
    assert [c.id for _, c in loaded.catalog.controls()] == ["c1", "c2"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "(the file is empty)"),
        ("- id: x\n", "(found a list at the top level)"),
        ("just words\n", "(found a str"),
    ],
)
def test_not_a_mapping(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "flat.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as excinfo:
        load_catalog(path, REGISTRY.checks)
    assert str(excinfo.value).startswith(f"{path}: a catalog must be a mapping")
    assert problem in str(excinfo.value)


def test_user_catalog_next_to_builtins_loads_and_a_clash_of_ids_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD)
    loaded = load_catalogs([BUILTIN_DIR, folder], REGISTRY.checks)
    assert "my-catalog" in [c.id for c in loaded]
    (folder / "b.yaml").write_text(GOOD.replace("id: my-catalog", "id: hitrust-csf"))
    with pytest.raises(ConfigError) as excinfo:
        load_catalogs([BUILTIN_DIR, folder], REGISTRY.checks)
    assert str(excinfo.value).startswith(f"{folder / 'b.yaml'}: catalog id 'hitrust-csf' is already defined")


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no such catalog file or folder"):
        load_catalogs([tmp_path / "nope.yaml"], REGISTRY.checks)
