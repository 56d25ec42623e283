"""Demo: Amazon Inspector administered from the security account. EC2 and ECR scanning are on in every
account and region, but networking's eu-west-2 scans no ECR images; shared-services is not a member. The
security account auto-enables EC2 and ECR scanning for new accounts in us-east-1, but only EC2 scanning in
eu-west-2. Lambda scanning is on only in tenant-a, where the `lambda_functions` seed's functions run (other
accounts' functions are not scanned)."""

from __future__ import annotations

from demo.world import DEMO_REGIONS, HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    for region in DEMO_REGIONS:
        administrator = world.sessions["security"].client("inspector2", region_name=region)
        for name, session in world.sessions.items():
            account = world.org.account_id(name)
            types = ["EC2"] if name == "networking" and region == "eu-west-2" else ["EC2", "ECR"]
            session.client("inspector2", region_name=region).enable(accountIds=[account], resourceTypes=types)
            if name not in ("security", "shared-services"):
                administrator.associate_member(accountId=account)
        administrator.update_organization_configuration(autoEnable={"ec2": True, "ecr": region == HOME})
    world.sessions["tenant-a"].client("inspector2", region_name=HOME).enable(
        accountIds=[world.org.account_id("tenant-a")], resourceTypes=["LAMBDA"]
    )
