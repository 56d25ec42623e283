"""EventBridge checks: security findings are forwarded to the security account, and acted on there."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from scanner.catalog.placement import infer_role
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# The findings the central-notification pattern forwards: event source -> (service, finding detail-type).
# https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-guardduty.html and the other services' pages.
FINDING_SOURCES = {
    "aws.guardduty": ("GuardDuty", "GuardDuty Finding"),
    "aws.securityhub": ("Security Hub", "Security Hub Findings - Imported"),
    "aws.access-analyzer": ("Access Analyzer", "Access Analyzer Finding"),
    "aws.macie": ("Macie", "Macie Finding"),
    "aws.inspector2": ("Inspector", "Inspector2 Finding"),
}
_EVENT_BUS_ARN = re.compile(r"^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus/(.+)$")


def event_pattern_strings(value: object) -> set[str]:
    """The plain string values of an event-pattern field (content filters such as prefix are ignored)."""
    values = value if isinstance(value, list) else [value]
    return {v for v in values if isinstance(v, str)}


def finding_sources_routed(
    rule: Item, sources_routed: Mapping[str, tuple[str, str]] = FINDING_SOURCES
) -> set[str]:
    """The sources (keys of `sources_routed`: source -> (service, detail-type)) an ENABLED rule matches: its
    pattern names the source and either has no detail-type filter or lets that source's detail-type
    through."""
    if str(rule.data.get("State", "")).upper() != "ENABLED":
        return set()
    try:
        pattern = json.loads(str(rule.data.get("EventPattern") or "null"))
    except ValueError:
        return set()
    if not isinstance(pattern, dict):
        return set()
    sources = event_pattern_strings(pattern.get("source")) & set(sources_routed)
    if "detail-type" not in pattern:
        return sources
    detail_types = event_pattern_strings(pattern.get("detail-type"))
    return {s for s in sources if sources_routed[s][1] in detail_types}


def security_account_ids(scope: Scope) -> frozenset[str] | None:
    """The organization's security accounts, by the landing-zone role inferred from account name or OU
    (scanner.catalog.placement.infer_role); None when the organization was not read."""
    if scope.org is None:
        return None
    return frozenset(a for a, account in scope.org.accounts.items() if infer_role(account) == "security")


def _target_arns(rule: Item) -> list[str]:
    return [str(t.get("Arn", "")) for t in rule["Targets"]]


def forwards_to(rule: Item, accounts: frozenset[str], region: str) -> bool:
    """A rule on the default bus (the only bus AWS services publish to) targeting an event bus of one of
    `accounts` in the same region."""
    if rule.data.get("EventBusName", "default") != "default":
        return False
    for arn in _target_arns(rule):
        match = _EVENT_BUS_ARN.match(arn)
        if match and match.group(2) in accounts and match.group(1) == region:
            return True
    return False


@check(
    id="events.security-findings-forwarded",
    title="Security findings are routed to the security account by EventBridge",
    uses=("events.rules",),
    severity=Severity.HIGH,
    rationale="A finding nobody receives is not acted on; the landing zone forwards every account's findings "
    "to the security account's event bus, where rules deliver them to the responders.",
    remediation="In each account and region, create enabled EventBridge rules on the default bus for "
    "GuardDuty, Security Hub, Access Analyzer, Macie and Inspector findings with the security account's "
    "event bus as target; in the security account, rules that deliver them to a notification target.",
)
def security_findings_forwarded(scope: Scope) -> Iterator[Result]:
    """PASS when every finding source (GuardDuty, Security Hub, Access Analyzer, Macie, Inspector) is matched
    by an enabled rule that, in a member account, sits on the default bus and targets an event bus of the
    security account in the same region, or, in the security account itself, has at least one target on any
    bus. The security account is the organization account whose inferred landing-zone role is security
    (name or OU); ERROR when the organization was not read or has no such account."""
    where = f"{scope.account_id}/{scope.region}"
    security = security_account_ids(scope)
    if not security:
        why = "the organization was not read" if security is None else "no account has the security role"
        yield scope.result(Status.ERROR, where, f"not evaluated: the security account is unknown ({why})")
        return
    in_security = scope.account_id in security
    region = scope.region or ""
    routing: dict[str, list[Item]] = {}
    for rule in scope.items("events.rules"):
        sources = finding_sources_routed(rule)
        if not sources:
            continue
        delivers = bool(_target_arns(rule)) if in_security else forwards_to(rule, security, region)
        for source in sources if delivers else ():
            routing.setdefault(source, []).append(rule)
    missing = [FINDING_SOURCES[s][0] for s in FINDING_SOURCES if s not in routing]
    evidence = [d for rules in routing.values() for r in rules for d in r.evidence]
    how = "delivered to a target" if in_security else "forwarded to the security account's event bus"
    if missing:
        yield scope.result(Status.FAIL, where, f"findings not {how}: {', '.join(missing)}", evidence=evidence)
        return
    names = sorted({r.name for rules in routing.values() for r in rules})
    yield scope.result(
        Status.PASS, where, f"all security findings {how} (rules {', '.join(names)})", evidence=evidence
    )
