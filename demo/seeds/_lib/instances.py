"""The instances the simulated answers about EC2 instances (Systems Manager, Inspector) describe."""

from __future__ import annotations

from typing import Any


def running_instances(ec2: Any) -> dict[str, str]:
    """Running instance id -> Name tag, read from moto. An answer calls this when the scan asks, so it sees
    every instance the seeds launched, whichever seed ran first."""
    running = ec2.describe_instances(Filters=[{"Name": "instance-state-name", "Values": ["running"]}])
    return {
        instance["InstanceId"]: {t["Key"]: t["Value"] for t in instance.get("Tags", [])}.get("Name", "")
        for reservation in running["Reservations"]
        for instance in reservation["Instances"]
    }
