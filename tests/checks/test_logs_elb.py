"""CloudWatch Logs retention and KMS, and load balancer access logs and listener TLS."""

from __future__ import annotations

from typing import Any

from checks.elb import access_logs, listener_tls
from checks.logs import MINIMUM_RETENTION_DAYS, log_group_kms, log_group_retention
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses

LB_ARN = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/1"
REDIRECT = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443"}}
FORWARD = {"Type": "forward", "TargetGroupArn": "tg"}


def log_group(**fields: Any) -> Item:
    return item(f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app", {"logGroupName": "/app", **fields})


def _logs(*groups: Item) -> InventoryBuilder:
    return InventoryBuilder().add("logs.log-groups", list(groups))


def test_retention_passes_when_long_enough_or_never_expiring_and_fails_when_short() -> None:
    assert statuses(run_check(log_group_retention, _logs(log_group()))) == ["PASS"]
    long_enough = log_group(retentionInDays=MINIMUM_RETENTION_DAYS)
    assert statuses(run_check(log_group_retention, _logs(long_enough))) == ["PASS"]
    [short] = run_check(log_group_retention, _logs(log_group(retentionInDays=30)))
    assert short.status is Status.FAIL and "30 days" in short.message


def test_kms_passes_with_a_key_and_fails_without() -> None:
    keyed = log_group(kmsKeyId=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k1")
    [result] = run_check(log_group_kms, _logs(keyed))
    assert result.status is Status.PASS and "key/k1" in result.message
    assert statuses(run_check(log_group_kms, _logs(log_group()))) == ["FAIL"]


def test_log_group_checks_error_when_log_groups_cannot_be_listed() -> None:
    denied = InventoryBuilder().unavailable("logs.log-groups", ACCESS_DENIED)
    assert statuses(run_check(log_group_retention, denied)) == ["ERROR"]
    assert statuses(run_check(log_group_kms, denied)) == ["ERROR"]


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
