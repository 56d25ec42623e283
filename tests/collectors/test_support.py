"""Trusted Advisor collector with botocore's Stubber: moto (5.2) has no DescribeTrustedAdvisorCheckResult, so
both Support API answers are stubbed in their wire shape and the collector runs through the ordinary Api."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.support import DATASETS
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

[SECURITY_CHECKS] = DATASETS
ACCOUNT = "111111111111"


def _checks(name: str, category: str, check_id: str) -> dict[str, Any]:
    return {"id": check_id, "name": name, "description": "...", "category": category, "metadata": []}


def _collect(tmp_path: Path, stubber_setup: Any) -> list[Item]:
    client = boto3.client(
        "support", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    stubber_setup(stubber)
    with stubber:
        api = Api(SECURITY_CHECKS, lambda _service: client, recorder, account_id=ACCOUNT, region="us-east-1")
        items = list(SECURITY_CHECKS.collect(api))
    stubber.assert_no_pending_responses()
    return items


def test_security_checks_with_their_latest_result(tmp_path: Path) -> None:
    def setup(stubber: Stubber) -> None:
        listing = [
            _checks("Security Groups - Specific Ports Unrestricted", "security", "HCP4007jGY"),
            _checks("Low Utilization Amazon EC2 Instances", "cost_optimizing", "Qch7DwouX1"),
        ]
        stubber.add_response("describe_trusted_advisor_checks", {"checks": listing}, {"language": "en"})
        result = {
            "checkId": "HCP4007jGY",
            "timestamp": "2026-11-30T06:00:00Z",
            "status": "error",
            "resourcesSummary": {
                "resourcesProcessed": 4,
                "resourcesFlagged": 1,
                "resourcesIgnored": 0,
                "resourcesSuppressed": 0,
            },
            "categorySpecificSummary": {},
            "flaggedResources": [{"status": "error", "resourceId": "sg-1", "metadata": ["sg-1"]}],
        }
        stubber.add_response(
            "describe_trusted_advisor_check_result",
            {"result": result},
            {"checkId": "HCP4007jGY", "language": "en"},
        )

    [only_security] = _collect(tmp_path, setup)
    assert only_security.data["Id"] == "HCP4007jGY" and only_security.data["Available"] is True
    assert only_security["Result"]["status"] == "error"
    assert only_security["Result"]["flaggedResourceCount"] == 1
    assert "flaggedResources" not in only_security["Result"]


def test_no_support_plan_is_recorded_not_an_error(tmp_path: Path) -> None:
    def setup(stubber: Stubber) -> None:
        stubber.add_client_error(
            "describe_trusted_advisor_checks", "SubscriptionRequiredException", http_status_code=400
        )

    [marker] = _collect(tmp_path, setup)
    assert marker.data == {"Available": False} and not marker.errors
