"""EMR collectors against moto: active clusters with their detail and the security configuration they
name (parsed), and the region's block public access configuration."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.emr_clusters import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder
from scanner.inventory import DatasetRecord

CLUSTERS, BLOCK_PUBLIC_ACCESS = DATASETS
REGION = "eu-west-1"
ENCRYPTED = {"EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": True}}


def _collect(tmp_path: Path, dataset: object) -> DatasetRecord:
    provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
    return collect_dataset(provider, dataset, provider.caller().account_id, REGION)  # type: ignore[arg-type]


def test_active_clusters_with_their_security_configuration(tmp_path: Path) -> None:
    with mock_aws():
        emr = boto3.client("emr", region_name=REGION)
        emr.create_security_configuration(Name="encrypted", SecurityConfiguration=json.dumps(ENCRYPTED))
        instances = {
            "MasterInstanceType": "m5.xlarge",
            "InstanceCount": 1,
            "KeepJobFlowAliveWhenNoSteps": True,
        }
        running = emr.run_job_flow(
            Name="claims-etl",
            ReleaseLabel="emr-7.1.0",
            Instances=instances,
            JobFlowRole="EMR_EC2_DefaultRole",
            ServiceRole="EMR_DefaultRole",
            SecurityConfiguration="encrypted",
            LogUri="s3://logs/emr/",
        )["JobFlowId"]
        done = emr.run_job_flow(
            Name="old", ReleaseLabel="emr-5.36.0", Instances=instances, JobFlowRole="r", ServiceRole="s"
        )["JobFlowId"]
        emr.terminate_job_flows(JobFlowIds=[done])
        clusters = _collect(tmp_path, CLUSTERS)
    [cluster] = clusters.items
    assert cluster.resource_id.endswith(f":cluster/{running}") and cluster.name == "claims-etl"
    assert cluster["Cluster"]["SecurityConfiguration"] == "encrypted"
    assert (
        cluster["Cluster"]["LogUri"] == "s3://logs/emr/" and cluster["Cluster"]["ReleaseLabel"] == "emr-7.1.0"
    )
    assert cluster["SecurityConfigurationDocument"] == ENCRYPTED and cluster.evidence and not cluster.errors


def test_block_public_access_configuration(tmp_path: Path) -> None:
    with mock_aws():
        boto3.client("emr", region_name=REGION).put_block_public_access_configuration(
            BlockPublicAccessConfiguration={
                "BlockPublicSecurityGroupRules": True,
                "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}],
            }
        )
        record = _collect(tmp_path, BLOCK_PUBLIC_ACCESS)
    [setting] = record.items
    assert setting.data["BlockPublicAccessConfiguration"]["BlockPublicSecurityGroupRules"] is True
    assert setting.name == REGION and setting.evidence
