"""Config compliance changes forwarded by EventBridge to the security account's event bus."""

from __future__ import annotations

from checks.events_compliance import config_compliance_forwarded
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses
from tests.checks.test_events import SECURITY, SECURITY_BUS, organization, rule, run_in

COMPLIANCE_CHANGE = "Config Rules Compliance Change"


def test_forwarding_config_compliance_changes_to_the_security_bus_passes() -> None:
    forwarding = rule("aws.config", [SECURITY_BUS], name="config-compliance", detail_type=COMPLIANCE_CHANGE)
    [result] = run_in(config_compliance_forwarded, [forwarding])
    assert result.status is Status.PASS and "default/config-compliance" in result.message and result.evidence
    every_config_event = rule(["aws.config", "aws.guardduty"], [SECURITY_BUS])
    assert statuses(run_in(config_compliance_forwarded, [every_config_event])) == ["PASS"]


def test_rules_that_do_not_forward_the_compliance_changes_fail() -> None:
    elsewhere = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/local"
    other_region = SECURITY_BUS.replace(REGION, "eu-west-2")
    cases = [
        [],
        [rule("aws.config", [SECURITY_BUS], detail_type="Config Configuration Item Change")],
        [rule("aws.config", [SECURITY_BUS], state="DISABLED")],
        [rule("aws.config", [elsewhere])],
        [rule("aws.config", [other_region])],
        [rule("aws.config", [SECURITY_BUS], bus="custom")],
        [rule("aws.guardduty", [SECURITY_BUS])],
    ]
    for rules in cases:
        [result] = run_in(config_compliance_forwarded, rules)
        assert result.status is Status.FAIL, [r.data for r in rules]


def test_not_applicable_in_the_security_account() -> None:
    [result] = run_in(config_compliance_forwarded, [], SECURITY)
    assert result.status is Status.NOT_APPLICABLE


def test_unknown_security_account_or_unreadable_rules_is_error() -> None:
    inv = InventoryBuilder().add("events.rules", [])
    [no_org] = run_check(config_compliance_forwarded, inv)
    assert no_org.status is Status.ERROR and "organization was not read" in no_org.message
    org = org_of("222222222222", ACCOUNT)
    [no_role] = run_check(config_compliance_forwarded, inv, accounts=[org.accounts[ACCOUNT]], org=org)
    assert no_role.status is Status.ERROR and "no account has the security role" in no_role.message
    unreadable = item(
        f"arn:aws:events:{REGION}:{ACCOUNT}:rule/config",
        {
            "Name": "config",
            "EventBusName": "default",
            "State": "ENABLED",
            "EventPattern": '{"source": ["aws.config"]}',
        },
        errors={"Targets": ACCESS_DENIED},
    )
    assert statuses(run_in(config_compliance_forwarded, [unreadable])) == ["ERROR"]
    denied = InventoryBuilder().unavailable("events.rules", ACCESS_DENIED)
    member = organization().accounts[ACCOUNT]
    assert statuses(
        run_check(config_compliance_forwarded, denied, accounts=[member], org=organization())
    ) == ["ERROR"]
