"""Demo: a Glue database per tenant whose tables live in the tenant's data bucket (Athena's source data)."""

from __future__ import annotations

from demo.world import HOME, DemoWorld

TENANTS = ("tenant-a", "tenant-b")


def seed(world: DemoWorld) -> None:
    for name in TENANTS:
        glue = world.sessions[name].client("glue", region_name=HOME)
        bucket = f"{name}-data-{world.org.account_id(name)}"
        glue.create_database(DatabaseInput={"Name": "sales"})
        glue.create_table(
            DatabaseName="sales",
            TableInput={
                "Name": "orders",
                "StorageDescriptor": {
                    "Columns": [{"Name": "order_id", "Type": "string"}, {"Name": "amount", "Type": "double"}],
                    "Location": f"s3://{bucket}/orders/",
                },
                "TableType": "EXTERNAL_TABLE",
            },
        )
