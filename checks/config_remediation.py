"""AWS Config automatic remediation: the restricted-ssh rule removes world-open SSH rules by itself."""

from __future__ import annotations

from collections.abc import Iterator

from checks.config import managed_identifier
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The managed rule deployed under the name restricted-ssh: its identifier differs from its name
# (https://docs.aws.amazon.com/config/latest/developerguide/restricted-ssh.html).
RESTRICTED_SSH = "INCOMING_SSH_DISABLED"


def remediation_problem(remediation: Item | None) -> str:
    """Why a rule's remediation configuration does not remediate by itself, or "" when it is automatic
    and names a target (SSM Automation) document."""
    if remediation is None:
        return "has no remediation configuration"
    if remediation.data.get("Automatic") is not True:
        return "has a manual remediation configuration only (Automatic is not true)"
    if not str(remediation.data.get("TargetId") or "").strip():
        return "has an automatic remediation configuration without a target document"
    return ""


@check(
    id="config.rule-restricted-ssh.auto-remediation",
    title="The restricted-ssh Config rule remediates world-open SSH automatically",
    uses=("config.rules", "config.remediation-configurations"),
    severity=Severity.MEDIUM,
    rationale="A security group rule opening SSH to the internet is exploitable within minutes; automatic "
    "remediation removes it as soon as Config evaluates the group, rather than when someone reads a report.",
    remediation="Deploy the managed rule restricted-ssh (INCOMING_SSH_DISABLED) in every region as an "
    "account rule and attach an automatic remediation (PutRemediationConfigurations, Automatic true) with an "
    "SSM Automation document such as AWS-DisablePublicAccessForSecurityGroup. Organization rules and "
    "conformance-pack rules cannot carry a remediation configuration.",
)
def restricted_ssh_auto_remediation(scope: Scope) -> Iterator[Result]:
    """PASS for each active AWS managed rule with source identifier INCOMING_SSH_DISABLED (restricted-ssh)
    in the region whose remediation configuration is automatic (Automatic true) and names a target
    document. FAIL for such a rule without one (none, manual only, or no target), and FAIL for the region
    when no such rule is active there."""
    rules = [rule for rule in scope.items("config.rules") if managed_identifier(rule) == RESTRICTED_SSH]
    remediations = {
        str(item.data.get("ConfigRuleName")): item
        for item in scope.items("config.remediation-configurations")
    }
    if not rules:
        yield scope.result(
            Status.FAIL,
            f"{scope.account_id}/{scope.region}",
            f"no active {RESTRICTED_SSH} (restricted-ssh) rule here",
            evidence=[d for item in scope.items("config.rules") for d in item.evidence],
        )
        return
    for rule in rules:
        remediation = remediations.get(rule.name)
        extra = remediation.evidence if remediation is not None else ()
        problem = remediation_problem(remediation)
        if remediation is None or problem:
            yield scope.failed(rule, f"rule {rule.name} ({RESTRICTED_SSH}) {problem}", evidence=extra)
            continue
        target = remediation.data.get("TargetId")
        yield scope.passed(rule, f"rule {rule.name} remediates automatically with {target}", evidence=extra)
