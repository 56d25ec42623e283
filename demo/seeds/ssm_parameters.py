"""Demo: Systems Manager parameters. tenant-b keeps a database password in a plain String parameter next to a
harmless one; tenant-a keeps its API key as a SecureString."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    tenant_b = world.sessions["tenant-b"].client("ssm", region_name=HOME)
    tenant_b.put_parameter(Name="/app/db_password", Value="demo-only", Type="String")
    tenant_b.put_parameter(Name="/app/db_host", Value="db.tenant-b.internal", Type="String")
    world.sessions["tenant-a"].client("ssm", region_name=HOME).put_parameter(
        Name="/app/payments_api_key", Value="demo-only", Type="SecureString"
    )
