"""Demo: EMR on EKS. tenant-a's virtual cluster runs its nightly Spark job with logs going to S3; tenant-b's
ad-hoc job has no log destination."""

from __future__ import annotations

from typing import Any

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    _emr_on_eks_job(world.sessions["tenant-a"], "claims-spark", log_uri="s3://emr-eks-logs-claims/")
    _emr_on_eks_job(world.sessions["tenant-b"], "adhoc-spark", log_uri=None)


def _emr_on_eks_job(session: Any, name: str, *, log_uri: str | None) -> None:
    """A virtual cluster on the tenant's EKS namespace with one Spark job run, logging to `log_uri` if set."""
    emr = session.client("emr-containers", region_name=HOME)
    provider = {"type": "EKS", "id": f"{name}-eks", "info": {"eksInfo": {"namespace": "spark"}}}
    cluster = emr.create_virtual_cluster(name=name, containerProvider=provider)
    account = session.client("sts").get_caller_identity()["Account"]
    overrides = (
        {"monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": log_uri}}} if log_uri else {}
    )
    emr.start_job_run(
        name=f"{name}-nightly",
        virtualClusterId=cluster["id"],
        executionRoleArn=f"arn:aws:iam::{account}:role/{name}-job",
        releaseLabel="emr-7.1.0-latest",
        jobDriver={"sparkSubmitJobDriver": {"entryPoint": f"s3://{name}-code/nightly.py"}},
        **({"configurationOverrides": overrides} if overrides else {}),
    )
