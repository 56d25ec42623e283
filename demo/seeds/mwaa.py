"""Demo: Amazon MWAA (Airflow) environments (moto has none: answers the simulated accounts give, see
demo.simulated_apis). tenant-a's claims pipeline is private, logs everything and uses its own KMS key;
tenant-b's reporting scheduler serves its UI publicly, skips the web server logs and uses the AWS owned
key."""

from __future__ import annotations

from typing import Any

from checks.mwaa import LOG_TYPES as MWAA_LOG_TYPES
from demo.world import HOME, DemoWorld


def _airflow_environment(account: str, name: str, *, private: bool, key: str | None) -> dict[str, Any]:
    logging = {kind: {"Enabled": True, "LogLevel": "INFO"} for kind in MWAA_LOG_TYPES}
    if not private:
        logging["WebserverLogs"] = {"Enabled": False, "LogLevel": "INFO"}
    environment: dict[str, Any] = {
        "Name": name,
        "Arn": f"arn:aws:airflow:{HOME}:{account}:environment/{name}",
        "Status": "AVAILABLE",
        "AirflowVersion": "2.10.3",
        "WebserverAccessMode": "PRIVATE_ONLY" if private else "PUBLIC_ONLY",
        "LoggingConfiguration": logging,
        "ExecutionRoleArn": f"arn:aws:iam::{account}:role/{name}-execution",
        "SourceBucketArn": f"arn:aws:s3:::{name}-dags-{account}",
        "DagS3Path": "dags",
    }
    if key:
        environment["KmsKey"] = key
    return environment


def seed(world: DemoWorld) -> None:
    apis = world.apis
    apis.answer("mwaa", "ListEnvironments", {"Environments": []})
    environments = {
        "tenant-a": _airflow_environment(
            world.org.account_id("tenant-a"),
            "claims-pipeline",
            private=True,
            key=f"arn:aws:kms:{HOME}:{world.org.account_id('tenant-a')}:key/7f0e-demo-airflow",
        ),
        "tenant-b": _airflow_environment(
            world.org.account_id("tenant-b"), "reporting-scheduler", private=False, key=None
        ),
    }
    for tenant, environment in environments.items():
        account = world.org.account_id(tenant)
        listing = {"Environments": [environment["Name"]]}
        apis.answer("mwaa", "ListEnvironments", listing, account=account, region=HOME)
        apis.answer("mwaa", "GetEnvironment", {"Environment": environment}, account=account, region=HOME)
