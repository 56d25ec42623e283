"""Shield Advanced protection of the edge resources designated critical: internet-facing load balancers and
CloudFront distributions tagged controlmap:criticality=tier-1 (the designation of docs/configuration.md,
shared with the tier-1 recovery checks) must be Shield Advanced protected resources. Policy requiring Shield
Advanced is expressed by the tag: an account with no tier-1 edge resource is not applicable."""

from __future__ import annotations

from checks._lib.criticality import DESIGNATION, is_tier_one
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

_RATIONALE = (
    "Shield Standard absorbs common network floods only; a critical internet-facing endpoint needs Shield "
    "Advanced for layer 7 and large-scale attack mitigation, the Shield Response Team and cost protection "
    "for scaling during an attack."
)


def _shield_verdict(resource: Item, scope: Scope, noun: str) -> Result:
    """The verdict for one tier-1 edge resource: PASS when a Shield Advanced protection names its ARN and
    the account's subscription is ACTIVE."""
    subscriptions = scope.items("shield.subscription")
    subscription_evidence = [digest for s in subscriptions for digest in s.evidence]
    if not any(str(s.data.get("SubscriptionState", "")).upper() == "ACTIVE" for s in subscriptions):
        return scope.failed(
            resource,
            f"tier-1 {noun} {resource.name} is not protected: no active Shield Advanced subscription",
            evidence=subscription_evidence,
        )
    protections = [
        p for p in scope.items("shield.protections") if p.data.get("ResourceArn") == resource.resource_id
    ]
    if not protections:
        return scope.failed(
            resource,
            f"tier-1 {noun} {resource.name} has no Shield Advanced protection",
            evidence=subscription_evidence,
        )
    names = ", ".join(p.name for p in protections)
    evidence = [*subscription_evidence, *(digest for p in protections for digest in p.evidence)]
    return scope.passed(
        resource,
        f"tier-1 {noun} {resource.name} is protected by Shield Advanced ({names})",
        evidence=evidence,
    )


@check(
    id="shield.load-balancer.tier1-protected",
    title="Internet-facing load balancers designated tier-1 are protected by Shield Advanced",
    for_each="elbv2.load-balancers",
    uses=("shield.protections", "shield.subscription"),
    severity=Severity.HIGH,
    rationale=_RATIONALE,
    remediation="Subscribe the account to Shield Advanced and add a protection for the load balancer (for "
    "example through a Firewall Manager Shield Advanced policy from the security account).",
)
def load_balancer_protected(balancer: Item, scope: Scope) -> Result:
    """PASS for an internet-facing load balancer tagged controlmap:criticality=tier-1 when the account's
    Shield Advanced subscription is ACTIVE and ListProtections has a protection whose ResourceArn is the load
    balancer's. FAIL without the subscription or the protection. Internal load balancers and those without
    the tag are not applicable; unreadable tags are ERROR."""
    if balancer.data.get("Scheme") != "internet-facing":
        return scope.on_item(
            balancer, Status.NOT_APPLICABLE, "internal load balancer: not reachable from the internet"
        )
    if not is_tier_one(balancer["Tags"]):
        return scope.on_item(balancer, Status.NOT_APPLICABLE, f"not designated critical ({DESIGNATION})")
    return _shield_verdict(balancer, scope, "load balancer")


@check(
    id="shield.distribution.tier1-protected",
    title="CloudFront distributions designated tier-1 are protected by Shield Advanced",
    for_each="cloudfront.distributions",
    uses=("shield.protections", "shield.subscription"),
    severity=Severity.HIGH,
    rationale=_RATIONALE,
    remediation="Subscribe the account to Shield Advanced and add a protection for the distribution (for "
    "example through a Firewall Manager Shield Advanced policy from the security account).",
)
def distribution_protected(distribution: Item, scope: Scope) -> Result:
    """PASS for a CloudFront distribution tagged controlmap:criticality=tier-1 when the account's Shield
    Advanced subscription is ACTIVE and ListProtections has a protection whose ResourceArn is the
    distribution's. FAIL without the subscription or the protection. Distributions without the tag are not
    applicable; unreadable tags are ERROR."""
    if not is_tier_one(distribution["Tags"]):
        return scope.on_item(distribution, Status.NOT_APPLICABLE, f"not designated critical ({DESIGNATION})")
    return _shield_verdict(distribution, scope, "distribution")
