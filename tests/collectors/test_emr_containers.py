"""EMR on EKS collector against moto: running virtual clusters with their recent job runs and each run's
configuration overrides."""

from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from scanner.aws.collect import collect_dataset
from scanner.aws.collectors.emr_containers import DATASETS
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder

[VIRTUAL_CLUSTERS] = DATASETS
REGION = "eu-west-1"
TO_S3 = {"monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": "s3://logs/emr-eks/"}}}


def test_virtual_clusters_with_recent_job_runs(tmp_path: Path) -> None:
    with mock_aws():
        emr = boto3.client("emr-containers", region_name=REGION)
        provider_info = {"type": "EKS", "id": "claims-eks", "info": {"eksInfo": {"namespace": "spark"}}}
        cluster = emr.create_virtual_cluster(name="claims", containerProvider=provider_info)
        job = {
            "virtualClusterId": cluster["id"],
            "executionRoleArn": "arn:aws:iam::123456789012:role/claims-spark",
            "releaseLabel": "emr-7.1.0-latest",
            "jobDriver": {"sparkSubmitJobDriver": {"entryPoint": "s3://code/etl.py"}},
        }
        emr.start_job_run(name="etl", configurationOverrides=TO_S3, **job)
        emr.start_job_run(name="adhoc", **job)
        provider = SessionProvider(boto3.Session(region_name=REGION), Recorder(EvidenceStore(tmp_path)))
        record = collect_dataset(provider, VIRTUAL_CLUSTERS, provider.caller().account_id, REGION)
    [found] = record.items
    assert found.resource_id == cluster["arn"] and found.name == "claims"
    runs = {r["name"]: r for r in found["RecentJobRuns"]}
    assert runs["etl"]["configurationOverrides"] == TO_S3 and "configurationOverrides" not in runs["adhoc"]
    assert found.data["JobRunsSince"] < found.data["ObservedAt"] and found.evidence and not found.errors
