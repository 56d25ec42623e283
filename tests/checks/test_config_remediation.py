"""The restricted-ssh Config rule with automatic remediation: pass, the ways it fails, and unknowns."""

from __future__ import annotations

from typing import Any

from checks.config_remediation import RESTRICTED_SSH, restricted_ssh_auto_remediation
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

DOCUMENT = "AWS-DisablePublicAccessForSecurityGroup"


def rule(name: str = "restricted-ssh", identifier: str = RESTRICTED_SSH, state: str = "ACTIVE") -> Item:
    data = {
        "ConfigRuleName": name,
        "ConfigRuleState": state,
        "Source": {"Owner": "AWS", "SourceIdentifier": identifier},
    }
    return item(f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/config-rule-{name}", data, name=name)


def remediation(rule_name: str = "restricted-ssh", **overrides: Any) -> Item:
    data = {
        "ConfigRuleName": rule_name,
        "TargetType": "SSM_DOCUMENT",
        "TargetId": DOCUMENT,
        "Automatic": True,
        **overrides,
    }
    arn = f"arn:aws:config:{REGION}:{ACCOUNT}:remediation-configuration/{rule_name}/x"
    return item(arn, data, evidence=("f" * 64,))


def inventory(rules: list[Item], remediations: list[Item]) -> InventoryBuilder:
    return (
        InventoryBuilder().add("config.rules", rules).add("config.remediation-configurations", remediations)
    )


def test_an_automatic_remediation_with_a_document_passes() -> None:
    [result] = run_check(restricted_ssh_auto_remediation, inventory([rule()], [remediation()]))
    assert result.status is Status.PASS and DOCUMENT in result.message
    assert "f" * 64 in result.evidence  # the remediation answer is evidence too


def test_missing_rule_or_missing_manual_or_targetless_remediation_fails() -> None:
    [no_rule] = run_check(
        restricted_ssh_auto_remediation, inventory([rule("other", "S3_BUCKET_SSL_REQUESTS_ONLY")], [])
    )
    assert no_rule.status is Status.FAIL and "no active INCOMING_SSH_DISABLED" in no_rule.message
    [inactive] = run_check(restricted_ssh_auto_remediation, inventory([rule(state="DELETING")], []))
    assert inactive.status is Status.FAIL and "no active" in inactive.message
    for remediations, why in (
        ([], "no remediation configuration"),
        ([remediation(Automatic=False)], "manual"),
        ([remediation(TargetId="")], "without a target document"),
        ([remediation("another-rule")], "no remediation configuration"),
    ):
        [result] = run_check(restricted_ssh_auto_remediation, inventory([rule()], remediations))
        assert result.status is Status.FAIL and why in result.message


def test_every_such_rule_must_remediate() -> None:
    rules = [rule(), rule("OrgConfigRule-restricted-ssh-abc")]
    results = run_check(restricted_ssh_auto_remediation, inventory(rules, [remediation()]))
    assert sorted(statuses(results)) == ["FAIL", "PASS"]


def test_unreadable_rules_or_remediations_are_errors() -> None:
    for builder in (
        InventoryBuilder().unavailable("config.rules").add("config.remediation-configurations", []),
        InventoryBuilder().add("config.rules", [rule()]).unavailable("config.remediation-configurations"),
    ):
        assert statuses(run_check(restricted_ssh_auto_remediation, builder)) == ["ERROR"]
