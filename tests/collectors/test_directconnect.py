"""Direct Connect connections with their MACsec fields, collected against moto."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collectors import directconnect
from scanner.inventory import DatasetRecord
from tests.collectors.harness import collect_in_moto

BY_NAME = {d.name: d for d in directconnect.DATASETS}


REGION = "eu-west-1"


def _collect(directory: Path, name: str) -> DatasetRecord:
    return collect_in_moto(directory, BY_NAME[name], REGION)


def test_direct_connect_connections_with_macsec_fields(tmp_path: Path) -> None:
    with mock_aws():
        directconnect = boto3.client("directconnect", region_name=REGION)
        directconnect.create_connection(
            location="EqLD5", bandwidth="10Gbps", connectionName="dc-primary", requestMACSec=True
        )
        record = _collect(tmp_path, "directconnect.connections")
    [connection] = record.items
    assert connection.name == "dc-primary" and ":directconnect:" in connection.resource_id
    assert connection.data["macSecCapable"] is True and connection.data["encryptionMode"] == "must_encrypt"
    assert connection.data["portEncryptionStatus"] == "Encryption Down"
