"""Demo: EKS clusters. tenant-a's is hardened (private endpoint, every control-plane log, secrets envelope
encryption); shared-services' is limited to the office range but has no authenticator logs; tenant-b's
leaves every default open."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.network import default_network
from demo.world import HOME, DemoWorld

OFFICE_CIDR = "198.51.100.0/24"


def seed(world: DemoWorld) -> None:
    _hardened_eks_cluster(world)
    _office_eks_cluster(world)
    _default_eks_cluster(world)


def _eks_cluster(world: DemoWorld, account: str, name: str, **settings: Any) -> None:
    subnet, group = default_network(world.sessions[account])
    vpc_config = {"subnetIds": [subnet], "securityGroupIds": [group], **settings.pop("vpc", {})}
    world.sessions[account].client("eks", region_name=HOME).create_cluster(
        name=name,
        roleArn=f"arn:aws:iam::{world.org.account_id(account)}:role/eks-cluster",
        resourcesVpcConfig=vpc_config,
        **settings,
    )


def _secrets_key(world: DemoWorld, account: str) -> str:
    kms = world.sessions[account].client("kms", region_name=HOME)
    arn: str = kms.create_key(Description="EKS secrets envelope encryption")["KeyMetadata"]["Arn"]
    return arn


def _hardened_eks_cluster(world: DemoWorld) -> None:
    key = _secrets_key(world, "tenant-a")
    _eks_cluster(
        world,
        "tenant-a",
        "payments-eks",
        vpc={"endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
    )


def _office_eks_cluster(world: DemoWorld) -> None:
    key = _secrets_key(world, "shared-services")
    _eks_cluster(
        world,
        "shared-services",
        "platform-tools",
        vpc={"endpointPublicAccess": True, "endpointPrivateAccess": True, "publicAccessCidrs": [OFFICE_CIDR]},
        logging={"clusterLogging": [{"types": ["audit"], "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
    )


def _default_eks_cluster(world: DemoWorld) -> None:
    _eks_cluster(
        world,
        "tenant-b",
        "analytics",
        vpc={"endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]},
    )
