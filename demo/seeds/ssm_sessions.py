"""Demo: Session Manager session-log preferences (the SSM-SessionManagerRunShell document, which moto stores).
The landing-zone accounts log sessions to an encrypted-only S3 bucket and KMS-encrypted log group in both
regions; the management account logs to CloudWatch in us-east-1 only and never saved preferences in
eu-west-2; tenant-a sends logs to a bucket without "allow only encrypted buckets" in us-east-1; tenant-b never
saved preferences in eu-west-2."""

from __future__ import annotations

import json
from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld
from scanner.aws.collectors.ssm_sessions import PREFERENCES_DOCUMENT

LANDING_ZONE = ("security", "log-archive", "networking", "shared-services")


def seed(world: DemoWorld) -> None:
    log_archive = world.org.account_id("log-archive")
    bucket = f"org-session-logs-{log_archive}"
    enforced = {
        "s3BucketName": bucket,
        "s3KeyPrefix": "sessions",
        "s3EncryptionEnabled": True,
        "cloudWatchLogGroupName": "/ssm/sessions",
        "cloudWatchEncryptionEnabled": True,
        "kmsKeyId": "alias/session-manager",
    }
    cloudwatch_only = {
        "s3BucketName": "",
        "cloudWatchLogGroupName": "/ssm/sessions",
        "cloudWatchEncryptionEnabled": True,
    }
    unenforced_bucket = {"s3BucketName": bucket, "s3EncryptionEnabled": False, "cloudWatchLogGroupName": ""}
    preferences: dict[tuple[str, str], dict[str, Any]] = {
        (name, region): enforced for name in LANDING_ZONE for region in DEMO_REGIONS
    }
    preferences |= {
        ("management", HOME): cloudwatch_only,
        ("tenant-a", HOME): unenforced_bucket,
        ("tenant-a", "eu-west-2"): enforced,
        ("tenant-b", HOME): enforced,
    }
    for (name, region), inputs in preferences.items():
        content = {
            "schemaVersion": "1.0",
            "description": "Document to hold regional settings for Session Manager",
            "sessionType": "Standard_Stream",
            "inputs": inputs | {"runAsEnabled": False, "idleSessionTimeout": "20"},
        }
        world.sessions[name].client("ssm", region_name=region).create_document(
            Name=PREFERENCES_DOCUMENT,
            DocumentType="Session",
            DocumentFormat="JSON",
            Content=json.dumps(content),
        )
