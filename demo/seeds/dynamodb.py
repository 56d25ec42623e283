"""Demo: the tenants' shipment-tracking tables. tenant-a's has point-in-time recovery and a KMS key;
tenant-b's has neither (it keeps the default AWS owned key)."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def tracking_table(tenant: str) -> str:
    return f"{tenant}-shipment-tracking"


def seed(world: DemoWorld) -> None:
    _tracking_table(world, "tenant-a", pitr=True)
    _tracking_table(world, "tenant-b", pitr=False)


def _tracking_table(world: DemoWorld, tenant: str, *, pitr: bool) -> None:
    dynamodb = world.sessions[tenant].client("dynamodb", region_name=HOME)
    name = tracking_table(tenant)
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "shipment_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "shipment_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        # The well-run tenant also chose a KMS key; the other kept the default AWS owned key.
        **({"SSESpecification": {"Enabled": True, "SSEType": "KMS"}} if pitr else {}),
    )
    if pitr:
        dynamodb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )
