"""Rule "Inheritance needs both halves": a control inherited from a provider holds in a consumer only when the
provider's results pass and the consumer's own part passes there; catalogs cannot leave the consumer's part
out without saying why; an organization-wide provider check proves it covers the consumers."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.catalog.model import builtin_catalogs, load_catalog
from scanner.errors import ConfigError
from scanner.inventory import Item
from scanner.model import ControlStatus, Status
from tests.builders import ACCESS_DENIED, REGION, InventoryBuilder, item, org_of
from tests.resolution.seeded import MGMT, REGISTRY, SECURITY, TENANT_A, TENANT_B, resolve_control, run_checks

ACCOUNTS = [MGMT, SECURITY, TENANT_A, TENANT_B]
ANALYZER_CHECKS = ["accessanalyzer.organization-analyzer", "accessanalyzer.enabled"]


def analyzer(account: str, kind: str) -> Item:
    arn = f"arn:aws:access-analyzer:{REGION}:{account}:analyzer/{kind.lower()}"
    return item(arn, {"arn": arn, "name": kind.lower(), "type": kind, "status": "ACTIVE"})


def analyzers(security_kind: str) -> InventoryBuilder:
    """The security account is the delegated administrator with one analyzer of `security_kind`; tenant-a
    runs its own account analyzer; tenant-b (no longer a member of the organization) runs none."""
    admins = [
        item(
            f"arn:aws:organizations::{MGMT.account_id}:account/o-1/{SECURITY.account_id}",
            {"Services": ["access-analyzer.amazonaws.com"]},
            name=SECURITY.account_id,
        )
    ]
    return (
        InventoryBuilder()
        .add("organizations.delegated-admins", admins, account=MGMT.account_id)
        .add("accessanalyzer.analyzers", [], account=MGMT.account_id)
        .add(
            "accessanalyzer.analyzers",
            [analyzer(SECURITY.account_id, security_kind)],
            account=SECURITY.account_id,
        )
        .add(
            "accessanalyzer.analyzers",
            [analyzer(TENANT_A.account_id, "ACCOUNT")],
            account=TENANT_A.account_id,
        )
        .add("accessanalyzer.analyzers", [], account=TENANT_B.account_id)
    )


def external_access(security_kind: str) -> dict[str, ControlStatus]:
    org = org_of(MGMT.account_id, SECURITY.account_id, TENANT_A.account_id)  # tenant-b left
    results = run_checks(ANALYZER_CHECKS, analyzers(security_kind), ACCOUNTS, org)
    resolved = resolve_control("11.external-access-analysis", results, ACCOUNTS)
    return {name: control.status for name, control in resolved.items()}


def test_provider_passes_and_one_consumer_fails_its_own_part() -> None:
    org = org_of(MGMT.account_id, SECURITY.account_id, TENANT_A.account_id)
    results = run_checks(ANALYZER_CHECKS, analyzers("ORGANIZATION"), ACCOUNTS, org)
    resolved = resolve_control("11.external-access-analysis", results, ACCOUNTS)
    assert resolved["security"].status is ControlStatus.SATISFIED
    assert resolved["tenant-a"].status is ControlStatus.INHERITED_LIVE
    assert resolved["master"].status is ControlStatus.INHERITED_LIVE  # covered by the organization analyzer
    tenant_b = resolved["tenant-b"]
    assert tenant_b.status is ControlStatus.NOT_SATISFIED
    assert "own part fails: accessanalyzer.enabled" in tenant_b.reason
    assert "provider security account security (200000000000)" in tenant_b.reason
    cited = {(ref["account_id"], ref["check_id"], ref["status"]) for ref in tenant_b.results}
    assert (TENANT_B.account_id, "accessanalyzer.enabled", "FAIL") in cited
    assert (SECURITY.account_id, "accessanalyzer.organization-analyzer", "PASS") in cited


def test_account_analyzers_in_the_provider_cover_no_one_else() -> None:
    """Two ACCOUNT analyzers in the security account (the demo) provide nothing to the other accounts."""
    statuses = external_access("ACCOUNT")
    assert statuses["security"] is ControlStatus.NOT_SATISFIED
    assert {statuses[n] for n in ("master", "tenant-a", "tenant-b")} == {ControlStatus.NOT_SATISFIED}


def test_the_organization_analyzer_check_fails_on_account_analyzers_only() -> None:
    org = org_of(MGMT.account_id, SECURITY.account_id)
    [result] = run_checks(["accessanalyzer.organization-analyzer"], analyzers("ACCOUNT"), [SECURITY], org)
    assert result.status is Status.FAIL and "only account analyzers" in result.message
    [result] = run_checks(
        ["accessanalyzer.organization-analyzer"], analyzers("ORGANIZATION"), [SECURITY], org
    )
    assert result.status is Status.PASS


def test_an_error_in_the_consumer_part_is_not_a_pass() -> None:
    org = org_of(MGMT.account_id, SECURITY.account_id, TENANT_A.account_id, TENANT_B.account_id)
    inventory = analyzers("ORGANIZATION").unavailable(
        "accessanalyzer.analyzers", ACCESS_DENIED, account=TENANT_B.account_id
    )
    results = run_checks(ANALYZER_CHECKS, inventory, ACCOUNTS, org)
    resolved = resolve_control("11.external-access-analysis", results, ACCOUNTS)
    assert resolved["tenant-b"].status is ControlStatus.NOT_EVALUATED
    assert resolved["tenant-a"].status is ControlStatus.INHERITED_LIVE


CATALOG = """\
id: mine
title: Mine
version: '1'
groups:
  - id: g
    title: G
    controls:
      - id: c
        title: C
        summary: S.
        phase: both
        treatment: automated
        inheritance:
          provider: security
          provides: [accessanalyzer.organization-analyzer]
{extra}"""


def _catalog(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(CATALOG.format(extra=extra))
    return path


def test_an_inheritable_control_without_consumer_checks_is_rejected_with_its_place(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_catalog(_catalog(tmp_path, ""), REGISTRY.checks)
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'mine.yaml'}:14: ")  # the inheritance block's first line
    assert "controls[0] 'c' > inheritance" in message and "consumer_not_checkable" in message


def test_a_stated_reason_lets_the_consumer_own_nothing_checkable(tmp_path: Path) -> None:
    why = "the bucket lives in the provider account"
    loaded = load_catalog(_catalog(tmp_path, f"          consumer_not_checkable: {why}\n"), REGISTRY.checks)
    org = org_of(MGMT.account_id, SECURITY.account_id, TENANT_A.account_id)
    results = run_checks(ANALYZER_CHECKS, analyzers("ORGANIZATION"), ACCOUNTS, org)
    resolved = resolve_control("c", results, ACCOUNTS, catalog=loaded)
    assert resolved["tenant-b"].status is ControlStatus.INHERITED_LIVE  # nothing of its own is judged
    assert why in resolved["tenant-b"].reason


def test_a_stated_reason_cannot_sit_beside_consumer_checks(tmp_path: Path) -> None:
    extra = "          consumer: [accessanalyzer.enabled]\n          consumer_not_checkable: nothing\n"
    with pytest.raises(ConfigError, match="contradicts"):
        load_catalog(_catalog(tmp_path, extra), REGISTRY.checks)


def test_every_builtin_inheritance_checks_the_consumer_or_says_why_not() -> None:
    for catalog in builtin_catalogs(REGISTRY.checks):
        for _, control in catalog.catalog.controls():
            inheritance = control.inheritance
            if inheritance is None:
                continue
            own = [*control.checks, *inheritance.consumer, *inheritance.consumer_pending]
            assert own or inheritance.consumer_not_checkable, f"{catalog.id}:{control.id}"
