"""Demo: recovery away from the source. tenant-a adds a weekly backup plan that copies to shared-services'
central vault and shared-services copies its own recovery points to eu-west-2; tenant-b copies nothing.
For the AWS Backup operations moto lacks (demo.simulated_apis): every plan selects resources except tenant-b's
daily plan; shared-services' locked vault denies deleting recovery points, tenant-a's locked vault has no
access policy; tenant-a's tracking table (tagged backup=required) has been backed up, tenant-b's has not.
Tier-1 designations (controlmap:criticality=tier-1): tenant-a's data bucket replicates to eu-west-2 and its
Aurora ledger is a global database with a secondary cluster there; tenant-b's data bucket and its orders
instance stay in one region. Fault injection: tenant-a's checkout game-day template stops on an alarm and
ran 45 days ago; tenant-b's template has no alarm stop condition and was stopped 500 days ago. Incident
readiness: the security account has an Incident Manager response plan (simulated) and two automation
runbooks; Shield Advanced (simulated) is active in tenant-a, with Shield Response Team access and contacts,
and in networking, with a role but no emergency contact.

Runs after the backup, database and S3 seeds (module names sort after them), whose resources it designates
and extends."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from checks._lib.criticality import CRITICALITY_TAG
from demo.seeds.s3 import encrypt_bucket, tls_only_policy
from demo.simulated_apis import ApiError
from demo.world import DEMO_REGIONS, HOME, DemoWorld
from scanner.facts import BACKUP_REQUIRED_TAG

DR_REGION = DEMO_REGIONS[1]
CENTRAL_VAULT = "central-backups"  # shared-services' locked vault (demo_seeds/backup.py)
DR_VAULT = "central-backups-dr"


def _vault_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:aws:backup:{region}:{account_id}:backup-vault:{name}"


def _off_site_backup_plans(world: DemoWorld) -> None:
    shared = world.org.account_id("shared-services")
    world.sessions["shared-services"].client("backup", region_name=DR_REGION).create_backup_vault(
        BackupVaultName=DR_VAULT
    )
    copies = {
        "tenant-a": ("tenant-a-backups", _vault_arn(HOME, shared, CENTRAL_VAULT)),
        "shared-services": (CENTRAL_VAULT, _vault_arn(DR_REGION, shared, DR_VAULT)),
    }
    for name, (vault, destination) in copies.items():
        world.sessions[name].client("backup", region_name=HOME).create_backup_plan(
            BackupPlan={
                "BackupPlanName": f"{name}-weekly-offsite",
                "Rules": [
                    {
                        "RuleName": "weekly-copy-away",
                        "TargetBackupVaultName": vault,
                        "ScheduleExpression": "cron(0 6 ? * SUN *)",
                        "Lifecycle": {"DeleteAfterDays": 90},
                        "CopyActions": [
                            {"DestinationBackupVaultArn": destination, "Lifecycle": {"DeleteAfterDays": 90}}
                        ],
                    }
                ],
            }
        )


UNSELECTED_PLANS = ("tenant-b-daily",)
DENY_RECOVERY_POINT_DELETION = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ProtectRecoveryPoints",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
                "Resource": "*",
            }
        ],
    }
)
VAULT_POLICIES = {("shared-services", CENTRAL_VAULT): DENY_RECOVERY_POINT_DELETION}
BACKED_UP_TABLES = ("tenant-a",)


def _plan_selections(world: DemoWorld) -> None:
    """Selections by plan id (moto makes the ids), answered for ListBackupSelections in every account."""
    selections: dict[str, list[dict[str, Any]]] = {}
    for name, session in world.sessions.items():
        account = world.org.account_id(name)
        for plan in session.client("backup", region_name=HOME).list_backup_plans()["BackupPlansList"]:
            if plan["BackupPlanName"] in UNSELECTED_PLANS:
                continue
            selections[plan["BackupPlanId"]] = [
                {
                    "SelectionId": f"{plan['BackupPlanId']}-tagged",
                    "SelectionName": "tagged-backup-required",
                    "BackupPlanId": plan["BackupPlanId"],
                    "IamRoleArn": f"arn:aws:iam::{account}:role/service-role/AWSBackupDefaultServiceRole",
                }
            ]

    def list_selections(params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"BackupSelectionsList": selections.get(str(params.get("BackupPlanId")), [])}

    world.apis.answer("backup", "ListBackupSelections", list_selections)


def _vault_access_policies(world: DemoWorld) -> None:
    for name in world.sessions:
        account = world.org.account_id(name)
        policies = {vault: text for (owner, vault), text in VAULT_POLICIES.items() if owner == name}

        def get_policy(
            params: Mapping[str, Any], policies: dict[str, str] = policies
        ) -> Mapping[str, Any] | ApiError:
            vault = str(params.get("BackupVaultName"))
            if vault in policies:
                return {"BackupVaultName": vault, "Policy": policies[vault]}
            return ApiError("ResourceNotFoundException", f"Backup Vault {vault} has no associated POLICY")

        world.apis.answer("backup", "GetBackupVaultAccessPolicy", get_policy, account=account)


def _required_backups(world: DemoWorld) -> None:
    """Tag each tenant's tracking table backup=required (created by demo_seeds/databases.py); only tenant-a's
    has a recovery point."""
    key, value = BACKUP_REQUIRED_TAG
    world.apis.answer("backup", "ListProtectedResources", {"Results": []})
    for tenant in ("tenant-a", "tenant-b"):
        dynamodb = world.sessions[tenant].client("dynamodb", region_name=HOME)
        table = dynamodb.describe_table(TableName=f"{tenant}-shipment-tracking")["Table"]
        dynamodb.tag_resource(ResourceArn=table["TableArn"], Tags=[{"Key": key, "Value": value}])
        if tenant in BACKED_UP_TABLES:
            account = world.org.account_id(tenant)
            protected = {
                "ResourceArn": table["TableArn"],
                "ResourceType": "DynamoDB",
                "ResourceName": table["TableName"],
                "LastBackupTime": "2026-11-30T05:12:00Z",
                "LastBackupVaultArn": _vault_arn(HOME, account, "tenant-a-backups"),
            }
            world.apis.answer(
                "backup", "ListProtectedResources", {"Results": [protected]}, account=account, region=HOME
            )


TIER_ONE_TAG = {"Key": CRITICALITY_TAG[0], "Value": CRITICALITY_TAG[1]}


def _designate_bucket(s3: Any, bucket: str) -> None:
    """Add the tier-1 tag to the bucket's existing tags (PutBucketTagging replaces the whole set)."""
    existing = s3.get_bucket_tagging(Bucket=bucket)["TagSet"]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [*existing, TIER_ONE_TAG]})


def _tier_one_buckets(world: DemoWorld) -> None:
    for tenant in ("tenant-a", "tenant-b"):
        s3 = world.sessions[tenant].client("s3")
        data = f"{tenant}-data-{world.org.account_id(tenant)}"  # created by demo_seeds/s3.py
        _designate_bucket(s3, data)
        if tenant != "tenant-a":
            continue
        replica = f"{tenant}-data-dr-{world.org.account_id(tenant)}"
        world.sessions[tenant].client("s3", region_name=DR_REGION).create_bucket(
            Bucket=replica, CreateBucketConfiguration={"LocationConstraint": DR_REGION}
        )
        encrypt_bucket(s3, replica, "aws:kms")
        s3.put_bucket_policy(Bucket=replica, Policy=tls_only_policy(replica))
        for bucket in (data, replica):
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_replication(
            Bucket=data,
            ReplicationConfiguration={
                "Role": f"arn:aws:iam::{world.org.account_id(tenant)}:role/s3-replication",
                "Rules": [
                    {
                        "ID": "all-objects-to-dr",
                        "Status": "Enabled",
                        "Priority": 1,
                        "Filter": {},
                        "DeleteMarkerReplication": {"Status": "Enabled"},
                        "Destination": {"Bucket": f"arn:aws:s3:::{replica}"},
                    }
                ],
            },
        )


def _tier_one_databases(world: DemoWorld) -> None:
    # tenant-a's ledger cluster and tenant-b's orders instance are created by demo_seeds/databases.py.
    ledger = world.sessions["tenant-a"].client("rds", region_name=HOME)
    [cluster] = ledger.describe_db_clusters(DBClusterIdentifier="tenant-a-ledger")["DBClusters"]
    ledger.add_tags_to_resource(ResourceName=cluster["DBClusterArn"], Tags=[TIER_ONE_TAG])
    ledger.create_global_cluster(
        GlobalClusterIdentifier="tenant-a-ledger-global", SourceDBClusterIdentifier=cluster["DBClusterArn"]
    )
    world.sessions["tenant-a"].client("rds", region_name=DR_REGION).create_db_cluster(
        DBClusterIdentifier="tenant-a-ledger-dr",
        Engine="aurora-postgresql",
        GlobalClusterIdentifier="tenant-a-ledger-global",
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        StorageEncrypted=True,
    )
    orders = world.sessions["tenant-b"].client("rds", region_name=HOME)
    [instance] = orders.describe_db_instances(DBInstanceIdentifier="tenant-b-orders")["DBInstances"]
    orders.add_tags_to_resource(ResourceName=instance["DBInstanceArn"], Tags=[TIER_ONE_TAG])


DAY_SECONDS = 86400
# tenant -> (stop on an alarm, final status of its one experiment, days since it was started)
GAME_DAYS = {"tenant-a": (True, "completed", 45), "tenant-b": (False, "stopped", 500)}


def _fault_injection(world: DemoWorld) -> None:
    from moto.fis.models import fis_backends

    for tenant, (alarm_stop, status, age_days) in GAME_DAYS.items():
        account = world.org.account_id(tenant)
        alarm = f"arn:aws:cloudwatch:{HOME}:{account}:alarm:{tenant}-checkout-5xx"
        fis = world.sessions[tenant].client("fis", region_name=HOME)
        template = fis.create_experiment_template(
            clientToken=f"{tenant}-game-day",
            description="Stop a checkout task and watch detection and response",
            roleArn=f"arn:aws:iam::{account}:role/fis-experiments",
            stopConditions=[
                {"source": "aws:cloudwatch:alarm", "value": alarm} if alarm_stop else {"source": "none"}
            ],
            actions={"stop-task": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "checkout"}}},
            targets={
                "checkout": {
                    "resourceType": "aws:ecs:task",
                    "resourceTags": {"service": "checkout"},
                    "selectionMode": "COUNT(1)",
                }
            },
            tags={"Name": f"{tenant}-checkout-game-day"},
        )["experimentTemplate"]
        started = fis.start_experiment(clientToken=f"{tenant}-run", experimentTemplateId=template["id"])
        # moto leaves a started experiment pending; the simulation records how the game day ended, and when.
        experiment = fis_backends[account][HOME].experiments[started["experiment"]["id"]]
        experiment.status = status
        experiment.creation_time = experiment.start_time = time.time() - age_days * DAY_SECONDS


RUNBOOK_STEPS = {
    "schemaVersion": "0.3",
    "description": "Containment runbook referenced by the security response plan",
    "parameters": {"Target": {"type": "String"}},
    "mainSteps": [{"name": "record", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
}
RUNBOOKS = ("Quarantine-EC2-Instance", "Deactivate-IAM-Access-Key")
# account -> (Shield Response Team role name, emergency contacts)
SHIELD_ADVANCED = {
    "tenant-a": ("shield-drt-access", [{"EmailAddress": "soc@example.com", "PhoneNumber": "+15555550100"}]),
    "networking": ("shield-drt-access", []),
}


def _incident_readiness(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    ssm = world.sessions["security"].client("ssm", region_name=HOME)
    for name in RUNBOOKS:
        ssm.create_document(
            Name=name, DocumentType="Automation", DocumentFormat="JSON", Content=json.dumps(RUNBOOK_STEPS)
        )
    apis = world.apis
    apis.answer("ssm-incidents", "ListResponsePlans", {"responsePlanSummaries": []})
    plan = {
        "arn": f"arn:aws:ssm-incidents::{security}:response-plan/security-sev1",
        "name": "security-sev1",
        "displayName": "Security incident (SEV1)",
    }
    apis.answer(
        "ssm-incidents", "ListResponsePlans", {"responsePlanSummaries": [plan]}, account=security, region=HOME
    )
    apis.answer("shield", "GetSubscriptionState", {"SubscriptionState": "INACTIVE"})
    for name, (role, contacts) in SHIELD_ADVANCED.items():
        account = world.org.account_id(name)
        apis.answer("shield", "GetSubscriptionState", {"SubscriptionState": "ACTIVE"}, account=account)
        access = {"RoleArn": f"arn:aws:iam::{account}:role/{role}", "LogBucketList": []}
        apis.answer("shield", "DescribeDRTAccess", access, account=account)
        apis.answer(
            "shield", "DescribeEmergencyContactSettings", {"EmergencyContactList": contacts}, account=account
        )


def seed(world: DemoWorld) -> None:
    _off_site_backup_plans(world)
    _plan_selections(world)
    _vault_access_policies(world)
    _required_backups(world)
    _tier_one_buckets(world)
    _tier_one_databases(world)
    _fault_injection(world)
    _incident_readiness(world)
