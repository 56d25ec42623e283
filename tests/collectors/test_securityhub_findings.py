"""Security Hub critical control findings against moto. moto 5.2 ignores GetFindings filters and sort
order, so the test imports only findings that match them; the check re-judges each finding anyway. moto also
answers GetFindings when Security Hub is off (AWS answers InvalidAccessException), so the check reads the hub
from DescribeHub."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.securityhub_findings import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[CRITICAL_FINDINGS] = DATASETS
REGION = "eu-west-1"


def test_critical_control_findings_are_summarised(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        hub = boto3.client("securityhub", region_name=REGION)
        hub.enable_security_hub()
        hub.batch_import_findings(
            Findings=[
                {
                    "SchemaVersion": "2018-10-08",
                    "Id": "finding-1",
                    "ProductArn": f"arn:aws:securityhub:{REGION}::product/aws/securityhub",
                    "GeneratorId": "security-control/EC2.19",
                    "AwsAccountId": account,
                    "Types": ["Software and Configuration Checks"],
                    "CreatedAt": "2026-01-01T00:00:00Z",
                    "UpdatedAt": "2026-01-02T00:00:00Z",
                    "FirstObservedAt": "2026-01-01T00:00:00Z",
                    "Severity": {"Label": "CRITICAL"},
                    "Title": "Security groups should not allow unrestricted access to high-risk ports",
                    "Description": "demo",
                    "Resources": [{"Type": "AwsEc2SecurityGroup", "Id": "sg-1"}],
                    "Compliance": {"Status": "FAILED", "SecurityControlId": "EC2.19"},
                    "RecordState": "ACTIVE",
                    "Workflow": {"Status": "NEW"},
                }
            ]
        )
        [region_findings] = collect_dataset(provider, CRITICAL_FINDINGS, account, REGION).items
    [summary] = region_findings.data["Findings"]
    assert summary["ControlId"] == "EC2.19" and summary["ResourceIds"] == ["sg-1"]
    assert summary["SeverityLabel"] == "CRITICAL" and summary["WorkflowStatus"] == "NEW"
    assert region_findings.data["Truncated"] is False and region_findings.data["ObservedAt"]
    assert region_findings.evidence
