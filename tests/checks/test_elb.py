"""Elastic Load Balancing checks: access logs, TLS-only listeners, and a WAF web ACL on internet-facing
application load balancers."""

from __future__ import annotations

from typing import Any

from checks.elb import access_logs, listener_tls, load_balancer_web_acl
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

LB_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/1"


REDIRECT = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443"}}


FORWARD = {"Type": "forward", "TargetGroupArn": "tg"}


def balancer(
    listeners: list[dict[str, Any]] | None = None,
    attributes: dict[str, str] | None = None,
    kind: str = "application",
    errors: dict[str, Any] | None = None,
) -> Item:
    data = {"LoadBalancerName": "web", "Type": kind, "Attributes": attributes or {}, "Listeners": listeners}
    return item(LB_ARN, data, errors=errors)


def _elb(*balancers: Item) -> InventoryBuilder:
    return InventoryBuilder().add("elbv2.load-balancers", list(balancers))


def https(policy: str = "ELBSecurityPolicy-TLS13-1-2-2021-06", protocol: str = "HTTPS") -> dict[str, Any]:
    return {"Port": 443, "Protocol": protocol, "SslPolicy": policy, "DefaultActions": [FORWARD]}


def http(default: dict[str, Any], *rule_actions: dict[str, Any]) -> dict[str, Any]:
    rules = [{"IsDefault": True, "Actions": [default]}]
    rules += [{"IsDefault": False, "Actions": [a]} for a in rule_actions]
    return {"Port": 80, "Protocol": "HTTP", "DefaultActions": [default], "Rules": rules}


def test_access_logs_pass_fail_not_applicable_and_error() -> None:
    on = balancer(attributes={"access_logs.s3.enabled": "true", "access_logs.s3.bucket": "logs"})
    [result] = run_check(access_logs, _elb(on))
    assert result.status is Status.PASS and "logs" in result.message
    off = balancer(attributes={"access_logs.s3.enabled": "false"})
    assert statuses(run_check(access_logs, _elb(off))) == ["FAIL"]
    assert statuses(run_check(access_logs, _elb(balancer(kind="gateway")))) == ["NOT_APPLICABLE"]
    unread = balancer(errors={"Attributes": ACCESS_DENIED})
    assert statuses(run_check(access_logs, _elb(unread))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("elbv2.load-balancers", ACCESS_DENIED)
    assert statuses(run_check(access_logs, denied)) == ["ERROR"]


def test_listener_tls_passes_for_approved_policies_and_https_redirects() -> None:
    listeners = [
        https(),
        https("ELBSecurityPolicy-TLS-1-2-Ext-2018-06"),
        https("ELBSecurityPolicy-FS-1-2-Res-2020-10", protocol="TLS"),
        http(REDIRECT, {"Type": "fixed-response"}),
    ]
    assert statuses(run_check(listener_tls, _elb(balancer(listeners)))) == ["PASS"]


def test_listener_tls_fails_weak_policies_plain_http_and_tcp() -> None:
    cases = {
        "ELBSecurityPolicy-2016-08": [https("ELBSecurityPolicy-2016-08")],
        "ELBSecurityPolicy-TLS13-1-0-2021-06": [https("ELBSecurityPolicy-TLS13-1-0-2021-06")],
        "serves plain HTTP (forward)": [https(), http(FORWARD)],
        "port 80": [http(REDIRECT, FORWARD)],
        "plain HTTP (redirect)": [http({"Type": "redirect", "RedirectConfig": {"Protocol": "#{protocol}"}})],
        "TCP listener": [{"Port": 443, "Protocol": "TCP", "DefaultActions": [FORWARD]}],
    }
    for expected, listeners in cases.items():
        [result] = run_check(listener_tls, _elb(balancer(listeners)))
        assert result.status is Status.FAIL and expected in result.message, (expected, result.message)


def test_listener_tls_not_applicable_without_listeners_or_for_gateways() -> None:
    assert statuses(run_check(listener_tls, _elb(balancer([])))) == ["NOT_APPLICABLE"]
    assert statuses(run_check(listener_tls, _elb(balancer(kind="gateway")))) == ["NOT_APPLICABLE"]


def test_listener_tls_errors_when_listeners_or_rules_are_unknown() -> None:
    unread = balancer(errors={"Listeners": ACCESS_DENIED})
    assert statuses(run_check(listener_tls, _elb(unread))) == ["ERROR"]
    no_rules = {"Port": 80, "Protocol": "HTTP", "DefaultActions": [REDIRECT]}
    assert statuses(run_check(listener_tls, _elb(balancer([no_rules])))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("elbv2.load-balancers", ACCESS_DENIED)
    assert statuses(run_check(listener_tls, denied)) == ["ERROR"]


ACL = {"Name": "claims-web", "ARN": f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/claims-web/1"}


def balancer_with_acl(
    acl: dict[str, str] | None = None,
    *,
    kind: str = "application",
    scheme: str = "internet-facing",
    **kw: Any,
) -> Item:
    arn = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/1"
    data: dict[str, Any] = {"Type": kind, "Scheme": scheme, "LoadBalancerName": "web"}
    if kind == "application" and scheme == "internet-facing" and "errors" not in kw:
        data["WebACL"] = acl
    return item(arn, data, **kw)


def _balancers(*balancers: Item) -> list[Result]:
    return run_check(load_balancer_web_acl, InventoryBuilder().add("elbv2.load-balancers", balancers))


def test_load_balancer_web_acl_passes_fails_and_skips_what_waf_cannot_protect() -> None:
    [protected] = _balancers(balancer_with_acl(ACL))
    assert protected.status is Status.PASS and "claims-web" in protected.message and protected.evidence
    [bare] = _balancers(balancer_with_acl(None))
    assert bare.status is Status.FAIL and "no web ACL" in bare.message
    assert statuses(_balancers(balancer_with_acl(scheme="internal"))) == ["NOT_APPLICABLE"]
    assert statuses(_balancers(balancer_with_acl(kind="network"))) == ["NOT_APPLICABLE"]


def test_load_balancer_web_acl_errors_when_the_association_or_the_listing_is_unreadable() -> None:
    assert statuses(_balancers(balancer_with_acl(errors={"WebACL": ACCESS_DENIED}))) == ["ERROR"]
    denied = InventoryBuilder().unavailable("elbv2.load-balancers", ACCESS_DENIED)
    assert statuses(run_check(load_balancer_web_acl, denied)) == ["ERROR"]
