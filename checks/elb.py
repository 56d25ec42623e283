"""Elastic Load Balancing (v2) checks: access logs, listeners that only speak TLS or redirect to it, and a WAF
web ACL in front of internet-facing application load balancers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Security policies whose protocols are TLS 1.2 or later only. Deliberately not every "TLS13" policy:
# ELBSecurityPolicy-TLS13-1-0-2021-06 and -TLS13-1-1-2021-06 still accept TLS 1.0 and 1.1.
APPROVED_SSL_POLICY_PREFIXES = (
    "ELBSecurityPolicy-TLS13-1-2-",
    "ELBSecurityPolicy-TLS13-1-3-",
    "ELBSecurityPolicy-TLS-1-2-",
    "ELBSecurityPolicy-FS-1-2-",
)
ENCRYPTED_PROTOCOLS = ("HTTPS", "TLS")
# Actions on a plain HTTP listener that send no application traffic over it.
_HARMLESS_HTTP_ACTIONS = ("fixed-response",)


def _not_applicable_reason(balancer: Item) -> str | None:
    if balancer.data.get("Type") == "gateway":
        return (
            "gateway load balancers pass traffic through (GENEVE); they have no access logs or TLS listeners"
        )
    return None


@check(
    id="elb.access-logs",
    title="Load balancers write access logs",
    for_each="elbv2.load-balancers",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Access logs record every request or TLS connection (client, target, status, TLS version); "
    "without them an investigation cannot tell who reached the workload.",
    remediation="Set the load balancer attributes access_logs.s3.enabled=true and access_logs.s3.bucket to a "
    "bucket in the log archive whose policy lets the Elastic Load Balancing log delivery write to it.",
)
def access_logs(balancer: Item, scope: Scope) -> Result:
    """PASS when an application or network load balancer has the attribute access_logs.s3.enabled set to
    true; not applicable to gateway load balancers."""
    reason = _not_applicable_reason(balancer)
    if reason:
        return scope.on_item(balancer, Status.NOT_APPLICABLE, reason)
    attributes: Mapping[str, str] = balancer["Attributes"]
    if attributes.get("access_logs.s3.enabled", "").lower() == "true":
        bucket = attributes.get("access_logs.s3.bucket") or "an unnamed bucket"
        return scope.passed(balancer, f"access logs go to {bucket}")
    return scope.failed(balancer, "access logs are disabled")


def approved_ssl_policy(policy: str | None) -> bool:
    return bool(policy) and str(policy).startswith(APPROVED_SSL_POLICY_PREFIXES)


def _redirects_to_https(action: Mapping[str, Any]) -> bool:
    return (
        action.get("Type") == "redirect" and (action.get("RedirectConfig") or {}).get("Protocol") == "HTTPS"
    )


def _plaintext_actions(actions: Iterable[Mapping[str, Any]]) -> list[str]:
    """The types of actions that serve traffic over the plain listener instead of sending it to HTTPS."""
    return [
        str(a.get("Type"))
        for a in actions
        if not _redirects_to_https(a) and a.get("Type") not in _HARMLESS_HTTP_ACTIONS
    ]


def _listener_problem(listener: Mapping[str, Any]) -> str | None:
    """Why the listener is not acceptable, or None when it is. An HTTP listener must carry its `Rules`."""
    port, protocol = listener.get("Port"), str(listener.get("Protocol"))
    if protocol in ENCRYPTED_PROTOCOLS:
        policy = listener.get("SslPolicy")
        if approved_ssl_policy(policy):
            return None
        return (
            f"{protocol} listener on port {port} uses {policy or 'no'} security policy, not an approved one"
        )
    if protocol == "HTTP":
        actions = [*listener.get("DefaultActions", [])]
        actions += [a for rule in listener["Rules"] for a in rule.get("Actions", [])]
        plaintext = sorted(set(_plaintext_actions(actions)))
        if not plaintext:
            return None
        served = ", ".join(plaintext)
        return f"HTTP listener on port {port} serves plain HTTP ({served}) instead of redirecting to HTTPS"
    return f"{protocol} listener on port {port} is not TLS, so encryption in transit cannot be confirmed"


@check(
    id="elb.listener-tls",
    title="Load balancer listeners use TLS with an approved policy, or redirect HTTP to HTTPS",
    for_each="elbv2.load-balancers",
    uses=(),
    severity=Severity.HIGH,
    rationale="A plain HTTP or TCP listener, or a TLS policy that still accepts TLS 1.0/1.1, exposes "
    "credentials and data in transit to interception.",
    remediation="Use HTTPS/TLS listeners with a TLS 1.2+ policy (for example "
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06), and make every HTTP listener's rules redirect to HTTPS.",
)
def listener_tls(balancer: Item, scope: Scope) -> Result:
    """PASS when every listener of an application or network load balancer is HTTPS/TLS with a security policy
    from APPROVED_SSL_POLICY_PREFIXES (TLS 1.2 or later only), or is HTTP and none of its rules (default
    included) does anything but redirect to HTTPS or return a fixed response. TCP/UDP listeners FAIL: their
    encryption cannot be confirmed. Not applicable to gateway load balancers or ones without listeners."""
    reason = _not_applicable_reason(balancer)
    if reason:
        return scope.on_item(balancer, Status.NOT_APPLICABLE, reason)
    found: list[Mapping[str, Any]] = balancer["Listeners"]
    if not found:
        return scope.on_item(balancer, Status.NOT_APPLICABLE, "no listeners, so it accepts no traffic")
    if any(listener.get("Protocol") == "HTTP" and "Rules" not in listener for listener in found):
        return scope.on_item(balancer, Status.ERROR, "the rules of an HTTP listener were not collected")
    problems = [p for p in map(_listener_problem, found) if p]
    if problems:
        return scope.failed(balancer, "; ".join(problems))
    return scope.passed(balancer, f"all {len(found)} listener(s) use approved TLS or redirect to HTTPS")


@check(
    id="elb.web-acl",
    title="Internet-facing application load balancers are protected by a WAF web ACL",
    for_each="elbv2.load-balancers",
    uses=(),
    severity=Severity.HIGH,
    rationale="An internet-facing application load balancer without a web ACL passes injection, bad bots and "
    "request floods straight to the application.",
    remediation="Associate a regional WAF web ACL with the load balancer, for example through a Firewall "
    "Manager WAF policy from the security account.",
)
def load_balancer_web_acl(balancer: Item, scope: Scope) -> Result:
    """PASS for an internet-facing application load balancer that GetWebACLForResource reports associated
    with a WAFv2 web ACL. Internal, network and gateway load balancers are not applicable (WAF attaches only
    to application load balancers, and internal ones are not reachable from the internet)."""
    kind, scheme = balancer.data.get("Type"), balancer.data.get("Scheme")
    if kind != "application" or scheme != "internet-facing":
        return scope.on_item(
            balancer,
            Status.NOT_APPLICABLE,
            f"{scheme or 'unknown-scheme'} {kind or 'unknown-type'} load balancer",
        )
    web_acl: Mapping[str, Any] | None = balancer["WebACL"]
    if web_acl:
        return scope.passed(balancer, f"protected by web ACL {web_acl.get('Name') or web_acl.get('ARN')}")
    return scope.failed(balancer, "internet-facing, and no web ACL is associated")
