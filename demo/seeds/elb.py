"""Demo: internet-facing application load balancers. tenant-a's claims-web serves HTTPS only (TLS 1.2+
policy, HTTP redirected), writes access logs into the log archive and sits behind a web ACL; tenant-b's
legacy portal serves plain HTTP, without logs or web ACL."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.waf import protect, web_acl
from demo.world import HOME, DemoWorld, issued_certificate

MODERN_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"


def seed(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"]
    claims_web = _https_only_load_balancer(tenant_a, world.org.account_id("log-archive"))
    protect(tenant_a, web_acl(tenant_a, "claims-web", "REGIONAL", HOME), claims_web)
    _legacy_http_load_balancer(world.sessions["tenant-b"])


def _default_subnets(session: Any) -> list[str]:
    ec2 = session.client("ec2", region_name=HOME)
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    return [s["SubnetId"] for s in subnets[:2]]


def _load_balancer(session: Any, name: str) -> tuple[Any, str, str]:
    """An internet-facing application load balancer with one target group: (client, its ARN, the group's)."""
    elb = session.client("elbv2", region_name=HOME)
    subnets = _default_subnets(session)
    vpc = session.client("ec2", region_name=HOME).describe_subnets(SubnetIds=subnets[:1])["Subnets"][0][
        "VpcId"
    ]
    arn = elb.create_load_balancer(Name=name, Subnets=subnets, Scheme="internet-facing")["LoadBalancers"][0][
        "LoadBalancerArn"
    ]
    group = elb.create_target_group(Name=f"{name}-targets", Protocol="HTTP", Port=8080, VpcId=vpc)
    return elb, arn, group["TargetGroups"][0]["TargetGroupArn"]


def _https_only_load_balancer(session: Any, log_archive_account_id: str) -> str:
    """tenant-a: HTTPS with a TLS 1.2+ policy, HTTP redirected to it, access logs into the log archive; its
    ARN."""
    elb, arn, targets = _load_balancer(session, "claims-web")
    certificate = issued_certificate(session, HOME, "claims.example.com")
    elb.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTPS",
        Port=443,
        SslPolicy=MODERN_TLS_POLICY,
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": targets}],
    )
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    elb.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=arn,
        Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": f"elb-access-logs-{log_archive_account_id}"},
        ],
    )
    return arn


def _legacy_http_load_balancer(session: Any) -> None:
    """tenant-b: a legacy portal served over plain HTTP, without access logs."""
    elb, arn, targets = _load_balancer(session, "legacy-portal")
    elb.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": targets}],
    )
