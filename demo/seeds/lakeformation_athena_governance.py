"""Demo (after the Lake Formation seed): Athena results in a central results bucket, Athena API activity
watched by EventBridge, restricted workgroups, and Lake Formation governance of the tenants' tables.

* shared-services keeps a protected central results bucket (SSE-KMS, TLS-only, ACLs disabled) in us-east-1.
  tenant-a's eu-west-2 reporting workgroup writes there, pinned by owner but out of region; tenant-b's
  partner workgroup writes there in region but without ExpectedBucketOwner.
* tenant-a forwards every Athena API call to the security account's bus in both regions; tenant-b watches
  only StartQueryExecution; the other accounts watch nothing.
* tenant-a tags its reporting workgroup for prepared statements and defines one.
* tenant-a registers its data bucket with Lake Formation, uses cross-account version 4 and trusts EMR in its
  own account for external filtering; tenant-b registers nothing, keeps version 1 and trusts a partner
  account outside the organization.

* recent queries ran with encrypted results, except one in tenant-b's ad-hoc workgroup, which does not
  enforce its configuration. moto has no BatchGetQueryExecution or ListPreparedStatements, so the executions
  and the prepared statement are answers the simulated accounts give (demo.simulated_apis).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from demo.seeds.notifications import BUS
from demo.seeds.s3 import BPA_ON, encrypt_bucket, tls_only_policy
from demo.world import DEMO_REGIONS, HOME, DemoWorld

ATHENA_API_CALLS = {"source": ["aws.athena"], "detail-type": ["AWS API Call via CloudTrail"]}
QUERY_STARTS_ONLY = {**ATHENA_API_CALLS, "detail": {"eventName": ["StartQueryExecution"]}}
# The partner account of the FSI seed's cross-account bucket policy: outside the demo organization.
PARTNER_ACCOUNT = "123456789123"
REMOTE_REGION = DEMO_REGIONS[1]


def seed(world: DemoWorld) -> None:
    central = _central_results_bucket(world)
    _results_workgroups(world, central)
    _owner_tags(world)
    _watch_athena_calls(world)
    _lake_formation(world)
    _simulated_athena_usage(world)


def _central_results_bucket(world: DemoWorld) -> str:
    s3 = world.sessions["shared-services"].client("s3", region_name=HOME)
    bucket = f"central-athena-results-{world.org.account_id('shared-services')}"
    s3.create_bucket(Bucket=bucket)
    encrypt_bucket(s3, bucket, "aws:kms")
    s3.put_bucket_policy(Bucket=bucket, Policy=tls_only_policy(bucket))
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=BPA_ON)
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )
    return bucket


def _workgroup_configuration(location: str, **result: Any) -> dict[str, Any]:
    return {
        "ResultConfiguration": {
            "OutputLocation": location,
            "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/athena-results"},
            **result,
        },
        "EnforceWorkGroupConfiguration": True,
        "PublishCloudWatchMetricsEnabled": True,
        "BytesScannedCutoffPerQuery": 10 * 1024**3,
    }


def _results_workgroups(world: DemoWorld, central: str) -> None:
    owner = world.org.account_id("shared-services")
    tenant_a = world.sessions["tenant-a"].client("athena", region_name=REMOTE_REGION)
    tenant_a.create_work_group(
        Name="reporting-eu",
        Configuration=_workgroup_configuration(f"s3://{central}/tenant-a/", ExpectedBucketOwner=owner),
        Tags=[{"Key": "controlmap:query-mode", "Value": "prepared"}],
    )
    tenant_a.create_prepared_statement(
        StatementName="monthly_totals",
        WorkGroup="reporting-eu",
        QueryStatement="SELECT month, sum(amount) FROM sales.orders WHERE month = ? GROUP BY month",
    )
    world.sessions["tenant-b"].client("athena", region_name=HOME).create_work_group(
        Name="partners", Configuration=_workgroup_configuration(f"s3://{central}/tenant-b/")
    )


def _owner_tags(world: DemoWorld) -> None:
    """Every workgroup the seeds created carries an owner tag, as the landing zone's tag policy asks (moto
    also answers ListTagsForResource for a workgroup without tags with an error rather than no tags)."""
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            athena = session.client("athena", region_name=region)
            for workgroup in athena.list_work_groups()["WorkGroups"]:
                if workgroup["Name"] == "primary":
                    continue
                arn = f"arn:aws:athena:{region}:{world.org.account_id(name)}:workgroup/{workgroup['Name']}"
                athena.tag_resource(ResourceARN=arn, Tags=[{"Key": "owner", "Value": name}])


def _watch_athena_calls(world: DemoWorld) -> None:
    security = world.org.account_id("security")
    watchers = {"tenant-a": (ATHENA_API_CALLS, DEMO_REGIONS), "tenant-b": (QUERY_STARTS_ONLY, (HOME,))}
    for name, (pattern, regions) in watchers.items():
        for region in regions:
            events = world.sessions[name].client("events", region_name=region)
            events.put_rule(Name="watch-athena-api-calls", EventPattern=json.dumps(pattern), State="ENABLED")
            bus = f"arn:aws:events:{region}:{security}:event-bus/{BUS}"
            events.put_targets(
                Rule="watch-athena-api-calls", Targets=[{"Id": "security-account", "Arn": bus}]
            )


def _lake_formation(world: DemoWorld) -> None:
    for name in ("tenant-a", "tenant-b"):
        session = world.sessions[name]
        account = world.org.account_id(name)
        lakeformation = session.client("lakeformation", region_name=HOME)
        settings = lakeformation.get_data_lake_settings()["DataLakeSettings"]
        if name == "tenant-a":
            lakeformation.register_resource(
                ResourceArn=f"arn:aws:s3:::{name}-data-{account}",
                RoleArn=f"arn:aws:iam::{account}:role/LakeFormationDataAccess",
            )
            settings |= {
                "Parameters": {"CROSS_ACCOUNT_VERSION": "4"},
                "AllowExternalDataFiltering": True,
                "ExternalDataFilteringAllowList": [{"DataLakePrincipalIdentifier": account}],
                "AuthorizedSessionTagValueList": ["Amazon EMR"],
            }
        else:
            settings |= {
                "AllowExternalDataFiltering": True,
                "ExternalDataFilteringAllowList": [{"DataLakePrincipalIdentifier": PARTNER_ACCOUNT}],
                "AuthorizedSessionTagValueList": ["Amazon EMR", "partner-engine"],
            }
        lakeformation.put_data_lake_settings(DataLakeSettings=settings)


def _execution(account: str, workgroup: str, number: int, days_ago: int, encrypted: bool) -> dict[str, Any]:
    submitted = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago, hours=number)
    result: dict[str, Any] = {"OutputLocation": f"s3://{workgroup}-results-{account}/{number}.csv"}
    if encrypted:
        result["EncryptionConfiguration"] = {"EncryptionOption": "SSE_KMS", "KmsKey": "alias/athena-results"}
    return {
        "QueryExecutionId": f"{account[-4:]}{number:04d}-{len(workgroup):04d}-4000-8000-{number:012d}",
        "Query": "SELECT claim_id, amount FROM claims.paid WHERE paid_on > current_date - interval '1' day",
        "StatementType": "DML",
        "ResultConfiguration": result,
        "QueryExecutionContext": {"Database": "claims", "Catalog": "AwsDataCatalog"},
        "Status": {
            "State": "SUCCEEDED",
            "SubmissionDateTime": submitted,
            "CompletionDateTime": submitted + dt.timedelta(seconds=7),
        },
        "Statistics": {
            "EngineExecutionTimeInMillis": 6400 + number,
            "DataScannedInBytes": 52_428_800 * number,
        },
        "WorkGroup": workgroup,
    }


def _simulated_athena_usage(world: DemoWorld) -> None:
    """Answers for what moto lacks (demo.simulated_apis): the analytics workgroups' recent queries (tenant-b's
    ad-hoc workgroup ran one without result encryption, since it does not enforce its configuration) and the
    prepared statement of tenant-a's reporting workgroup. The answers carry query text, as Athena's do; the
    collector strips it before anything is stored."""
    apis = world.apis
    runs = {
        ("tenant-a", "analytics"): [True, True, True],
        ("tenant-b", "analytics"): [True, True],
        ("tenant-b", "adhoc"): [True, False],
    }
    executions = {
        (world.org.account_id(name), workgroup): [
            _execution(world.org.account_id(name), workgroup, n, days_ago=2 * n + 1, encrypted=flag)
            for n, flag in enumerate(flags, start=1)
        ]
        for (name, workgroup), flags in runs.items()
    }
    by_id = {e["QueryExecutionId"]: e for found in executions.values() for e in found}
    for account in {account for account, _ in executions}:
        apis.answer(
            "athena", "ListQueryExecutions", _listing(executions, account), account=account, region=HOME
        )
    apis.answer("athena", "ListQueryExecutions", {"QueryExecutionIds": []})
    apis.answer(
        "athena",
        "BatchGetQueryExecution",
        lambda params: {
            "QueryExecutions": [by_id[i] for i in params.get("QueryExecutionIds", []) if i in by_id],
            "UnprocessedQueryExecutionIds": [],
        },
    )
    statement = {
        "StatementName": "monthly_totals",
        "LastModifiedTime": dt.datetime(2026, 10, 2, tzinfo=dt.UTC),
    }
    apis.answer(
        "athena",
        "ListPreparedStatements",
        lambda params: {
            "PreparedStatements": [statement] if params.get("WorkGroup") == "reporting-eu" else []
        },
    )


def _listing(executions: Mapping[tuple[str, str], list[dict[str, Any]]], account: str) -> Any:
    """ListQueryExecutions for one account: the ids of the named workgroup's executions."""

    def listed(params: Mapping[str, Any]) -> Mapping[str, Any]:
        found = executions.get((account, str(params.get("WorkGroup"))), [])
        return {"QueryExecutionIds": [e["QueryExecutionId"] for e in found]}

    return listed
