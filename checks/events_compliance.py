"""AWS Config compliance changes are forwarded from every account to the security account's event bus."""

from __future__ import annotations

from collections.abc import Iterator

from checks.events import finding_sources_routed, forwards_to, security_account_ids
from scanner.checkapi import Scope, check
from scanner.model import Result, Severity, Status

# https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html
CONFIG_COMPLIANCE_CHANGE = {"aws.config": ("AWS Config", "Config Rules Compliance Change")}


@check(
    id="events.config-compliance-forwarded",
    title="Config rule compliance changes are forwarded to the security account's event bus",
    uses=("events.rules",),
    severity=Severity.MEDIUM,
    rationale="A resource that turns NON_COMPLIANT (an untagged bucket, a public one) is only acted on when "
    "the change reaches the security team; the landing zone forwards every account's Config compliance "
    "changes to the security account's event bus.",
    remediation="In each member account and region, create an enabled EventBridge rule on the default bus "
    'with the pattern {"source": ["aws.config"], "detail-type": ["Config Rules Compliance Change"]} and the '
    "security account's event bus as target.",
)
def config_compliance_forwarded(scope: Scope) -> Iterator[Result]:
    """PASS when an enabled rule on the default event bus matches source aws.config with detail-type
    "Config Rules Compliance Change" (or no detail-type filter) and targets an event bus of the security
    account in the same region. Not applicable in the security account itself. The security account is the
    organization account whose inferred landing-zone role is security (name or OU); ERROR when the
    organization was not read or has no such account."""
    where = f"{scope.account_id}/{scope.region}"
    security = security_account_ids(scope)
    if not security:
        why = "the organization was not read" if security is None else "no account has the security role"
        yield scope.result(Status.ERROR, where, f"not evaluated: the security account is unknown ({why})")
        return
    if scope.account_id in security:
        yield scope.result(Status.NOT_APPLICABLE, where, "this is the security account, which receives them")
        return
    region = scope.region or ""
    forwarding = [
        rule
        for rule in scope.items("events.rules")
        if finding_sources_routed(rule, CONFIG_COMPLIANCE_CHANGE) and forwards_to(rule, security, region)
    ]
    if forwarding:
        names = ", ".join(sorted(r.name for r in forwarding))
        evidence = [d for r in forwarding for d in r.evidence]
        message = f"Config compliance changes are forwarded to the security account's bus by {names}"
        yield scope.result(Status.PASS, where, message, evidence=evidence)
        return
    yield scope.result(
        Status.FAIL, where, "no enabled rule forwards Config compliance changes to the security account's bus"
    )
