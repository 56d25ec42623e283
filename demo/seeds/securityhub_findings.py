"""Demo: Security Hub findings of failed critical controls: tenant-a left EC2.19 open for months; tenant-b's
S3.1 finding is a week old."""

from __future__ import annotations

import datetime as dt
from typing import Any

from demo.world import HOME, DemoWorld


def _critical_control_finding(account_id: str, control: str, title: str, days_open: int) -> dict[str, Any]:
    first = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days_open)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "SchemaVersion": "2018-10-08",
        "Id": f"arn:aws:securityhub:{HOME}:{account_id}:security-control/{control}/finding/demo",
        "ProductArn": f"arn:aws:securityhub:{HOME}::product/aws/securityhub",
        "GeneratorId": f"security-control/{control}",
        "AwsAccountId": account_id,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "CreatedAt": first,
        "UpdatedAt": first,
        "FirstObservedAt": first,
        "Severity": {"Label": "CRITICAL"},
        "Title": title,
        "Description": title,
        "Resources": [{"Type": "AwsAccount", "Id": f"AWS::::Account:{account_id}"}],
        "Compliance": {"Status": "FAILED", "SecurityControlId": control},
        "RecordState": "ACTIVE",
        "Workflow": {"Status": "NOTIFIED"},
    }


def seed(world: DemoWorld) -> None:
    for account, control, title, days_open in (
        ("tenant-a", "EC2.19", "Security groups should not allow unrestricted access to high-risk ports", 95),
        (
            "tenant-b",
            "S3.1",
            "S3 general purpose buckets should have block public access settings enabled",
            6,
        ),
    ):
        finding = _critical_control_finding(world.org.account_id(account), control, title, days_open)
        world.sessions[account].client("securityhub", region_name=HOME).batch_import_findings(
            Findings=[finding]
        )
