"""Demo: OpenSearch domains. The security account's log analytics domain, in its default VPC, has every
protection on; tenant-b's product search domain sits on a public endpoint with the defaults (no encryption,
TLS 1.0)."""

from __future__ import annotations

from typing import Any

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    _hardened_log_analytics(world.sessions["security"])
    _open_search_domain(world.sessions["tenant-b"])


def _hardened_log_analytics(session: Any) -> None:
    """security: the central log analytics domain, in the default VPC, with every protection on."""
    ec2 = session.client("ec2", region_name=HOME)
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]
    group = ec2.create_security_group(
        GroupName="log-analytics", Description="OpenSearch log analytics", VpcId=subnet["VpcId"]
    )["GroupId"]
    account = session.client("sts").get_caller_identity()["Account"]
    session.client("opensearch", region_name=HOME).create_domain(
        DomainName="security-logs",
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
        AdvancedSecurityOptions={
            "Enabled": True,
            "InternalUserDatabaseEnabled": False,
            "MasterUserOptions": {"MasterUserARN": f"arn:aws:iam::{account}:role/SecurityAnalyticsAdmin"},
        },
        VPCOptions={"SubnetIds": [subnet["SubnetId"]], "SecurityGroupIds": [group]},
        LogPublishingOptions={
            "AUDIT_LOGS": {
                "Enabled": True,
                "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{HOME}:{account}:log-group:"
                "/aws/opensearch/security-logs/audit",
            }
        },
    )


def _open_search_domain(session: Any) -> None:
    """tenant-b: a product search domain on a public endpoint with the defaults (no encryption, TLS 1.0)."""
    session.client("opensearch", region_name=HOME).create_domain(DomainName="product-search")
