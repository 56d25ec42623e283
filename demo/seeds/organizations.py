"""Demo: the organization. The security account is the delegated administrator of the security services, but
Access Analyzer was delegated to a workload account (tenant-a) by mistake. The accounts carry metadata tags,
with gaps: tenant-b has no DataClassification, networking no HitrustPhase. Effective tag and backup
policies are answers the simulated accounts give (moto has no DescribeEffectivePolicy, see
demo.simulated_apis); one operation answers both policy types, so both are here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from demo.seeds._lib.tags import OWNERS
from demo.simulated_apis import ApiError
from demo.world import DEMO_REGIONS, DemoWorld

DELEGATED_TO_SECURITY = (
    "guardduty.amazonaws.com",
    "securityhub.amazonaws.com",
    "macie.amazonaws.com",
    "inspector2.amazonaws.com",
    "config.amazonaws.com",
    "securitylake.amazonaws.com",
)
ENVIRONMENTS = {"tenant-a": "production", "tenant-b": "production"}
CLASSIFICATIONS = {"tenant-a": "PHI", "log-archive": "confidential", "security": "confidential"}


def seed(world: DemoWorld) -> None:
    _delegated_administrators(world)
    _tag_accounts(world)
    _effective_policies(world)


def _delegated_administrators(world: DemoWorld) -> None:
    _accept_every_security_service_principal()
    security = world.org.account_id("security")
    org = world.sessions["management"].client("organizations")
    for principal in DELEGATED_TO_SECURITY:
        org.register_delegated_administrator(AccountId=security, ServicePrincipal=principal)
    # A realistic mistake: Access Analyzer delegated to a workload account instead of the security account.
    org.register_delegated_administrator(
        AccountId=world.org.account_id("tenant-a"), ServicePrincipal="access-analyzer.amazonaws.com"
    )


def _accept_every_security_service_principal() -> None:
    """moto accepts delegated administrators for only a few services; AWS accepts these too."""
    from moto.organizations.models import FakeDelegatedAdministrator

    for principal in (*DELEGATED_TO_SECURITY, "access-analyzer.amazonaws.com"):
        if principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
            FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(principal)


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


def _effective_policies(world: DemoWorld) -> None:
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
