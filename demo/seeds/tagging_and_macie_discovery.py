"""Demo: classification tags on the data buckets (tenant-b's RequireMacieScan is not a boolean,
shared-services names no BucketOwner; the legacy and other buckets are untagged) and on the accounts
(tenant-b has no DataClassification, networking no HitrustPhase); Config compliance changes forwarded to
the security account's bus (tenant-b forwards none in its second region, networking's rule is disabled).
Macie's discovery configuration and findings, and the effective tag and backup policies, are answers the
simulated accounts give where moto has none of those APIs (demo.simulated_apis)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from demo.seeds.notifications import BUS
from demo.simulated_apis import ApiError
from demo.world import DEMO_REGIONS, HOME, DemoWorld

OWNERS = {
    "management": "cloud-platform",
    "security": "security-operations",
    "log-archive": "security-operations",
    "networking": "network-engineering",
    "shared-services": "",
    "tenant-a": "claims-engineering",
    "tenant-b": "billing-engineering",
}


ENVIRONMENTS = {"tenant-a": "production", "tenant-b": "production"}
CLASSIFICATIONS = {"tenant-a": "PHI", "log-archive": "confidential", "security": "confidential"}


CONFIG_COMPLIANCE_CHANGES = json.dumps(
    {"source": ["aws.config"], "detail-type": ["Config Rules Compliance Change"]}
)


def seed(world: DemoWorld) -> None:
    _tag_accounts(world)
    _forward_config_compliance_changes(world)
    _tag_policies(world)
    _macie_discovery(world)
    for name, session in world.sessions.items():
        s3 = session.client("s3")
        bucket = f"{name}-data-{world.org.account_id(name)}"
        scan = "yes" if name == "tenant-b" else "True"
        tags = {"RequireMacieScan": scan} | ({"BucketOwner": OWNERS[name]} if OWNERS[name] else {})
        _add_bucket_tags(s3, bucket, tags)


def _add_bucket_tags(s3: Any, bucket: str, tags: dict[str, str]) -> None:
    """PutBucketTagging replaces the whole tag set, so keep what other seeds already put there."""
    try:
        current = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    except ClientError:  # NoSuchTagSet
        current = {}
    merged = current | tags
    s3.put_bucket_tagging(
        Bucket=bucket, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in merged.items()]}
    )


def _tag_accounts(world: DemoWorld) -> None:
    org = world.sessions["management"].client("organizations")
    for name in world.sessions:
        phase = "2" if name.startswith("tenant-") else "1"
        tags = {
            "Owner": OWNERS[name] or "platform-engineering",
            "Environment": ENVIRONMENTS.get(name, "shared"),
            "DataClassification": CLASSIFICATIONS.get(name, "internal"),
            "HitrustPhase": phase,
        }
        if name == "tenant-b":
            del tags["DataClassification"]
        if name == "networking":
            del tags["HitrustPhase"]
        org.tag_resource(
            ResourceId=world.org.account_id(name), Tags=[{"Key": k, "Value": v} for k, v in tags.items()]
        )


def _forward_config_compliance_changes(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    for region in DEMO_REGIONS:
        bus_arn = f"arn:aws:events:{region}:{security}:event-bus/{BUS}"
        for name, session in world.sessions.items():
            if name == "security" or (name == "tenant-b" and region != HOME):
                continue
            state = "DISABLED" if name == "networking" else "ENABLED"
            events = session.client("events", region_name=region)
            events.put_rule(
                Name="forward-config-compliance", EventPattern=CONFIG_COMPLIANCE_CHANGES, State=state
            )
            events.put_targets(
                Rule="forward-config-compliance", Targets=[{"Id": "security-account", "Arn": bus_arn}]
            )


def _effective_tag_policy(required: bool) -> dict[str, Any]:
    """An effective tag policy as DescribeEffectivePolicy returns it (values plain, no @@assign)."""
    owner: dict[str, Any] = {"tag_key": "BucketOwner"}
    scan: dict[str, Any] = {"tag_key": "RequireMacieScan", "tag_value": ["True", "False"]}
    if required:
        owner["enforced_for"] = ["s3:bucket"]
        scan["enforced_for"] = ["s3:bucket"]
    return {"tags": {"bucketowner": owner, "requiremaciescan": scan}}


def _effective_backup_policy(with_rules: bool) -> dict[str, Any]:
    """An effective backup policy: a daily plan into the Default vault, copied to eu-west-2 (values plain)."""
    rule = {
        "schedule_expression": "cron(0 5 ? * * *)",
        "start_backup_window_minutes": "60",
        "target_backup_vault_name": "Default",
        "lifecycle": {"delete_after_days": "35"},
        "copy_actions": {
            "arn:aws:backup:eu-west-2:$account:backup-vault:Default": {
                "target_backup_vault_arn": "arn:aws:backup:eu-west-2:$account:backup-vault:Default",
                "lifecycle": {"delete_after_days": "35"},
            }
        },
    }
    selection = {"iam_role_arn": "arn:aws:iam::$account:role/backup-service", "tag_key": "backup"}
    plan = {
        "regions": list(DEMO_REGIONS),
        "rules": {"daily": rule} if with_rules else {},
        "selections": {"tags": {"required": {**selection, "tag_value": ["required"]}}},
    }
    return {"plans": {"org-daily": plan}}


def _tag_policies(world: DemoWorld) -> None:
    """The Workloads OU's tag policy enforces both tags for buckets; tenant-b's account-level override drops
    the enforcement (a realistic exception nobody removed); other accounts have no tag policy at all.
    Backup policies: the Workloads OU's daily plan applies to tenant-a and, attached to the account directly,
    to shared-services; tenant-b's override removed the plan's rules (so nothing is backed up by it); the
    other accounts have no backup policy. No account has an effective policy of any other type."""
    tenant_a, tenant_b = world.org.account_id("tenant-a"), world.org.account_id("tenant-b")
    enforced_in = {tenant_a: True, tenant_b: False}
    backup_rules_in = {tenant_a: True, tenant_b: False, world.org.account_id("shared-services"): True}
    for account in dict.fromkeys([*enforced_in, *backup_rules_in]):
        world.apis.answer(
            "organizations",
            "DescribeEffectivePolicy",
            _effective_policy_answer(account, enforced_in.get(account), backup_rules_in.get(account)),
            account=account,
        )
    world.apis.answer("organizations", "DescribeEffectivePolicy", _effective_policy_answer(None, None, None))


def _effective_policy_answer(account: str | None, enforced: bool | None, backup_rules: bool | None) -> Any:
    """DescribeEffectivePolicy as one account answers it: its tag policy and backup policy when it has them,
    and EffectivePolicyNotFoundException for every other policy type (or when it has none)."""

    def answer(params: Mapping[str, Any]) -> Mapping[str, Any] | ApiError:
        kind = str(params.get("PolicyType"))
        content: dict[str, Any] | None = None
        if kind == "TAG_POLICY" and enforced is not None:
            content = _effective_tag_policy(enforced)
        elif kind == "BACKUP_POLICY" and backup_rules is not None:
            content = _effective_backup_policy(backup_rules)
        if account is None or content is None:
            return ApiError("EffectivePolicyNotFoundException", f"no effective policy of type {kind}", 400)
        policy = {
            "PolicyContent": json.dumps(content),
            "LastUpdatedTimestamp": dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
            "TargetId": account,
            "PolicyType": kind,
        }
        return {"EffectivePolicy": policy}

    return answer


def _macie_discovery(world: DemoWorld) -> None:
    """The security account (Macie administrator) exports discovery results to a KMS-encrypted bucket and
    runs automated discovery in us-east-1, but in eu-west-2 neither; one high-severity finding on a tenant-b
    bucket has stayed open for three weeks. Members have no repository or discovery of their own."""
    apis = world.apis
    apis.answer("macie2", "GetClassificationExportConfiguration", {"configuration": {}})
    apis.answer("macie2", "GetAutomatedDiscoveryConfiguration", {"status": "DISABLED"})
    apis.answer("macie2", "ListClassificationJobs", {"items": []})
    apis.answer("macie2", "ListFindings", {"findingIds": []})
    security = world.org.account_id("security")
    repository = {
        "configuration": {
            "s3Destination": {
                "bucketName": f"macie-discovery-results-{security}",
                "keyPrefix": "results/",
                "kmsKeyArn": f"arn:aws:kms:{HOME}:{security}:key/6c1f9e52-demo-macie-results",
            }
        }
    }
    apis.answer("macie2", "GetClassificationExportConfiguration", repository, account=security, region=HOME)
    enabled = {
        "status": "ENABLED",
        "classificationScopeId": "demo-scope",
        "sensitivityInspectionTemplateId": "t",
    }
    apis.answer("macie2", "GetAutomatedDiscoveryConfiguration", enabled, account=security, region=HOME)
    opened = dt.datetime.now(dt.UTC) - dt.timedelta(days=21)
    finding = {
        "id": "demo-finding-0001",
        "accountId": world.org.account_id("tenant-b"),
        "createdAt": opened,
        "updatedAt": opened,
        "severity": {"description": "High", "score": 3},
        "title": "The S3 object contains credit card numbers.",
        "type": "SensitiveData:S3Object/Financial",
        "resourcesAffected": {"s3Bucket": {"name": f"tenant-b-claims-exports-{HOME}"}},
    }
    apis.answer("macie2", "ListFindings", {"findingIds": [finding["id"]]}, account=security, region=HOME)
    apis.answer("macie2", "GetFindings", {"findings": [finding]}, account=security, region=HOME)
