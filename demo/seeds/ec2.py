"""Demo: EC2. EBS encryption by default is on everywhere except shared-services' second region. The workload
instances run in the home region: tenant-a's web-1 and legacy-batch, shared-services' bastion; the Systems
Manager and Inspector seeds answer for them by their Name tags (`ssm_nodes`, `inspector_findings`)."""

from __future__ import annotations

from demo.world import DEMO_REGIONS, HOME, DemoWorld, base_image_id

INSTANCES = {"tenant-a": ("web-1", "legacy-batch"), "shared-services": ("bastion",)}


def seed(world: DemoWorld) -> None:
    for name, session in world.sessions.items():
        for region in DEMO_REGIONS:
            # shared-services never turned EBS encryption by default on in its second region.
            if not (name == "shared-services" and region != HOME):
                session.client("ec2", region_name=region).enable_ebs_encryption_by_default()
    image = base_image_id()
    for account, names in INSTANCES.items():
        ec2 = world.sessions[account].client("ec2", region_name=HOME)
        for name in names:
            tags = [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}]
            ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, TagSpecifications=tags)
