"""CloudFront checks: viewers and origins are reached over modern TLS only, and every distribution has a web
ACL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

SECURE_VIEWER_POLICIES = ("redirect-to-https", "https-only")
# Viewer security policies whose minimum is TLS 1.2 with the 2021 cipher set or later; TLSv1.2_2018 and
# TLSv1.2_2019 still offer weaker (CBC/SHA-1) ciphers. An unknown, newer name FAILs until added here.
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
APPROVED_VIEWER_TLS_POLICIES = ("TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025")


def _not_serving(distribution: Item, scope: Scope) -> Result | None:
    """NOT_APPLICABLE for a disabled distribution: it serves no request."""
    if distribution.data.get("Enabled") is False:
        return scope.on_item(distribution, Status.NOT_APPLICABLE, "distribution is disabled")
    return None


def _items(container: Any) -> list[Mapping[str, Any]]:
    """The `Items` of a CloudFront {Quantity, Items} list (absent when the quantity is 0)."""
    return list((container or {}).get("Items") or [])


def _insecure_behaviours(distribution: Item) -> list[str]:
    behaviours = [("default", distribution.data.get("DefaultCacheBehavior") or {})]
    behaviours += [
        (str(b.get("PathPattern", "?")), b) for b in _items(distribution.data.get("CacheBehaviors"))
    ]
    return [
        f"cache behaviour {path} allows {b.get('ViewerProtocolPolicy') or 'an unknown protocol policy'}"
        for path, b in behaviours
        if b.get("ViewerProtocolPolicy") not in SECURE_VIEWER_POLICIES
    ]


def _viewer_tls_problem(certificate: Mapping[str, Any]) -> str | None:
    # With the default *.cloudfront.net certificate the security policy cannot be chosen and is TLSv1.
    # https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
    if not (certificate.get("ACMCertificateArn") or certificate.get("IAMCertificateId")):
        return "uses the default CloudFront certificate, whose security policy accepts TLS 1.0"
    minimum = certificate.get("MinimumProtocolVersion")
    if minimum in APPROVED_VIEWER_TLS_POLICIES:
        return None
    return f"viewer security policy {minimum or 'unknown'} is older than TLSv1.2_2021"


def _plain_origins(distribution: Item) -> list[str]:
    return [
        f"origin {origin.get('Id')} is reached with {policy}"
        for origin in _items(distribution.data.get("Origins"))
        if (custom := origin.get("CustomOriginConfig"))
        and (policy := custom.get("OriginProtocolPolicy")) != "https-only"
    ]


@check(
    id="cloudfront.distribution.https-tls12",
    title="CloudFront distributions require HTTPS with TLS 1.2 or later to viewers and origins",
    for_each="cloudfront.distributions",
    uses=(),
    severity=Severity.HIGH,
    rationale="A cache behaviour that allows HTTP, a viewer policy that accepts TLS 1.0/1.1, or an origin "
    "reached over HTTP exposes requests, cookies and responses to interception on that leg.",
    remediation="Set every cache behaviour's viewer protocol policy to redirect-to-https or https-only, use "
    "a custom certificate with security policy TLSv1.2_2021 or later, and set custom origins to https-only.",
)
def https_tls12(distribution: Item, scope: Scope) -> Result:
    """PASS for an enabled distribution whose default and additional cache behaviours all have viewer protocol
    policy redirect-to-https or https-only, whose viewer certificate is an ACM or IAM certificate with
    MinimumProtocolVersion in APPROVED_VIEWER_TLS_POLICIES (TLSv1.2_2021 or later; the default
    *.cloudfront.net certificate accepts TLS 1.0 and FAILs), and whose custom origins all use origin protocol
    policy https-only (S3 origins follow the viewer's protocol). Disabled distributions are not applicable."""
    not_serving = _not_serving(distribution, scope)
    if not_serving:
        return not_serving
    problems = _insecure_behaviours(distribution)
    tls = _viewer_tls_problem(distribution.data.get("ViewerCertificate") or {})
    problems += [tls] if tls else []
    problems += _plain_origins(distribution)
    if problems:
        return scope.failed(distribution, "; ".join(problems))
    minimum = (distribution.data.get("ViewerCertificate") or {}).get("MinimumProtocolVersion")
    return scope.passed(distribution, f"HTTPS only to viewers (minimum {minimum}) and to every custom origin")


@check(
    id="cloudfront.distribution.web-acl",
    title="CloudFront distributions are protected by a WAF web ACL",
    for_each="cloudfront.distributions",
    uses=(),
    severity=Severity.HIGH,
    rationale="A distribution is an internet-facing entry point; without a web ACL, injection, bad bots and "
    "request floods reach the origin unfiltered.",
    remediation="Associate a WAF web ACL (scope CLOUDFRONT, created in us-east-1), for example through a "
    "Firewall Manager policy from the security account.",
)
def distribution_web_acl(distribution: Item, scope: Scope) -> Result:
    """PASS for an enabled distribution whose WebACLId names a web ACL (WAFv2 ARN or WAF Classic id).
    Disabled distributions are not applicable."""
    not_serving = _not_serving(distribution, scope)
    if not_serving:
        return not_serving
    web_acl = distribution.data.get("WebACLId")
    if web_acl:
        return scope.passed(distribution, f"protected by web ACL {web_acl}")
    return scope.failed(distribution, "no web ACL is associated")
