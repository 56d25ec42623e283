"""RDS parameter groups against moto: instance and cluster groups with the TLS parameters they set."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.rds_parameters import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[PARAMETER_GROUPS] = DATASETS
REGION = "eu-west-1"


def test_instance_and_cluster_groups_with_their_tls_parameters(tmp_path: Path) -> None:
    with mock_aws():
        rds = boto3.client("rds", region_name=REGION)
        rds.create_db_parameter_group(
            DBParameterGroupName="orders-pg", DBParameterGroupFamily="postgres16", Description="orders"
        )
        rds.modify_db_parameter_group(
            DBParameterGroupName="orders-pg",
            Parameters=[
                {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"},
                {"ParameterName": "log_connections", "ParameterValue": "1", "ApplyMethod": "immediate"},
            ],
        )
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName="ledger-cpg",
            DBParameterGroupFamily="aurora-mysql8.0",
            Description="l",
        )
        rds.modify_db_cluster_parameter_group(
            DBClusterParameterGroupName="ledger-cpg",
            Parameters=[
                {
                    "ParameterName": "require_secure_transport",
                    "ParameterValue": "ON",
                    "ApplyMethod": "immediate",
                }
            ],
        )
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, PARAMETER_GROUPS, provider.caller().account_id, REGION)
    found = {(i.data["Kind"], i.name): i for i in record.items}
    orders = found["instance", "orders-pg"]
    assert orders["TlsParameters"] == {"rds.force_ssl": "1"} and orders.resource_id.endswith(":pg:orders-pg")
    assert found["cluster", "ledger-cpg"]["TlsParameters"] == {"require_secure_transport": "ON"}
    assert orders.evidence and not orders.errors
