"""ECS clusters and services: Container Insights on every cluster, and no public IP on service tasks."""

from __future__ import annotations

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# containerInsights values that collect cluster, service and task metrics ("enhanced" adds container level).
CONTAINER_INSIGHTS_ON = frozenset({"enabled", "enhanced"})


@check(
    id="ecs.cluster.container-insights",
    title="ECS clusters have Container Insights enabled",
    for_each="ecs.clusters",
    uses=(),
    severity=Severity.LOW,
    rationale="Container Insights records task and service performance and lifecycle telemetry; without it "
    "resource exhaustion, crash loops and unexpected restarts of workloads go unrecorded.",
    remediation="Set the cluster setting containerInsights to enabled or enhanced (aws ecs "
    "update-cluster-settings), and the account default for new clusters (aws ecs put-account-setting).",
)
def container_insights(cluster: Item, scope: Scope) -> Result:
    """PASS when the cluster's containerInsights setting is enabled or enhanced. A disabled or absent
    setting is FAIL."""
    value = (cluster.data.get("Settings") or {}).get("containerInsights")
    name = cluster.name or cluster.resource_id
    if value in CONTAINER_INSIGHTS_ON:
        return scope.passed(cluster, f"{name}: Container Insights {value}")
    return scope.failed(cluster, f"{name}: Container Insights {value or 'not set'}")


@check(
    id="ecs.service.no-public-ip",
    title="ECS services do not assign public IP addresses to their tasks",
    for_each="ecs.services",
    uses=(),
    severity=Severity.HIGH,
    rationale="A task with a public IP address is reachable from the internet whenever its security group "
    "allows it, bypassing the load balancer and the private network design.",
    remediation="Run the service in private subnets with assignPublicIp DISABLED (aws ecs update-service "
    "--network-configuration), reaching the internet through a NAT gateway or VPC endpoints.",
)
def no_public_ip(service: Item, scope: Scope) -> Result:
    """PASS when the service's awsvpc configuration does not set assignPublicIp to ENABLED (the API
    default is DISABLED). Services without an awsvpc configuration (bridge or host network mode) get their
    addresses from the container instance and are NOT_APPLICABLE."""
    awsvpc = (service.data.get("NetworkConfiguration") or {}).get("awsvpcConfiguration")
    name = service.name or service.resource_id
    if not awsvpc:
        return scope.on_item(service, Status.NOT_APPLICABLE, f"{name} has no awsvpc network configuration")
    assign = awsvpc.get("assignPublicIp") or "DISABLED"
    if assign == "ENABLED":
        return scope.failed(service, f"{name} assigns a public IP address to every task")
    return scope.passed(service, f"{name}: assignPublicIp {assign}")


# The newest Fargate platform versions, which LATEST resolves to: Linux 1.4.0, Windows 1.0.0.
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html
# https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-windows-fargate.html
NEWEST_FARGATE_PLATFORM = {"linux": "1.4.0", "windows": "1.0.0"}
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


def runs_on_fargate(service: Item) -> bool:
    if str(service.data.get("LaunchType") or "").upper() == "FARGATE":
        return True
    strategy = service.data.get("CapacityProviderStrategy") or []
    return any(str(s.get("capacityProvider", "")).upper() in FARGATE_PROVIDERS for s in strategy)


@check(
    id="ecs.service.fargate-platform-latest",
    title="Fargate services run the newest platform version",
    for_each="ecs.services",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="On Fargate, AWS owns the host, kernel and container runtime, but the service chooses which "
    "platform version it runs; an older version misses kernel and runtime hardening and will be retired.",
    remediation="aws ecs update-service --cluster CLUSTER --service SERVICE --platform-version LATEST "
    "--force-new-deployment",
)
def fargate_platform_latest(service: Item, scope: Scope) -> Result:
    """PASS when a Fargate service (launch type FARGATE, or a FARGATE/FARGATE_SPOT capacity provider) sets
    platformVersion LATEST or the newest version for its platform family (Linux 1.4.0, Windows 1.0.0); an
    older version is a FAIL; no version reported is an ERROR. Services on EC2 or external capacity are not
    applicable."""
    name = service.name or service.resource_id
    if not runs_on_fargate(service):
        return scope.on_item(service, Status.NOT_APPLICABLE, f"{name} does not run on Fargate")
    version = str(service.data.get("PlatformVersion") or "")
    family = (
        "windows" if str(service.data.get("PlatformFamily") or "").upper().startswith("WINDOWS") else "linux"
    )
    if not version:
        return scope.on_item(service, Status.ERROR, f"not evaluated: {name} reports no platform version")
    newest = NEWEST_FARGATE_PLATFORM[family]
    if version.upper() == "LATEST" or version == newest:
        return scope.passed(service, f"{name} runs Fargate platform version {version} ({family})")
    return scope.failed(service, f"{name} runs Fargate platform version {version}; the newest is {newest}")
