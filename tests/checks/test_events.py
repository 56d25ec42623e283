"""EventBridge checks: security findings are forwarded from every account to the security account's bus, which
delivers them."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from checks.events import FINDING_SOURCES, security_findings_forwarded
from scanner.inventory import Item
from scanner.model import Account, Result, Status
from scanner.org import OrgTree
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"


SECURITY = "333333333333"


SECURITY_BUS = f"arn:aws:events:{REGION}:{SECURITY}:event-bus/security-findings"


TOPIC = f"arn:aws:sns:{REGION}:{SECURITY}:security-alerts"


def organization() -> OrgTree:
    org = org_of(MGMT, ACCOUNT, SECURITY)
    return dataclasses.replace(
        org, accounts={**org.accounts, SECURITY: Account(SECURITY, "security", ou_path=("Security",))}
    )


def rule(
    source: str | list[str],
    targets: list[str],
    *,
    name: str = "findings",
    bus: str = "default",
    state: str = "ENABLED",
    detail_type: str | None = None,
    account: str = ACCOUNT,
) -> Item:
    pattern: dict[str, Any] = {"source": source if isinstance(source, list) else [source]}
    if detail_type is not None:
        pattern["detail-type"] = [detail_type]
    arn = f"arn:aws:events:{REGION}:{account}:rule/{name}"
    data = {"Name": name, "EventBusName": bus, "State": state, "EventPattern": json.dumps(pattern)}
    return item(arn, {**data, "Targets": [{"Id": "1", "Arn": t} for t in targets]}, name=f"{bus}/{name}")


def run_in(check: Any, rules: list[Item], account: str = ACCOUNT, **extra: list[Item]) -> list[Result]:
    inv = InventoryBuilder().add("events.rules", rules, account=account)
    for dataset, items in extra.items():
        inv.add(dataset.replace("_", "."), items, account=account)
    org = organization()
    return run_check(check, inv, accounts=[org.accounts[account]], org=org)


ALL_SOURCES = list(FINDING_SOURCES)


def test_member_forwarding_every_source_to_the_security_bus_passes() -> None:
    [result] = run_in(security_findings_forwarded, [rule(ALL_SOURCES, [SECURITY_BUS])])
    assert result.status is Status.PASS and "forwarded to the security account" in result.message
    per_source = [rule(s, [SECURITY_BUS], name=s.split(".")[1]) for s in ALL_SOURCES]
    assert statuses(run_in(security_findings_forwarded, per_source)) == ["PASS"]


def test_member_missing_sources_or_wrong_target_fails() -> None:
    [partial] = run_in(security_findings_forwarded, [rule("aws.guardduty", [SECURITY_BUS])])
    assert partial.status is Status.FAIL
    assert "Security Hub, Access Analyzer, Macie, Inspector" in partial.message
    elsewhere = f"arn:aws:events:{REGION}:444444444444:event-bus/default"
    for bad in (
        rule(ALL_SOURCES, [elsewhere]),
        rule(ALL_SOURCES, [SECURITY_BUS], state="DISABLED"),
        rule(ALL_SOURCES, [SECURITY_BUS], bus="custom"),
        rule(ALL_SOURCES, [SECURITY_BUS.replace(REGION, "eu-west-2")]),
        rule(ALL_SOURCES, [SECURITY_BUS], detail_type="AWS API Call via CloudTrail"),
    ):
        assert statuses(run_in(security_findings_forwarded, [bad])) == ["FAIL"], bad.data


def test_security_account_needs_a_delivery_target_on_any_bus() -> None:
    delivering = rule(ALL_SOURCES, [TOPIC], bus="security-findings", account=SECURITY)
    assert statuses(run_in(security_findings_forwarded, [delivering], SECURITY)) == ["PASS"]
    no_target = rule(ALL_SOURCES, [], account=SECURITY)
    assert statuses(run_in(security_findings_forwarded, [no_target], SECURITY)) == ["FAIL"]


def test_unknown_security_account_or_rules_is_error() -> None:
    inv = InventoryBuilder().add("events.rules", [rule(ALL_SOURCES, [SECURITY_BUS])])
    [no_org] = run_check(security_findings_forwarded, inv)
    assert no_org.status is Status.ERROR and "organization was not read" in no_org.message
    org = org_of(MGMT, ACCOUNT)
    [no_role] = run_check(security_findings_forwarded, inv, accounts=[org.accounts[ACCOUNT]], org=org)
    assert no_role.status is Status.ERROR and "no account has the security role" in no_role.message
    guarded = rule("aws.guardduty", [SECURITY_BUS])
    unreadable = dataclasses.replace(guarded, errors={"Targets": ACCESS_DENIED})
    assert statuses(run_in(security_findings_forwarded, [unreadable])) == ["ERROR"]
    denied = InventoryBuilder().unavailable("events.rules", ACCESS_DENIED, account=SECURITY)
    org = organization()
    assert statuses(
        run_check(security_findings_forwarded, denied, accounts=[org.accounts[SECURITY]], org=org)
    ) == ["ERROR"]
