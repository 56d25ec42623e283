"""Route 53 Resolver checks: every VPC logs its DNS queries."""

from __future__ import annotations

from checks.route53resolver import vpc_query_logging
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

NETWORKING = "222222222222"


def vpc(vpc_id: str = "vpc-1", owner: str = ACCOUNT) -> Item:
    return item(f"arn:aws:ec2:{REGION}:{owner}:vpc/{vpc_id}", {"VpcId": vpc_id, "OwnerId": owner})


def association(vpc_id: str = "vpc-1", status: str = "ACTIVE", error: str = "NONE") -> Item:
    data = {"ResourceId": vpc_id, "ResolverQueryLogConfigId": "rqlc-1", "Status": status, "Error": error}
    return item(f"{REGION}/resolver-query-log-config-association/rqla-{vpc_id}", data)


def resolver_inventory(vpcs: list[Item], associations: list[Item]) -> InventoryBuilder:
    return (
        InventoryBuilder().add("ec2.vpcs", vpcs).add("route53resolver.query-log-associations", associations)
    )


def test_query_logging_passes_for_an_active_association_and_fails_otherwise() -> None:
    results = run_check(vpc_query_logging, resolver_inventory([vpc(), vpc("vpc-2")], [association()]))
    by_vpc = {r.resource_id.rsplit("/", 1)[-1]: r for r in results}
    assert by_vpc["vpc-1"].status is Status.PASS and "rqlc-1" in by_vpc["vpc-1"].message
    assert by_vpc["vpc-1"].evidence
    assert by_vpc["vpc-2"].status is Status.FAIL and "not associated" in by_vpc["vpc-2"].message
    failed = resolver_inventory([vpc()], [association(status="FAILED", error="ACCESS_DENIED")])
    [result] = run_check(vpc_query_logging, failed)
    assert result.status is Status.FAIL and "FAILED (ACCESS_DENIED)" in result.message


def test_query_logging_leaves_shared_vpcs_to_their_owner_and_errors_when_unreadable() -> None:
    [shared] = run_check(vpc_query_logging, resolver_inventory([vpc(owner=NETWORKING)], []))
    assert shared.status is Status.NOT_APPLICABLE and NETWORKING in shared.message
    denied = InventoryBuilder().add("ec2.vpcs", [vpc()])
    denied.unavailable("route53resolver.query-log-associations", ACCESS_DENIED)
    assert statuses(run_check(vpc_query_logging, denied)) == ["ERROR"]
