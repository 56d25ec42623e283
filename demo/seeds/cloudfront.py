"""Demo: CloudFront distributions. tenant-a's claims site requires TLS 1.2 (2021 policy) of viewers, on an ACM
certificate, fetches its origin over HTTPS and has a web ACL; tenant-b's legacy portal allows plain HTTP on
the default certificate, fetches its origin over HTTP and has no web ACL."""

from __future__ import annotations

from typing import Any

from demo.seeds._lib.waf import web_acl
from demo.world import HOME, DemoWorld, issued_certificate

# AWS managed cache policy "CachingOptimized".
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def seed(world: DemoWorld) -> None:
    tenant_a = world.sessions["tenant-a"]
    _distribution(
        tenant_a,
        "claims-site",
        viewer_policy="redirect-to-https",
        origin_policy="https-only",
        certificate=_edge_certificate(tenant_a, "www.claims.example.com"),
        web_acl=web_acl(tenant_a, "claims-edge", "CLOUDFRONT"),
    )
    _distribution(
        world.sessions["tenant-b"], "legacy-portal", viewer_policy="allow-all", origin_policy="http-only"
    )


def _edge_certificate(session: Any, domain: str) -> dict[str, str]:
    """A viewer certificate from ACM (CloudFront reads certificates in us-east-1) with the 2021 TLS policy."""
    arn = issued_certificate(session, "us-east-1", domain)
    return {
        "ACMCertificateArn": arn,
        "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }


def _distribution(
    session: Any,
    name: str,
    *,
    viewer_policy: str,
    origin_policy: str,
    certificate: dict[str, str] | None = None,
    web_acl: str = "",
) -> None:
    origin = {
        "Id": f"{name}-origin",
        "DomainName": f"{name}.origin.example.com",
        "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": origin_policy},
    }
    config: dict[str, Any] = {
        "CallerReference": name,
        "Comment": name,
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {
            "TargetOriginId": origin["Id"],
            "ViewerProtocolPolicy": viewer_policy,
            "CachePolicyId": CACHING_OPTIMIZED,
        },
        "WebACLId": web_acl,
    }
    if certificate:
        config["ViewerCertificate"] = certificate
    session.client("cloudfront", region_name=HOME).create_distribution(DistributionConfig=config)
