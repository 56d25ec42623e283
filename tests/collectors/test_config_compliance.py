"""Config compliance collectors: rule compliance summaries and conformance packs.

moto (5.2) has no DescribeComplianceByConfigRule, GetComplianceDetailsByConfigRule,
DescribeConformancePacks, DescribeConformancePackStatus or DescribeConformancePackCompliance (it answers
"Not yet implemented"), so those run through the ordinary Api against botocore Stubber wire answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors import config_compliance
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder

REGION = "eu-west-1"


ACCOUNT = "111111111111"


RULE_COMPLIANCE, CONFORMANCE_PACKS = config_compliance.DATASETS


def _stubbed(tmp_path: Path) -> tuple[Any, Recorder, Stubber]:
    client = boto3.client("config", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    return client, recorder, Stubber(client)


def _api(dataset: Dataset, client: Any, recorder: Recorder) -> Api:
    return Api(dataset, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)


def _summary(name: str, kind: str, count: int | None = None) -> dict[str, Any]:
    compliance: dict[str, Any] = {"ComplianceType": kind}
    if count is not None:
        compliance["ComplianceContributorCount"] = {"CappedCount": count, "CapExceeded": False}
    return {"ConfigRuleName": name, "Compliance": compliance}


def test_rule_compliance_across_pages_with_the_non_compliant_resources(tmp_path: Path) -> None:
    client, recorder, stubber = _stubbed(tmp_path)
    ssl = "OrgConfigRule-s3-bucket-ssl-requests-only-abc"
    stubber.add_response(
        "describe_compliance_by_config_rule",
        {"ComplianceByConfigRules": [_summary(ssl, "NON_COMPLIANT", 1)], "NextToken": "p2"},
        {},
    )
    stubber.add_response(
        "describe_compliance_by_config_rule",
        {"ComplianceByConfigRules": [_summary("versioning", "COMPLIANT")]},
        {"NextToken": "p2"},
    )
    offender = {
        "EvaluationResultIdentifier": {
            "EvaluationResultQualifier": {
                "ConfigRuleName": ssl,
                "ResourceType": "AWS::S3::Bucket",
                "ResourceId": "open-bucket",
            }
        },
        "ComplianceType": "NON_COMPLIANT",
    }
    stubber.add_response(
        "get_compliance_details_by_config_rule",
        {"EvaluationResults": [offender]},
        {"ConfigRuleName": ssl, "ComplianceTypes": ["NON_COMPLIANT"], "Limit": 100},
    )
    with stubber:
        found = list(RULE_COMPLIANCE.collect(_api(RULE_COMPLIANCE, client, recorder)))
    stubber.assert_no_pending_responses()
    failing, passing = found
    assert failing.resource_id == f"{ACCOUNT}/{REGION}/config-rule/{ssl}" and failing.name == ssl
    assert failing["Compliance"]["ComplianceContributorCount"]["CappedCount"] == 1
    qualifier = failing["NonCompliantResources"][0]["EvaluationResultIdentifier"]["EvaluationResultQualifier"]
    assert qualifier["ResourceId"] == "open-bucket"
    # Only a non-compliant rule costs a details call.
    assert "NonCompliantResources" not in passing.data and not passing.errors
    assert failing.evidence and passing.evidence


def test_unreadable_details_leave_the_summary_with_an_error(tmp_path: Path) -> None:
    client, recorder, stubber = _stubbed(tmp_path)
    stubber.add_response(
        "describe_compliance_by_config_rule", {"ComplianceByConfigRules": [_summary("r", "NON_COMPLIANT", 3)]}
    )
    stubber.add_client_error(
        "get_compliance_details_by_config_rule", "AccessDeniedException", http_status_code=400
    )
    with stubber:
        [summary] = list(RULE_COMPLIANCE.collect(_api(RULE_COMPLIANCE, client, recorder)))
    assert summary["Compliance"]["ComplianceType"] == "NON_COMPLIANT"
    assert "NonCompliantResources" in summary.errors


PACK_ARN = f"arn:aws:config:{REGION}:{ACCOUNT}:conformance-pack/OrgConformsPack-s3-abc/conformance-pack-x1"


def test_conformance_packs_with_state_and_rule_compliance(tmp_path: Path) -> None:
    client, recorder, stubber = _stubbed(tmp_path)
    name = "OrgConformsPack-s3-abc"
    detail = {"ConformancePackName": name, "ConformancePackArn": PACK_ARN, "ConformancePackId": "x1"}
    stubber.add_response("describe_conformance_packs", {"ConformancePackDetails": [detail]}, {})
    status = {
        **detail,
        "StackArn": "arn:stack",
        "ConformancePackState": "CREATE_COMPLETE",
        "LastUpdateRequestedTime": "2026-11-30T10:00:00Z",
    }
    stubber.add_response(
        "describe_conformance_pack_status",
        {"ConformancePackStatusDetails": [status]},
        {"ConformancePackNames": [name]},
    )
    first = {"ConfigRuleName": "s3-logging-x1", "ComplianceType": "NON_COMPLIANT", "Controls": []}
    second = {"ConfigRuleName": "s3-versioning-x1", "ComplianceType": "COMPLIANT", "Controls": []}
    stubber.add_response(
        "describe_conformance_pack_compliance",
        {"ConformancePackName": name, "ConformancePackRuleComplianceList": [first], "NextToken": "p2"},
        {"ConformancePackName": name},
    )
    stubber.add_response(
        "describe_conformance_pack_compliance",
        {"ConformancePackName": name, "ConformancePackRuleComplianceList": [second]},
        {"ConformancePackName": name, "NextToken": "p2"},
    )
    with stubber:
        [pack] = list(CONFORMANCE_PACKS.collect(_api(CONFORMANCE_PACKS, client, recorder)))
    stubber.assert_no_pending_responses()
    assert pack.resource_id == PACK_ARN and pack.name == name
    assert pack["Status"]["ConformancePackState"] == "CREATE_COMPLETE"
    assert [r["ConfigRuleName"] for r in pack["RuleCompliance"]] == ["s3-logging-x1", "s3-versioning-x1"]
    assert pack.evidence and not pack.errors
