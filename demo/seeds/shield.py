"""Demo: Shield Advanced for the tier-1 edge (controlmap:criticality=tier-1). The subscriptions are answers
the simulated accounts give (moto has no subscription state, see demo.simulated_apis): active in tenant-a,
with Shield Response Team access and contacts, and in networking, with a role but no emergency contact.
tenant-a designates its claims-site distribution and claims-web load balancer tier-1 and protects the
distribution but not the load balancer; tenant-b designates its legacy-portal distribution tier-1 without
subscribing."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.tags import TIER_ONE
from demo.world import HOME, DemoWorld

AFTER = ("cloudfront", "elb")  # designates and protects their distributions and load balancer

# account -> (Shield Response Team role name, emergency contacts)
SHIELD_ADVANCED = {
    "tenant-a": ("shield-drt-access", [{"EmailAddress": "soc@example.com", "PhoneNumber": "+15555550100"}]),
    "networking": ("shield-drt-access", []),
}


def seed(world: DemoWorld) -> None:
    _subscriptions(world)
    tenant_a, tenant_b = world.sessions["tenant-a"], world.sessions["tenant-b"]
    claims_site = _tag_distribution_tier_one(tenant_a, "claims-site")
    _tag_load_balancer_tier_one(tenant_a, "claims-web")
    tenant_a.client("shield", region_name=HOME).create_protection(
        Name="claims-site-edge", ResourceArn=claims_site
    )
    _tag_distribution_tier_one(tenant_b, "legacy-portal")


def _subscriptions(world: DemoWorld) -> None:
    apis = world.apis
    apis.answer("shield", "GetSubscriptionState", {"SubscriptionState": "INACTIVE"})
    for name, (role, contacts) in SHIELD_ADVANCED.items():
        account = world.org.account_id(name)
        apis.answer("shield", "GetSubscriptionState", {"SubscriptionState": "ACTIVE"}, account=account)
        access = {"RoleArn": f"arn:aws:iam::{account}:role/{role}", "LogBucketList": []}
        apis.answer("shield", "DescribeDRTAccess", access, account=account)
        apis.answer(
            "shield", "DescribeEmergencyContactSettings", {"EmergencyContactList": contacts}, account=account
        )


def _tag_distribution_tier_one(session: Any, comment: str) -> str:
    """Tag the distribution created with this comment tier-1; its ARN."""
    cloudfront = session.client("cloudfront", region_name=HOME)
    summaries = cloudfront.list_distributions()["DistributionList"].get("Items") or []
    [arn] = [d["ARN"] for d in summaries if d.get("Comment") == comment]
    cloudfront.tag_resource(Resource=arn, Tags={"Items": [TIER_ONE]})
    return str(arn)


def _tag_load_balancer_tier_one(session: Any, name: str) -> None:
    elb = session.client("elbv2", region_name=HOME)
    arn = elb.describe_load_balancers(Names=[name])["LoadBalancers"][0]["LoadBalancerArn"]
    elb.add_tags(ResourceArns=[arn], Tags=[TIER_ONE])
