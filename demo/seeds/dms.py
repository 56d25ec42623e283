"""Demo: DMS replication instances. tenant-a migrates through a private instance under its own KMS key;
tenant-b's instance is publicly accessible and uses the AWS managed key."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    _replication_instance(world, "tenant-a", private=True)
    _replication_instance(world, "tenant-b", private=False)


def _replication_instance(world: DemoWorld, tenant: str, *, private: bool) -> None:
    session = world.sessions[tenant]
    if private:
        key = session.client("kms", region_name=HOME).create_key(Description="DMS replication storage")
        key_id = key["KeyMetadata"]["Arn"]
    else:
        # The key DMS picks when none is given: the account's AWS managed aws/dms key.
        key_id = "alias/aws/dms"
    session.client("dms", region_name=HOME).create_replication_instance(
        ReplicationInstanceIdentifier=f"{tenant}-orders-migration",
        ReplicationInstanceClass="dms.t3.medium",
        PubliclyAccessible=not private,
        KmsKeyId=key_id,
    )
