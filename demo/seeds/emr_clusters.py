"""Demo: EMR clusters. Block public access is on in every account and region with only SSH excepted, but
tenant-b's home region also lets clusters open JupyterHub (9443) to the internet. tenant-a's claims-etl
cluster runs 7.x with an encrypting security configuration and archives its logs encrypted under its own KMS
key; tenant-b's legacy-hive cluster runs 6.10 without security configuration or logs."""

from __future__ import annotations

import json
from typing import Any

from demo.world import DEMO_REGIONS, HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    tenant_a, tenant_b = world.sessions["tenant-a"], world.sessions["tenant-b"]
    _block_public_access(world)
    _cluster(tenant_a, "claims-etl", "emr-7.1.0", secure=True)
    _cluster(tenant_b, "legacy-hive", "emr-6.10.0", secure=False)
    _encrypted_logs(world, "tenant-a", "claims-etl")


def _block_public_access(world: DemoWorld) -> None:
    """(moto 5.2 stores BlockPublicSecurityGroupRules=false as true, so "off" cannot be shown.)"""
    ssh = {"MinRange": 22, "MaxRange": 22}
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            exceptions = (
                [ssh, {"MinRange": 9443, "MaxRange": 9443}] if (name, region) == ("tenant-b", HOME) else [ssh]
            )
            session.client("emr", region_name=region).put_block_public_access_configuration(
                BlockPublicAccessConfiguration={
                    "BlockPublicSecurityGroupRules": True,
                    "PermittedPublicSecurityGroupRuleRanges": exceptions,
                }
            )


def _cluster(session: Any, name: str, release: str, *, secure: bool) -> None:
    """A long-running cluster; `secure` adds an encrypting security configuration and a log URI."""
    emr = session.client("emr", region_name=HOME)
    settings: dict[str, Any] = {}
    if secure:
        encryption = {
            "EncryptionConfiguration": {
                "EnableAtRestEncryption": True,
                "EnableInTransitEncryption": True,
                "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}},
            }
        }
        emr.create_security_configuration(
            Name=f"{name}-encrypted", SecurityConfiguration=json.dumps(encryption)
        )
        account = session.client("sts").get_caller_identity()["Account"]
        settings = {
            "SecurityConfiguration": f"{name}-encrypted",
            "LogUri": f"s3://emr-logs-{account}/{name}/",
        }
    emr.run_job_flow(
        Name=name,
        ReleaseLabel=release,
        Instances={
            "MasterInstanceType": "m5.xlarge",
            "InstanceCount": 1,
            "KeepJobFlowAliveWhenNoSteps": True,
        },
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        **settings,
    )


def _encrypted_logs(world: DemoWorld, account_name: str, cluster_name: str) -> None:
    """Encrypt the cluster's archived logs with a key of its own. moto 5.2 does not take LogEncryptionKmsKeyId
    in RunJobFlow, so the key is set on moto's cluster record."""
    from moto.emr.models import emr_backends

    session = world.sessions[account_name]
    key = session.client("kms", region_name=HOME).create_key(Description=f"EMR logs of {cluster_name}")
    account = world.org.account_id(account_name)
    clusters = emr_backends[account][HOME].clusters.values()
    [cluster] = [c for c in clusters if c.name == cluster_name]
    # moto serialises DescribeCluster from the record's attributes, so the new one is answered as the field.
    setattr(cluster, "log_encryption_kms_key_id", key["KeyMetadata"]["Arn"])  # noqa: B010 - not in moto's model
