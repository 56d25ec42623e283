"""AWS Backup coverage collectors with botocore's Stubber: moto (5.2) has no ListBackupSelections,
GetBackupVaultAccessPolicy or ListProtectedResources, so their answers (and the tagging API's, to keep the
pairing in one place) are stubbed in their wire shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

from scanner.aws.collectors.backup_coverage import DATASETS
from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import Item

SELECTIONS, VAULT_POLICIES, REQUIRED = DATASETS
REGION = "eu-west-1"
ACCOUNT = "111111111111"
PLAN_ARN = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:plan-1"
TABLE = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
BUCKET = "arn:aws:s3:::claims-data"


def _client(service: str, recorder: Recorder) -> Any:
    client = boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    recorder.attach(client, ACCOUNT)
    return client


def _collect(dataset: Dataset, recorder: Recorder, clients: dict[str, Any]) -> list[Item]:
    api = Api(dataset, lambda service: clients[service], recorder, account_id=ACCOUNT, region=REGION)
    return list(dataset.collect(api))


def test_plans_with_their_selections(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path))
    backup = _client("backup", recorder)
    stubber = Stubber(backup)
    plan = {"BackupPlanArn": PLAN_ARN, "BackupPlanId": "plan-1", "BackupPlanName": "daily"}
    stubber.add_response("list_backup_plans", {"BackupPlansList": [plan]}, {})
    selection = {"SelectionId": "sel-1", "SelectionName": "tagged", "BackupPlanId": "plan-1"}
    stubber.add_response(
        "list_backup_selections", {"BackupSelectionsList": [selection]}, {"BackupPlanId": "plan-1"}
    )
    with stubber:
        [collected] = _collect(SELECTIONS, recorder, {"backup": backup})
    stubber.assert_no_pending_responses()
    assert collected.resource_id == PLAN_ARN and collected.name == "daily"
    assert [s["SelectionName"] for s in collected["Selections"]] == ["tagged"]
    assert collected.evidence and not collected.errors


def test_vault_policies_with_no_policy_as_data(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path))
    backup = _client("backup", recorder)
    stubber = Stubber(backup)
    vaults = [
        {
            "BackupVaultName": n,
            "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{n}",
            "Locked": True,
        }
        for n in ("central", "bare")
    ]
    stubber.add_response("list_backup_vaults", {"BackupVaultList": vaults}, {})
    stubber.add_response(
        "get_backup_vault_access_policy",
        {"BackupVaultName": "central", "Policy": '{"Statement": []}'},
        {"BackupVaultName": "central"},
    )
    stubber.add_client_error(
        "get_backup_vault_access_policy",
        "ResourceNotFoundException",
        "Backup Vault bare has no associated POLICY",
        expected_params={"BackupVaultName": "bare"},
    )
    with stubber:
        central, bare = _collect(VAULT_POLICIES, recorder, {"backup": backup})
    assert central["AccessPolicy"] == '{"Statement": []}' and central.data["Locked"] is True
    assert bare["AccessPolicy"] is None and not bare.errors


def test_required_resources_paired_with_protection(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path))
    backup, tagging = _client("backup", recorder), _client("resourcegroupstaggingapi", recorder)
    backup_stub, tagging_stub = Stubber(backup), Stubber(tagging)
    tagging_stub.add_response(
        "get_resources",
        {"ResourceTagMappingList": [{"ResourceARN": TABLE}, {"ResourceARN": BUCKET}]},
        {"TagFilters": [{"Key": "backup", "Values": ["required"]}]},
    )
    protected = {"ResourceArn": TABLE, "ResourceType": "DynamoDB", "LastBackupTime": "2026-11-30T05:00:00Z"}
    backup_stub.add_response("list_protected_resources", {"Results": [protected]}, {})
    with backup_stub, tagging_stub:
        table, bucket = _collect(REQUIRED, recorder, {"backup": backup, "resourcegroupstaggingapi": tagging})
    assert table.name == "orders" and table.data["Protection"]["ResourceType"] == "DynamoDB"
    assert bucket.name == "claims-data" and bucket.data["Protection"] is None


def test_no_tagged_resources_skips_the_protected_resources_call(tmp_path: Path) -> None:
    recorder = Recorder(EvidenceStore(tmp_path))
    tagging = _client("resourcegroupstaggingapi", recorder)
    stubber = Stubber(tagging)
    stubber.add_response("get_resources", {"ResourceTagMappingList": []})
    with stubber:
        assert _collect(REQUIRED, recorder, {"resourcegroupstaggingapi": tagging}) == []
