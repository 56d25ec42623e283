"""Demo: Route 53 Resolver query logging. Every VPC logs DNS queries to the log archive, except tenant-b's in
its second region (a realistic gap: that region was never enrolled)."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.buckets import data_bucket
from demo.world import DEMO_REGIONS, HOME, DemoWorld

AFTER = ("vpc",)  # logs every VPC there is, the workload VPCs among them


def seed(world: DemoWorld) -> None:
    log_archive_bucket = data_bucket(world, "log-archive")
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            if name == "tenant-b" and region != HOME:
                continue
            _log_dns_queries(session, region, f"arn:aws:s3:::{log_archive_bucket}/route53-query-logs/{name}")


def _log_dns_queries(session: Any, region: str, destination: str) -> None:
    resolver = session.client("route53resolver", region_name=region)
    config = resolver.create_resolver_query_log_config(
        Name="central-dns-query-logs", DestinationArn=destination, CreatorRequestId=f"demo-{region}"
    )["ResolverQueryLogConfig"]
    for vpc in session.client("ec2", region_name=region).describe_vpcs()["Vpcs"]:
        resolver.associate_resolver_query_log_config(
            ResolverQueryLogConfigId=config["Id"], ResourceId=vpc["VpcId"]
        )
