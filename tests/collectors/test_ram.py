"""RAM collectors. Owned shares against moto; received shares and invitations with botocore's Stubber,
because moto 5.2 implements neither GetResourceShares(resourceOwner=OTHER-ACCOUNTS) nor
GetResourceShareInvitations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.base import Api
from scanner.aws.collectors.ram import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

OWNED, RECEIVED = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"


def test_owned_shares_with_their_principals(tmp_path: Path) -> None:
    with mock_aws():
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        account = provider.caller().account_id
        arn = boto3.client("ram", region_name=REGION).create_resource_share(
            name="subnets", principals=["999999999999"], allowExternalPrincipals=True
        )["resourceShare"]["resourceShareArn"]
        [share] = collect_dataset(provider, OWNED, account, REGION).items
    assert share.resource_id == arn and share.name == "subnets"
    assert share.data["allowExternalPrincipals"] is True and share.data["status"] == "ACTIVE"
    assert [p["associatedEntity"] for p in share["Principals"]] == ["999999999999"]
    assert share.evidence and not share.errors


def test_received_shares_and_invitations_stubbed(tmp_path: Path) -> None:
    client = boto3.client("ram", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(client)
    share_arn = f"arn:aws:ram:{REGION}:222222222222:resource-share/s1"
    invitation_arn = f"arn:aws:ram:{REGION}:999999999999:resource-share-invitation/i1"
    stubber.add_response(
        "get_resource_shares",
        {
            "resourceShares": [
                {
                    "resourceShareArn": share_arn,
                    "name": "tgw",
                    "owningAccountId": "222222222222",
                    "status": "ACTIVE",
                }
            ]
        },
        {"resourceOwner": "OTHER-ACCOUNTS"},
    )
    stubber.add_response(
        "get_resource_share_invitations",
        {
            "resourceShareInvitations": [
                {
                    "resourceShareInvitationArn": invitation_arn,
                    "resourceShareName": "db",
                    "senderAccountId": "999999999999",
                    "status": "PENDING",
                }
            ]
        },
        {},
    )
    recorder = Recorder(EvidenceStore(tmp_path))
    api = Api(RECEIVED, lambda _service: client, recorder, account_id=ACCOUNT, region=REGION)
    with stubber:
        share, invitation = RECEIVED.collect(api)
    stubber.assert_no_pending_responses()
    expected: list[tuple[str, Any, str]] = [
        ("share", "222222222222", "tgw"),
        ("invitation", "999999999999", "db"),
    ]
    assert [(i.data["Kind"], i.data["FromAccount"], i.name) for i in (share, invitation)] == expected
    assert invitation.resource_id == invitation_arn
