"""Demo: application log groups. The security account and tenant-a keep their logs a year or more under a KMS
key; tenant-b's expire after two weeks, unencrypted."""

from __future__ import annotations

from typing import Any

from demo.world import HOME, DemoWorld

# account name -> (log group, retention in days, encrypted with a customer managed key)
LOG_GROUPS = (
    ("security", "/security/incident-response", 731, True),
    ("tenant-a", "/workload/claims-api", 365, True),
    ("tenant-b", "/workload/claims-api", 14, False),
)


def seed(world: DemoWorld) -> None:
    for name, group, retention, encrypted in LOG_GROUPS:
        _log_group(world.sessions[name], group, retention, encrypted)


def _log_group(session: Any, group: str, retention: int, encrypted: bool) -> None:
    logs = session.client("logs", region_name=HOME)
    if encrypted:
        key = session.client("kms", region_name=HOME).create_key(Description=f"CloudWatch Logs {group}")
        logs.create_log_group(logGroupName=group, kmsKeyId=key["KeyMetadata"]["Arn"])
    else:
        logs.create_log_group(logGroupName=group)
    logs.put_retention_policy(logGroupName=group, retentionInDays=retention)
