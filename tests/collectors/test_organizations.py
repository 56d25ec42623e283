"""Organizations collectors against moto: delegated administrators with their services, and account tags in
the organization tree with whether they could be read."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors import organizations
from scanner.aws.collectors.organizations import TREE
from scanner.aws.sessions import SessionProvider
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord
from scanner.model import GLOBAL_REGION
from scanner.org import build_tree
from tests.builders import aws_error
from tests.collectors.harness import collect_in_moto

US_EAST_1 = "us-east-1"


def _collect(tmp_path: Path, dataset: Dataset, region: str = US_EAST_1) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, region, home_region=US_EAST_1)


def test_delegated_administrators_with_their_services(tmp_path: Path) -> None:
    with mock_aws():
        org = boto3.client("organizations", region_name=US_EAST_1)
        org.create_organization(FeatureSet="ALL")
        account = org.create_account(AccountName="security", Email="s@example.com")["CreateAccountStatus"]
        org.register_delegated_administrator(
            AccountId=account["AccountId"], ServicePrincipal="macie.amazonaws.com"
        )
        record = _collect(tmp_path, organizations.DELEGATED_ADMINS, "global")
    [admin] = record.items
    assert admin.name == account["AccountId"] and admin["Services"] == ["macie.amazonaws.com"]


def test_account_tags_and_whether_they_could_be_read(tmp_path: Path) -> None:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        org = session.client("organizations")
        org.create_organization(FeatureSet="ALL")
        account = org.create_account(AccountName="tenant", Email="t@example.com")["CreateAccountStatus"]
        org.tag_resource(ResourceId=account["AccountId"], Tags=[{"Key": "Owner", "Value": "claims"}])
        provider = SessionProvider(session, Recorder(EvidenceStore(tmp_path)))
        caller = provider.caller().account_id
        tree = build_tree(collect_dataset(provider, TREE, caller, GLOBAL_REGION))
        denying = boto3.Session(region_name="us-east-1")
        denying.events.register(
            "before-call.organizations.ListTagsForResource", aws_error("AccessDenied", 403)
        )
        denied_provider = SessionProvider(denying, Recorder(EvidenceStore(tmp_path / "denied")))
        denied = build_tree(collect_dataset(denied_provider, TREE, caller, GLOBAL_REGION))
    assert tree.accounts[account["AccountId"]].tags == {"Owner": "claims"}
    assert tree.nodes[account["AccountId"]].tags_readable
    assert not denied.nodes[account["AccountId"]].tags_readable
