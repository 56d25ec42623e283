"""Demo: the S3 managed Config rules and a required-tags rule for the Macie tags, in every account that
records (tenant-b has no recorder); with gaps: networking lacks the access-logging and versioning rules, and
shared-services' tag rule checks only CostCenter. What the rules report, the security account's conformance
pack and the aggregator's source status are answers the simulated accounts give where moto has none of
those operations (demo.simulated_apis): versioning fails in tenant-a, TLS-only in networking, the tag rule in
shared-services, one HIPAA pack rule in security, and tenant-b's eu-west-2 aggregator source. Every other
rule deployed by then reports COMPLIANT."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from checks.config_compliance import MACIE_TAG_KEYS, S3_BASELINE_RULES, S3_BUCKET_TYPE
from demo.seeds._lib.buckets import data_bucket
from demo.seeds.config import NO_RECORDER
from demo.world import DEMO_REGIONS, HOME, DemoWorld

# Compliance is answered for the rules each account holds when this seed runs: those of `config` (networking's
# S3 TLS-only rule fails) and of `config_remediation`.
AFTER = ("config", "config_remediation")

PARTIAL_S3_RULES = "networking"
PARTIAL_S3_RULES_OMIT = ("S3_BUCKET_LOGGING_ENABLED", "S3_BUCKET_VERSIONING_ENABLED")
COST_TAGS_ONLY = "shared-services"


def _tag_parameters(account_name: str) -> dict[str, str]:
    if account_name == COST_TAGS_ONLY:
        return {"tag1Key": "CostCenter"}
    return {f"tag{n}Key": key for n, key in enumerate(MACIE_TAG_KEYS, start=1)}


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        if name == NO_RECORDER:
            continue
        omitted = PARTIAL_S3_RULES_OMIT if name == PARTIAL_S3_RULES else ()
        for region in DEMO_REGIONS:
            client = session.client("config", region_name=region)
            for identifier in S3_BASELINE_RULES:
                if identifier in omitted:
                    continue
                client.put_config_rule(
                    ConfigRule={
                        "ConfigRuleName": identifier.lower().replace("_", "-"),
                        "Scope": {"ComplianceResourceTypes": [S3_BUCKET_TYPE]},
                        "Source": {"Owner": "AWS", "SourceIdentifier": identifier},
                    }
                )
            client.put_config_rule(
                ConfigRule={
                    "ConfigRuleName": "required-bucket-tags",
                    "Scope": {"ComplianceResourceTypes": [S3_BUCKET_TYPE]},
                    "Source": {"Owner": "AWS", "SourceIdentifier": "REQUIRED_TAGS"},
                    "InputParameters": json.dumps(_tag_parameters(name)),
                }
            )
    _rule_compliance(world)
    _conformance_pack(world)
    _aggregator_sources(world)


# What the rules report: compliant, except versioning in tenant-a (its legacy bucket keeps no versions), the
# TLS-only rule in networking (its flow-log bucket has no TLS-only policy) and the tag rule in
# shared-services, whose bucket carries no BucketOwner.
NON_COMPLIANT = {
    ("tenant-a", "s3-bucket-versioning-enabled"),
    ("networking", "s3-bucket-ssl-requests-only"),
    ("shared-services", "required-bucket-tags"),
}
EVALUATED = dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC)


def _evaluation(rule: str, bucket: str) -> dict[str, Any]:
    return {
        "EvaluationResultIdentifier": {
            "EvaluationResultQualifier": {
                "ConfigRuleName": rule,
                "ResourceType": S3_BUCKET_TYPE,
                "ResourceId": bucket,
            },
            "OrderingTimestamp": EVALUATED,
        },
        "ComplianceType": "NON_COMPLIANT",
        "ResultRecordedTime": EVALUATED,
        "ConfigRuleInvokedTime": EVALUATED,
    }


def _rule_compliance(world: DemoWorld) -> None:
    """Answers for the compliance calls moto lacks (demo.simulated_apis), over the rules moto now holds."""
    apis = world.apis
    apis.answer("config", "DescribeComplianceByConfigRule", {"ComplianceByConfigRules": []})
    apis.answer("config", "DescribeConformancePacks", {"ConformancePackDetails": []})
    for name, session in world.sessions.items():
        account = world.org.account_id(name)
        for region in DEMO_REGIONS:
            rules = session.client("config", region_name=region).describe_config_rules()["ConfigRules"]
            summaries = []
            for rule in rules:
                failing = (name, rule["ConfigRuleName"]) in NON_COMPLIANT
                compliance: dict[str, Any] = {"ComplianceType": "NON_COMPLIANT" if failing else "COMPLIANT"}
                if failing:
                    compliance["ComplianceContributorCount"] = {"CappedCount": 1, "CapExceeded": False}
                summaries.append({"ConfigRuleName": rule["ConfigRuleName"], "Compliance": compliance})
            apis.answer(
                "config",
                "DescribeComplianceByConfigRule",
                {"ComplianceByConfigRules": summaries},
                account=account,
                region=region,
            )

            def details(
                params: Mapping[str, Any], bucket: str = data_bucket(world, name)
            ) -> Mapping[str, Any]:
                return {"EvaluationResults": [_evaluation(str(params.get("ConfigRuleName")), bucket)]}

            apis.answer("config", "GetComplianceDetailsByConfigRule", details, account=account, region=region)


def _conformance_pack(world: DemoWorld) -> None:
    """The security account runs the HIPAA operational best practices pack in us-east-1; one of its rules
    (root account hardware MFA) is non-compliant."""
    apis = world.apis
    security = world.org.account_id("security")
    name = "operational-best-practices-for-hipaa-security"
    arn = f"arn:aws:config:{HOME}:{security}:conformance-pack/{name}/conformance-pack-demo"
    pack = {
        "ConformancePackName": name,
        "ConformancePackArn": arn,
        "ConformancePackId": "conformance-pack-demo",
    }
    status = {
        "ConformancePackName": name,
        "ConformancePackId": "conformance-pack-demo",
        "ConformancePackArn": arn,
        "ConformancePackState": "CREATE_COMPLETE",
        "StackArn": f"arn:aws:cloudformation:{HOME}:{security}:stack/awsconfigconforms-{name}/1",
        "LastUpdateRequestedTime": EVALUATED,
    }
    rules = [
        {
            "ConfigRuleName": "root-account-hardware-mfa-enabled-conformance-pack",
            "ComplianceType": "NON_COMPLIANT",
        },
        {"ConfigRuleName": "cloudtrail-enabled-conformance-pack", "ComplianceType": "COMPLIANT"},
        {"ConfigRuleName": "s3-bucket-ssl-requests-only-conformance-pack", "ComplianceType": "COMPLIANT"},
    ]
    apis.answer(
        "config",
        "DescribeConformancePacks",
        {"ConformancePackDetails": [pack]},
        account=security,
        region=HOME,
    )
    apis.answer(
        "config",
        "DescribeConformancePackStatus",
        {"ConformancePackStatusDetails": [status]},
        account=security,
        region=HOME,
    )
    apis.answer(
        "config",
        "DescribeConformancePackCompliance",
        {"ConformancePackName": name, "ConformancePackRuleComplianceList": rules},
        account=security,
        region=HOME,
    )


def _aggregator_sources(world: DemoWorld) -> None:
    """The security account's organization aggregator collects from every account and region; tenant-b's
    eu-west-2 source fails (Config is not recording there)."""
    sources = []
    for name in world.sessions:
        for region in DEMO_REGIONS:
            failed = name == NO_RECORDER and region != HOME
            source: dict[str, Any] = {
                "SourceId": world.org.account_id(name),
                "SourceType": "ACCOUNT",
                "AwsRegion": region,
                "LastUpdateStatus": "FAILED" if failed else "SUCCEEDED",
                "LastUpdateTime": EVALUATED,
            }
            if failed:
                source |= {
                    "LastErrorCode": "NoAvailableConfigurationRecorder",
                    "LastErrorMessage": "no recorder",
                }
            sources.append(source)
    world.apis.answer(
        "config",
        "DescribeConfigurationAggregatorSourcesStatus",
        {"AggregatedSourceStatusList": sources},
        account=world.org.account_id("security"),
    )
