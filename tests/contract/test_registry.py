"""Contract tests over the registries: ids, datasets, declared permissions, catalog references."""

from __future__ import annotations

import json
import re

import pytest

from scanner.aws.sessions import ALLOWED_NON_READS, FORBIDDEN_READS, READ_PREFIXES, SCOPED_NON_READS
from scanner.cli.main import main
from scanner.evaluate.registry import build_registry
from scanner.tools.iam_policy import audit_policy

REGISTRY = build_registry()
IAM_ACTION = re.compile(r"^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$")


def test_check_ids_are_well_formed_and_documented() -> None:
    assert REGISTRY.checks
    for check_id, spec in REGISTRY.checks.items():
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", check_id), check_id
        assert spec.title and spec.rationale and spec.remediation and spec.pass_means, check_id


def test_every_check_uses_declared_datasets() -> None:
    for spec in REGISTRY.checks.values():
        for name in spec.uses:
            assert name in REGISTRY.datasets, f"{spec.id} uses undeclared dataset {name}"


@pytest.mark.parametrize("name", sorted(REGISTRY.datasets))
def test_dataset_declares_its_calls_as_read_permissions(name: str) -> None:
    dataset = REGISTRY.datasets[name]
    assert dataset.calls, f"{name} declares no calls"
    for operation, action in dataset.calls.items():
        assert IAM_ACTION.match(action), f"{name}: {operation} -> {action!r} is not an IAM action"
        assert action not in FORBIDDEN_READS, f"{name}: {action} would put secrets into evidence"
        assert operation.startswith(READ_PREFIXES) or action in ALLOWED_NON_READS, (
            f"{name}: {operation} is not a read operation"
        )
        assert action not in SCOPED_NON_READS, (
            f"{name}: {action} is the evidence signer's, never a collector's"
        )


def test_generated_policy_covers_every_declared_action() -> None:
    policy = audit_policy(REGISTRY)
    granted = {a for statement in policy["Statement"] for a in statement["Action"]}
    assert granted == set(REGISTRY.permissions())
    assert all(s["Effect"] == "Allow" and s["Resource"] == "*" for s in policy["Statement"])


def test_iam_policy_command_prints_the_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["iam-policy"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == audit_policy(REGISTRY)
