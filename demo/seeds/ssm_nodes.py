"""Demo: Systems Manager managed nodes (moto has no fleet APIs: answers the simulated accounts give, see
demo.simulated_apis, read from moto's running instances when the scan asks). Every running instance is an
online managed node, patched and compliant with its associations, except tenant-a's legacy batch host (no
SSM Agent) and shared-services' bastion (missing critical patches, a failed association); the `ec2` seed
launches both. tenant-b left a hybrid activation open for weeks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from demo.seeds._lib.instances import running_instances
from demo.simulated_apis import SimulatedApis
from demo.world import DEMO_REGIONS, HOME, DemoWorld

# Demo scenario by instance Name tag: no SSM Agent, or which compliance types are NON_COMPLIANT.
WITHOUT_AGENT = {"legacy-batch"}
NON_COMPLIANT = {"bastion": {"Patch", "Association"}}


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            _answer_fleet(
                world.apis, world.org.account_id(name), region, session.client("ec2", region_name=region)
            )
    _hybrid_activations(world)


def _answer_fleet(apis: SimulatedApis, account: str, region: str, ec2: Any) -> None:
    def managed_nodes(_: Mapping[str, Any]) -> dict[str, Any]:
        nodes = [
            {
                "InstanceId": instance_id,
                "PingStatus": "Online",
                "ResourceType": "EC2Instance",
                "PlatformType": "Linux",
                "AgentVersion": "3.3.1142.0",
                "ComputerName": name or instance_id,
            }
            for instance_id, name in running_instances(ec2).items()
            if name not in WITHOUT_AGENT
        ]
        return {"InstanceInformationList": nodes}

    def compliance(params: Mapping[str, Any]) -> dict[str, Any]:
        kinds = [
            v for f in params.get("Filters", []) if f.get("Key") == "ComplianceType" for v in f["Values"]
        ]
        summaries = [
            _compliance_summary(instance_id, kind, kind in NON_COMPLIANT.get(name, set()))
            for instance_id, name in running_instances(ec2).items()
            if name not in WITHOUT_AGENT
            for kind in kinds or ["Patch", "Association"]
        ]
        return {"ResourceComplianceSummaryItems": summaries}

    apis.answer("ssm", "DescribeInstanceInformation", managed_nodes, account=account, region=region)
    apis.answer("ssm", "ListResourceComplianceSummaries", compliance, account=account, region=region)


def _compliance_summary(instance_id: str, kind: str, failing: bool) -> dict[str, Any]:
    counts = {"CriticalCount": 2, "HighCount": 5} if failing else {}
    return {
        "ComplianceType": kind,
        "ResourceType": "ManagedInstance",
        "ResourceId": instance_id,
        "Status": "NON_COMPLIANT" if failing else "COMPLIANT",
        "OverallSeverity": "CRITICAL" if failing else "UNSPECIFIED",
        "ExecutionSummary": {"ExecutionTime": dt.datetime.now(dt.UTC) - dt.timedelta(days=1)},
        "CompliantSummary": {"CompliantCount": 0 if failing else 40},
        "NonCompliantSummary": {"NonCompliantCount": 7 if failing else 0, "SeveritySummary": counts},
    }


def _hybrid_activations(world: DemoWorld) -> None:
    now = dt.datetime.now(dt.UTC)
    world.apis.answer("ssm", "DescribeActivations", {"ActivationList": []})
    for account, age_days, registered in (("shared-services", 10, 3), ("tenant-b", 20, 1)):
        account_id = world.org.account_id(account)
        activation = {
            "ActivationId": f"{account}-datacenter",
            "Description": "on-premises build agents",
            "DefaultInstanceName": f"{account}-onprem",
            "IamRole": "service-role/AmazonEC2RunCommandRoleForManagedInstances",
            "RegistrationLimit": 3,
            "RegistrationsCount": registered,
            "CreatedDate": now - dt.timedelta(days=age_days),
            "ExpirationDate": now + dt.timedelta(days=30 - age_days),
            "Expired": False,
        }
        world.apis.answer(
            "ssm", "DescribeActivations", {"ActivationList": [activation]}, account=account_id, region=HOME
        )
