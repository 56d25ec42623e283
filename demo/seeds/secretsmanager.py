"""Demo: Secrets Manager. tenant-a's Snowflake credentials and shared-services' CI deploy token rotate every
30 days; tenant-b's Hive metastore credentials never rotate."""

from __future__ import annotations

from demo.world import HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    rotating = (("tenant-a", "tenant-a/snowflake-credentials"), ("shared-services", "shared/ci-deploy-token"))
    for name, secret in rotating:
        client = world.sessions[name].client("secretsmanager", region_name=HOME)
        client.create_secret(Name=secret, SecretString='{"user": "svc", "password": "demo-only"}')
        client.rotate_secret(SecretId=secret, RotationRules={"AutomaticallyAfterDays": 30})
    world.sessions["tenant-b"].client("secretsmanager", region_name=HOME).create_secret(
        Name="tenant-b/hive-metastore", SecretString='{"user": "hive", "password": "demo-only"}'
    )
