"""ECS clusters have Container Insights on; ECS services assign no public IP to their tasks."""

from __future__ import annotations

from typing import Any

from checks.ecs_clusters import container_insights, fargate_platform_latest, no_public_ip
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

CLUSTERS = "ecs.clusters"
SERVICES = "ecs.services"


def cluster(insights: str | None) -> Item:
    settings = {} if insights is None else {"containerInsights": insights}
    return item(f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod", {"Settings": settings})


def service(network: dict[str, Any]) -> Item:
    arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/prod/web"
    return item(arn, {"NetworkConfiguration": network})


def awsvpc(**config: str) -> dict[str, Any]:
    return {"awsvpcConfiguration": {"subnets": ["subnet-1"], **config}}


def test_container_insights_passes_enabled_or_enhanced_fails_otherwise_errors_when_unreadable() -> None:
    for value in ("enabled", "enhanced"):
        [result] = run_check(container_insights, InventoryBuilder().add(CLUSTERS, [cluster(value)]))
        assert result.status is Status.PASS and value in result.message
    for value in ("disabled", None):
        [result] = run_check(container_insights, InventoryBuilder().add(CLUSTERS, [cluster(value)]))
        assert result.status is Status.FAIL
    denied = InventoryBuilder().unavailable(CLUSTERS)
    assert statuses(run_check(container_insights, denied)) == ["ERROR"]


def services(network: dict[str, Any]) -> InventoryBuilder:
    return InventoryBuilder().add(SERVICES, [service(network)])


def test_no_public_ip_fails_enabled_passes_disabled_or_default() -> None:
    [public] = run_check(no_public_ip, services(awsvpc(assignPublicIp="ENABLED")))
    assert public.status is Status.FAIL and "public IP" in public.message
    for network in (awsvpc(assignPublicIp="DISABLED"), awsvpc()):
        assert statuses(run_check(no_public_ip, services(network))) == ["PASS"]


def test_no_public_ip_is_not_applicable_without_awsvpc_and_errors_when_unreadable() -> None:
    assert statuses(run_check(no_public_ip, services({}))) == ["NOT_APPLICABLE"]
    assert statuses(run_check(no_public_ip, InventoryBuilder().unavailable(SERVICES))) == ["ERROR"]


def fargate(**data: Any) -> InventoryBuilder:
    body = {"LaunchType": "FARGATE", "PlatformVersion": "LATEST", "PlatformFamily": "Linux", **data}
    arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/main/web"
    return InventoryBuilder().add("ecs.services", [item(arn, body, name="web")])


def test_fargate_platform_version_is_the_newest() -> None:
    assert statuses(run_check(fargate_platform_latest, fargate())) == ["PASS"]
    assert statuses(run_check(fargate_platform_latest, fargate(PlatformVersion="1.4.0"))) == ["PASS"]
    [old] = run_check(fargate_platform_latest, fargate(PlatformVersion="1.3.0"))
    assert old.status is Status.FAIL and "newest is 1.4.0" in old.message
    windows = fargate(PlatformVersion="1.0.0", PlatformFamily="WINDOWS_SERVER_2022_CORE")
    assert statuses(run_check(fargate_platform_latest, windows)) == ["PASS"]
    spot = fargate(LaunchType=None, CapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT"}])
    assert statuses(run_check(fargate_platform_latest, spot)) == ["PASS"]
    assert statuses(run_check(fargate_platform_latest, fargate(PlatformVersion=None))) == ["ERROR"]
    assert statuses(run_check(fargate_platform_latest, fargate(LaunchType="EC2"))) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("ecs.services", ACCESS_DENIED)
    assert statuses(run_check(fargate_platform_latest, denied)) == ["ERROR"]
