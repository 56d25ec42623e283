"""Demo: AWS Config recording into the log-archive account, an organization aggregator in the security
account, and the s3-bucket-ssl-requests-only rule; with gaps: tenant-b has no recorder, networking delivers
to its own bucket, shared-services lacks the rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld

DELIVERED = dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)

NO_RECORDER = "tenant-b"
LOCAL_DELIVERY = "networking"
NO_SSL_RULE = "shared-services"
SERVICE_ROLE = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"


def _delivery_status(params: Mapping[str, Any]) -> Mapping[str, Any]:
    """DescribeDeliveryChannelStatus, which moto does not implement (demo.simulated_apis): every named
    channel delivered its last snapshot and history file successfully."""
    delivered = {"lastStatus": "SUCCESS", "lastAttemptTime": DELIVERED, "lastSuccessfulTime": DELIVERED}
    return {
        "DeliveryChannelsStatus": [
            {"name": name, "configSnapshotDeliveryInfo": delivered, "configHistoryDeliveryInfo": delivered}
            for name in params.get("DeliveryChannelNames") or []
        ]
    }


def central_bucket(world: DemoWorld) -> str:
    """The log-archive account's bucket the recorders deliver to."""
    return f"org-config-{world.org.account_id('log-archive')}"


def seed(world: DemoWorld) -> None:
    world.apis.answer("config", "DescribeDeliveryChannelStatus", _delivery_status)
    central = central_bucket(world)
    world.sessions["log-archive"].client("s3").create_bucket(Bucket=central)
    for name, session in world.sessions.items():
        if name == NO_RECORDER:
            continue
        account = world.org.account_id(name)
        bucket = central
        if name == LOCAL_DELIVERY:
            bucket = f"config-{account}"
            session.client("s3").create_bucket(Bucket=bucket)
        for region in DEMO_REGIONS:
            client = session.client("config", region_name=region)
            client.put_configuration_recorder(
                ConfigurationRecorder={
                    "name": "default",
                    "roleARN": f"arn:aws:iam::{account}:role/{SERVICE_ROLE}",
                    "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": region == HOME},
                }
            )
            client.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": bucket})
            client.start_configuration_recorder(ConfigurationRecorderName="default")
            if name != NO_SSL_RULE:
                client.put_config_rule(
                    ConfigRule={
                        "ConfigRuleName": "s3-bucket-ssl-requests-only",
                        "Source": {"Owner": "AWS", "SourceIdentifier": "S3_BUCKET_SSL_REQUESTS_ONLY"},
                    }
                )
    security = world.org.account_id("security")
    world.sessions["security"].client("config", region_name=HOME).put_configuration_aggregator(
        ConfigurationAggregatorName="organization",
        OrganizationAggregationSource={
            "RoleArn": f"arn:aws:iam::{security}:role/config-aggregator",
            "AllAwsRegions": True,
        },
    )
