"""OpenSearch checks: domains are encrypted, reachable only over modern TLS inside a VPC, control access per
user and publish audit logs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# TLS security policies that accept TLS 1.2 or later only (Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0).
# https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html
APPROVED_TLS_POLICY_PREFIXES = ("Policy-Min-TLS-1-2-", "Policy-Min-TLS-1-3-")


def _enabled(options: Any) -> bool:
    return bool(isinstance(options, Mapping) and options.get("Enabled") is True)


def _hardening_problems(domain: Mapping[str, Any]) -> list[str]:
    endpoint = domain.get("DomainEndpointOptions") or {}
    policy = str(endpoint.get("TLSSecurityPolicy") or "")
    vpc = domain.get("VPCOptions") or {}
    audit = (domain.get("LogPublishingOptions") or {}).get("AUDIT_LOGS")
    checks = (
        (_enabled(domain.get("EncryptionAtRestOptions")), "encryption at rest is off"),
        (_enabled(domain.get("NodeToNodeEncryptionOptions")), "node-to-node encryption is off"),
        (endpoint.get("EnforceHTTPS") is True, "HTTPS is not enforced"),
        (
            policy.startswith(APPROVED_TLS_POLICY_PREFIXES),
            f"TLS policy {policy or 'unknown'} accepts TLS < 1.2",
        ),
        (_enabled(domain.get("AdvancedSecurityOptions")), "fine-grained access control is off"),
        (bool(vpc.get("VPCId") or vpc.get("SubnetIds")), "the domain has a public endpoint (no VPC)"),
        (_enabled(audit), "audit logs are not published"),
    )
    return [problem for ok, problem in checks if not ok]


@check(
    id="opensearch.domain.hardening",
    title="OpenSearch domains are encrypted, TLS 1.2 only, access-controlled, in a VPC and audit-logged",
    for_each="opensearch.domains",
    uses=(),
    severity=Severity.HIGH,
    rationale="Log analytics and search domains hold sensitive, often regulated data: without encryption, "
    "TLS 1.2, fine-grained access control, VPC placement and audit logs, data can be read in transit or at "
    "rest, by anyone the access policy lets in, without a record of who did.",
    remediation="Enable encryption at rest and node-to-node encryption, require HTTPS with "
    "Policy-Min-TLS-1-2-PFS-2023-10, turn on fine-grained access control, deploy the domain in a VPC, and "
    "publish audit logs to CloudWatch Logs.",
)
def domain_hardening(domain: Item, scope: Scope) -> Result:
    """PASS for a domain whose DescribeDomain status shows EncryptionAtRestOptions and
    NodeToNodeEncryptionOptions enabled, DomainEndpointOptions.EnforceHTTPS true with a TLS security policy of
    TLS 1.2 or later (APPROVED_TLS_POLICY_PREFIXES), AdvancedSecurityOptions (fine-grained access control)
    enabled, VPCOptions naming a VPC or subnets, and AUDIT_LOGS log publishing enabled. A domain being
    deleted is not applicable."""
    status: Mapping[str, Any] = domain["Domain"]
    if status.get("Deleted") is True:
        return scope.on_item(domain, Status.NOT_APPLICABLE, "domain is being deleted")
    problems = _hardening_problems(status)
    if problems:
        return scope.failed(domain, "; ".join(problems))
    policy = (status.get("DomainEndpointOptions") or {}).get("TLSSecurityPolicy")
    return scope.passed(
        domain,
        f"encrypted at rest and node to node, HTTPS only ({policy}), fine-grained access control, "
        "VPC endpoint, audit logs published",
    )
