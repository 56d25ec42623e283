"""Shield Advanced protects the internet-facing load balancers and CloudFront distributions tagged tier-1."""

from __future__ import annotations

from checks.shield_protection import distribution_protected, load_balancer_protected
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

TIER_1 = {"controlmap:criticality": "Tier-1"}
BALANCER = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/claims-web/1"
DISTRIBUTION = f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1"


def balancer(tags: dict[str, str] | None = None, scheme: str = "internet-facing") -> Item:
    data = {"LoadBalancerName": "claims-web", "Scheme": scheme, "Type": "application", "Tags": tags or {}}
    return item(BALANCER, data, name="claims-web")


def distribution(tags: dict[str, str] | None = None) -> Item:
    return item(DISTRIBUTION, {"Id": "E1", "Tags": tags or {}}, name="E1", region="global")


def protection(resource_arn: str) -> Item:
    arn = f"arn:aws:shield::{ACCOUNT}:protection/p1"
    return item(arn, {"Id": "p1", "Name": "claims-edge", "ResourceArn": resource_arn}, name="claims-edge")


def subscription(state: str = "ACTIVE") -> Item:
    return item(
        f"arn:aws:shield::{ACCOUNT}:subscription", {"SubscriptionState": state}, name="Shield Advanced"
    )


def _shield(protections: list[Item], state: str = "ACTIVE") -> InventoryBuilder:
    return (
        InventoryBuilder()
        .add("shield.protections", protections)
        .add("shield.subscription", [subscription(state)])
    )


def _balancers(inv: InventoryBuilder, *balancers: Item) -> list[Result]:
    return run_check(load_balancer_protected, inv.add("elbv2.load-balancers", balancers))


def _distributions(inv: InventoryBuilder, *distributions: Item) -> list[Result]:
    return run_check(distribution_protected, inv.add("cloudfront.distributions", distributions))


def test_tier1_edge_resources_with_a_protection_pass() -> None:
    [lb] = _balancers(_shield([protection(BALANCER)]), balancer(TIER_1))
    assert lb.status is Status.PASS and "claims-edge" in lb.message and lb.evidence
    [cdn] = _distributions(_shield([protection(DISTRIBUTION)]), distribution(TIER_1))
    assert cdn.status is Status.PASS and "distribution E1" in cdn.message


def test_tier1_edge_resources_fail_without_protection_or_subscription() -> None:
    [unprotected] = _balancers(_shield([protection(DISTRIBUTION)]), balancer(TIER_1))
    assert unprotected.status is Status.FAIL and "no Shield Advanced protection" in unprotected.message
    [lapsed] = _distributions(_shield([protection(DISTRIBUTION)], "INACTIVE"), distribution(TIER_1))
    assert lapsed.status is Status.FAIL and "no active Shield Advanced subscription" in lapsed.message


def test_untagged_and_internal_resources_are_not_applicable() -> None:
    [internal] = _balancers(_shield([]), balancer(TIER_1, scheme="internal"))
    assert internal.status is Status.NOT_APPLICABLE and "internal" in internal.message
    [other] = _balancers(_shield([]), balancer({"controlmap:criticality": "tier-2"}))
    assert other.status is Status.NOT_APPLICABLE
    assert statuses(_distributions(_shield([]), distribution())) == ["NOT_APPLICABLE"]
    assert statuses(_distributions(_shield([]))) == ["NOT_APPLICABLE"]


def test_errors_when_tags_protections_or_subscription_are_unreadable() -> None:
    untagged = item(BALANCER, {"Scheme": "internet-facing"}, errors={"Tags": ACCESS_DENIED})
    assert statuses(_balancers(_shield([]), untagged)) == ["ERROR"]
    no_protections = (
        InventoryBuilder()
        .unavailable("shield.protections", ACCESS_DENIED)
        .add("shield.subscription", [subscription()])
    )
    assert statuses(_distributions(no_protections, distribution(TIER_1))) == ["ERROR"]
    no_subscription = (
        InventoryBuilder()
        .add("shield.protections", [protection(BALANCER)])
        .unavailable("shield.subscription", ACCESS_DENIED)
    )
    assert statuses(_balancers(no_subscription, balancer(TIER_1))) == ["ERROR"]
