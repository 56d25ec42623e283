"""CloudFront: HTTPS with TLS 1.2+ to viewers and origins, and a web ACL on every distribution."""

from __future__ import annotations

from typing import Any

from checks.cloudfront import distribution_web_acl, https_tls12
from scanner.inventory import Item
from scanner.model import GLOBAL_REGION, Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses

CERTIFICATE = {
    "ACMCertificateArn": "arn:aws:acm:us-east-1:1:certificate/c",
    "MinimumProtocolVersion": "TLSv1.2_2021",
}
HTTPS_ORIGIN = {"Id": "api", "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}}
S3_ORIGIN = {"Id": "assets", "S3OriginConfig": {"OriginAccessIdentity": ""}}


def distribution(**overrides: Any) -> Item:
    data: dict[str, Any] = {
        "Id": "E1",
        "Enabled": True,
        "DefaultCacheBehavior": {"ViewerProtocolPolicy": "redirect-to-https"},
        "CacheBehaviors": {
            "Quantity": 1,
            "Items": [{"PathPattern": "/api/*", "ViewerProtocolPolicy": "https-only"}],
        },
        "Origins": {"Quantity": 2, "Items": [HTTPS_ORIGIN, S3_ORIGIN]},
        "ViewerCertificate": CERTIFICATE,
        "WebACLId": "arn:aws:wafv2:us-east-1:1:global/webacl/edge/1",
    } | overrides
    return item(f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1", data, region=GLOBAL_REGION)


def _run(check: Any, *distributions: Item) -> list[Result]:
    return run_check(check, InventoryBuilder().add("cloudfront.distributions", distributions))


def test_https_tls12_passes_for_https_behaviours_modern_policy_and_https_origins() -> None:
    [result] = _run(https_tls12, distribution())
    assert result.status is Status.PASS and "TLSv1.2_2021" in result.message and result.evidence


def test_https_tls12_fails_for_plain_behaviours_old_policies_default_certificates_and_http_origins() -> None:
    http_origin = {"Id": "legacy", "CustomOriginConfig": {"OriginProtocolPolicy": "match-viewer"}}
    cases = {
        "default allows allow-all": distribution(DefaultCacheBehavior={"ViewerProtocolPolicy": "allow-all"}),
        "/api/* allows allow-all": distribution(
            CacheBehaviors={"Items": [{"PathPattern": "/api/*", "ViewerProtocolPolicy": "allow-all"}]}
        ),
        "TLSv1.2_2019 is older": distribution(
            ViewerCertificate=CERTIFICATE | {"MinimumProtocolVersion": "TLSv1.2_2019"}
        ),
        "default CloudFront certificate": distribution(
            ViewerCertificate={"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1"}
        ),
        "origin legacy is reached with match-viewer": distribution(Origins={"Items": [http_origin]}),
    }
    for expected, case in cases.items():
        [result] = _run(https_tls12, case)
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)


def test_https_tls12_is_not_applicable_to_disabled_distributions_and_errors_when_unreadable() -> None:
    assert statuses(_run(https_tls12, distribution(Enabled=False))) == ["NOT_APPLICABLE"]
    denied = InventoryBuilder().unavailable("cloudfront.distributions", ACCESS_DENIED)
    assert statuses(run_check(https_tls12, denied)) == ["ERROR"]


def test_web_acl_passes_with_an_acl_and_fails_without() -> None:
    [protected] = _run(distribution_web_acl, distribution())
    assert protected.status is Status.PASS and "global/webacl/edge" in protected.message
    [bare] = _run(distribution_web_acl, distribution(WebACLId=""))
    assert bare.status is Status.FAIL
    assert statuses(_run(distribution_web_acl, distribution(WebACLId="", Enabled=False))) == [
        "NOT_APPLICABLE"
    ]
    denied = InventoryBuilder().unavailable("cloudfront.distributions", ACCESS_DENIED)
    assert statuses(run_check(distribution_web_acl, denied)) == ["ERROR"]
