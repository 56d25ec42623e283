"""DMS collector against moto: replication instances with their public accessibility and storage key."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors.dms import DATASETS as DMS_DATASETS
from scanner.datasets import Dataset
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

(REPLICATION_INSTANCES,) = DMS_DATASETS


REGION = "eu-west-1"


def _collect(tmp_path: Path, dataset: Dataset) -> DatasetRecord:
    return collect_in_moto(tmp_path, dataset, REGION)


def test_replication_instances_with_exposure_and_key(tmp_path: Path) -> None:
    with mock_aws():
        assert _collect(tmp_path / "none", REPLICATION_INSTANCES).items == ()
        dms = boto3.client("dms", region_name=REGION)
        dms.create_replication_instance(
            ReplicationInstanceIdentifier="private-one",
            ReplicationInstanceClass="dms.t3.medium",
            PubliclyAccessible=False,
            KmsKeyId=f"arn:aws:kms:{REGION}:123456789012:key/cmk",
        )
        dms.create_replication_instance(
            ReplicationInstanceIdentifier="public-one",
            ReplicationInstanceClass="dms.t3.medium",
            PubliclyAccessible=True,
        )
        record = _collect(tmp_path, REPLICATION_INSTANCES)
    by_name = {instance.name: instance for instance in record.items}
    assert set(by_name) == {"private-one", "public-one"}
    assert by_name["private-one"].resource_id.startswith(f"arn:aws:dms:{REGION}:")
    assert by_name["private-one"].data["PubliclyAccessible"] is False
    assert by_name["public-one"].data["PubliclyAccessible"] is True
    assert by_name["private-one"].data["KmsKeyId"].endswith(":key/cmk")
