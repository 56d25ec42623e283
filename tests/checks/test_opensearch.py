"""OpenSearch: domains encrypted, HTTPS with TLS 1.2+, fine-grained access control, VPC and audit logs."""

from __future__ import annotations

from typing import Any

from checks.opensearch import domain_hardening
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

HARDENED: dict[str, Any] = {
    "EncryptionAtRestOptions": {"Enabled": True},
    "NodeToNodeEncryptionOptions": {"Enabled": True},
    "DomainEndpointOptions": {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"},
    "AdvancedSecurityOptions": {"Enabled": True},
    "VPCOptions": {"VPCId": "vpc-1", "SubnetIds": ["subnet-1"]},
    "LogPublishingOptions": {"AUDIT_LOGS": {"Enabled": True, "CloudWatchLogsLogGroupArn": "arn:aws:logs:x"}},
}


def domain(**status: Any) -> Item:
    arn = f"arn:aws:es:{REGION}:{ACCOUNT}:domain/security-logs"
    return item(arn, {"DomainName": "security-logs", "Domain": HARDENED | status})


def _run(*domains: Item) -> list[Result]:
    return run_check(domain_hardening, InventoryBuilder().add("opensearch.domains", domains))


def test_hardened_domain_passes() -> None:
    [result] = _run(domain())
    assert (
        result.status is Status.PASS
        and "Policy-Min-TLS-1-2-PFS-2023-10" in result.message
        and result.evidence
    )


def test_each_missing_protection_fails_with_its_reason() -> None:
    cases = {
        "encryption at rest is off": {"EncryptionAtRestOptions": {"Enabled": False}},
        "node-to-node encryption is off": {"NodeToNodeEncryptionOptions": {}},
        "HTTPS is not enforced": {
            "DomainEndpointOptions": {
                "EnforceHTTPS": False,
                "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
            }
        },
        "Policy-Min-TLS-1-0-2019-07 accepts TLS < 1.2": {
            "DomainEndpointOptions": {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"}
        },
        "fine-grained access control is off": {"AdvancedSecurityOptions": {"Enabled": False}},
        "public endpoint": {"VPCOptions": {}},
        "audit logs are not published": {"LogPublishingOptions": {}},
    }
    for expected, status in cases.items():
        [result] = _run(domain(**status))
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)


def test_deleted_domains_are_not_applicable_and_unreadable_ones_are_errors() -> None:
    assert statuses(_run(domain(Deleted=True))) == ["NOT_APPLICABLE"]
    unread = item(
        f"arn:aws:es:{REGION}:{ACCOUNT}:domain/x", {"DomainName": "x"}, errors={"Domain": ACCESS_DENIED}
    )
    assert statuses(_run(unread)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("opensearch.domains", ACCESS_DENIED)
    assert statuses(run_check(domain_hardening, denied)) == ["ERROR"]
