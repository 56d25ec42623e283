"""Demo: settings of the security services the guardduty and security_services seeds set up (this module
sorts after both), with realistic gaps. GuardDuty: shared-services never turned on malware protection,
tenant-b's eu-west-2 detector has runtime monitoring off, networking still runs the EKS-only runtime
monitoring it adopted first. The security account auto-enables Security Hub for new accounts (moto keeps one
organization configuration for all regions) and Inspector EC2 and ECR scanning in us-east-1, but only EC2
scanning in eu-west-2.

Not seeded (moto lacks the operations): Security Hub standards and Macie's organization configuration."""

from __future__ import annotations

from demo.world import DEMO_REGIONS, DemoWorld

ON, OFF = "ENABLED", "DISABLED"


def seed(world: DemoWorld) -> None:
    _seed_guardduty_features(world)
    _seed_auto_enable(world)


def _seed_guardduty_features(world: DemoWorld) -> None:
    for region in DEMO_REGIONS:
        for name, session in world.sessions.items():
            malware = OFF if name == "shared-services" else ON
            runtime = OFF if name == "tenant-b" and region == "eu-west-2" else ON
            runtime_feature = "EKS_RUNTIME_MONITORING" if name == "networking" else "RUNTIME_MONITORING"
            features = [
                {"Name": "EBS_MALWARE_PROTECTION", "Status": malware},
                {"Name": runtime_feature, "Status": runtime},
            ]
            client = session.client("guardduty", region_name=region)
            for detector_id in client.list_detectors()["DetectorIds"]:
                client.update_detector(DetectorId=detector_id, Features=features)


def _seed_auto_enable(world: DemoWorld) -> None:
    security = world.sessions["security"]
    security.client("securityhub", region_name="us-east-1").update_organization_configuration(AutoEnable=True)
    for region in DEMO_REGIONS:
        security.client("inspector2", region_name=region).update_organization_configuration(
            autoEnable={"ec2": True, "ecr": region == "us-east-1"}
        )
