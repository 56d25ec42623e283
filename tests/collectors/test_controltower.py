"""Control Tower collector with botocore's Stubber: moto (5.2) has no Control Tower, so ListLandingZones and
GetLandingZone are stubbed in their wire shape and the collector runs through the ordinary Api."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.base import Api
from scanner.aws.collectors.controltower import DATASETS
from scanner.evidence import EvidenceStore, Recorder

[LANDING_ZONES] = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
ARN = f"arn:aws:controltower:{REGION}:{ACCOUNT}:landingzone/1A2B3C4D5E6F7G8H"


def test_landing_zone_with_status_and_drift(tmp_path: Path) -> None:
    client = boto3.client(
        "controltower", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    recorder.attach(client, ACCOUNT)
    stubber = Stubber(client)
    stubber.add_response("list_landing_zones", {"landingZones": [{"arn": ARN}]}, {})
    detail = {
        "arn": ARN,
        "version": "3.3",
        "status": "ACTIVE",
        "driftStatus": {"status": "DRIFTED"},
        "manifest": {},
    }
    stubber.add_response("get_landing_zone", {"landingZone": detail}, {"landingZoneIdentifier": ARN})
    with stubber:
        api = Api(LANDING_ZONES, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
        [zone] = list(LANDING_ZONES.collect(api))
    stubber.assert_no_pending_responses()
    assert zone.resource_id == ARN and zone.name == "1A2B3C4D5E6F7G8H"
    assert zone["LandingZone"]["driftStatus"]["status"] == "DRIFTED" and zone.evidence
