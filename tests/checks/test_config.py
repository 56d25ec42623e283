"""AWS Config: recorders recording everything, delivery to the log archive, the aggregator, the TLS rule."""

from __future__ import annotations

from typing import Any

from checks.config import delivery_channel, org_aggregator, recorder_all_resources, rule_s3_ssl_requests_only
from checks.config_compliance import aggregator_sources_healthy
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check, statuses

MGMT = "222222222222"


ARCHIVE = "444444444444"


ROLES = {MGMT: "management", ARCHIVE: "log-archive", ACCOUNT: "security"}


def recorder(recording: bool = True, all_supported: bool = True, global_types: bool = True) -> Item:
    group = {"allSupported": all_supported, "includeGlobalResourceTypes": global_types}
    data = {
        "name": "default",
        "recordingGroup": group,
        "Status": {"recording": recording, "lastStatus": "SUCCESS"},
    }
    return item(f"arn:aws:config:{REGION}:{ACCOUNT}:recorder/default", data, name="default")


def run(check: Any, inv: InventoryBuilder, roles: dict[str, str] = ROLES) -> list[Result]:
    org = org_of(MGMT, ACCOUNT, ARCHIVE)
    return run_check(check, inv, accounts=[org.accounts[ACCOUNT]], org=org, roles=roles)


def test_recorder_passes_fails_and_errors() -> None:
    assert statuses(
        run_check(recorder_all_resources, InventoryBuilder().add("config.recorders", [recorder()]))
    ) == ["PASS"]
    for bad, why in (
        (recorder(recording=False), "not recording"),
        (recorder(all_supported=False), "all supported"),
    ):
        [result] = run_check(recorder_all_resources, InventoryBuilder().add("config.recorders", [bad]))
        assert result.status is Status.FAIL and why in result.message
    [none] = run_check(recorder_all_resources, InventoryBuilder().add("config.recorders", []))
    assert none.status is Status.FAIL and "no configuration recorder" in none.message
    no_global = run_check(
        recorder_all_resources, InventoryBuilder().add("config.recorders", [recorder(global_types=False)])
    )
    assert statuses(no_global) == ["PASS", "FAIL"] and "global" in no_global[1].message
    assert statuses(
        run_check(recorder_all_resources, InventoryBuilder().unavailable("config.recorders"))
    ) == ["ERROR"]
    unreadable = item("arn:rec", {"name": "default", "recordingGroup": {}}, errors={"Status": ACCESS_DENIED})
    assert statuses(
        run_check(recorder_all_resources, InventoryBuilder().add("config.recorders", [unreadable]))
    ) == ["ERROR"]


def _channel_inventory(bucket: str, archive_buckets: list[str] | None) -> InventoryBuilder:
    channel = item(
        f"{ACCOUNT}/{REGION}/delivery-channel/default", {"name": "default", "s3BucketName": bucket}
    )
    inv = InventoryBuilder().add("config.delivery-channels", [channel]).add("s3.buckets", [])
    if archive_buckets is None:
        return inv.unavailable("s3.buckets", ACCESS_DENIED, account=ARCHIVE)
    return inv.add("s3.buckets", [item(f"arn:aws:s3:::{b}", {}) for b in archive_buckets], account=ARCHIVE)


def test_delivery_channel_must_target_a_log_archive_bucket() -> None:
    [good] = run(delivery_channel, _channel_inventory("central-config", ["central-config"]))
    assert good.status is Status.PASS and ARCHIVE in good.message
    [local] = run(delivery_channel, _channel_inventory("my-own-bucket", ["central-config"]))
    assert local.status is Status.FAIL and "not a bucket of the log-archive account" in local.message
    [unknown] = run(delivery_channel, _channel_inventory("central-config", None))
    assert unknown.status is Status.ERROR
    no_archive = {a: r for a, r in ROLES.items() if r != "log-archive"}
    [orphan] = run(delivery_channel, _channel_inventory("central-config", ["central-config"]), no_archive)
    assert orphan.status is Status.FAIL and "log-archive role" in orphan.message
    empty = InventoryBuilder().add("config.delivery-channels", []).add("s3.buckets", [])
    assert statuses(run(delivery_channel, empty)) == ["FAIL"]


def aggregator(all_regions: bool = True, organization: bool = True) -> Item:
    source = (
        {"OrganizationAggregationSource": {"RoleArn": "r", "AllAwsRegions": all_regions}}
        if organization
        else {}
    )
    return item(f"arn:aws:config:{REGION}:{ACCOUNT}:config-aggregator/org", source, name="org")


def test_aggregator_in_the_security_account_when_there_is_no_audit_account() -> None:
    assert statuses(run(org_aggregator, InventoryBuilder().add("config.aggregators", [aggregator()]))) == [
        "PASS"
    ]
    for bad in (aggregator(all_regions=False), aggregator(organization=False)):
        assert statuses(run(org_aggregator, InventoryBuilder().add("config.aggregators", [bad]))) == ["FAIL"]
    with_audit = {**ROLES, MGMT: "audit"}
    assert statuses(run(org_aggregator, InventoryBuilder().add("config.aggregators", []), with_audit)) == [
        "NOT_APPLICABLE"
    ]
    assert statuses(run(org_aggregator, InventoryBuilder().unavailable("config.aggregators"))) == ["ERROR"]


def rule(identifier: str, state: str = "ACTIVE") -> Item:
    data = {"Source": {"Owner": "AWS", "SourceIdentifier": identifier}, "ConfigRuleState": state}
    return item(f"arn:aws:config:{REGION}:{ACCOUNT}:config-rule/r-{identifier}", data, name=identifier)


def test_ssl_requests_only_rule_deployed() -> None:
    deployed = InventoryBuilder().add(
        "config.rules", [rule("S3_BUCKET_VERSIONING_ENABLED"), rule("S3_BUCKET_SSL_REQUESTS_ONLY")]
    )
    assert statuses(run_check(rule_s3_ssl_requests_only, deployed)) == ["PASS"]
    deleting = InventoryBuilder().add("config.rules", [rule("S3_BUCKET_SSL_REQUESTS_ONLY", "DELETING")])
    assert statuses(run_check(rule_s3_ssl_requests_only, deleting)) == ["FAIL"]
    assert statuses(run_check(rule_s3_ssl_requests_only, InventoryBuilder().add("config.rules", []))) == [
        "FAIL"
    ]
    assert statuses(run_check(rule_s3_ssl_requests_only, InventoryBuilder().unavailable("config.rules"))) == [
        "ERROR"
    ]


def _aggregator(account: str = ACCOUNT) -> Any:
    source = {"OrganizationAggregationSource": {"RoleArn": "r", "AllAwsRegions": True}, "SourcesStatus": []}
    return item(f"arn:aws:config:{REGION}:{account}:config-aggregator/org", source, name="org")


def test_aggregator_with_no_audit_or_security_account_known_is_an_error_not_not_applicable() -> None:
    """Without the organization (or without an account in the audit or security role) nobody is known to
    own the aggregator: every account saying NOT_APPLICABLE would hide a missing aggregator."""
    org = org_of(MGMT, ACCOUNT)
    roles = {MGMT: "management", ACCOUNT: "application"}
    accounts = [org.accounts[ACCOUNT]]
    empty = InventoryBuilder().add("config.aggregators", [])
    [result] = run_check(org_aggregator, empty, accounts=accounts, org=org, roles=roles)
    assert result.status is Status.ERROR and "audit" in result.message
    with_one = InventoryBuilder().add("config.aggregators", [_aggregator()])
    [healthy] = run_check(aggregator_sources_healthy, with_one, accounts=accounts, org=org, roles=roles)
    assert healthy.status is Status.ERROR and "audit" in healthy.message
