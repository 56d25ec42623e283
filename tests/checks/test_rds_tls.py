"""RDS: the parameter group governing each database forces TLS (rds.force_ssl / require_secure_transport)."""

from __future__ import annotations

from typing import Any

from checks.rds_tls import force_tls
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def instance(
    engine: str = "postgres", group: str = "orders-pg", status: str = "in-sync", **data: Any
) -> Item:
    settings = {
        "Engine": engine,
        "DBParameterGroups": [{"DBParameterGroupName": group, "ParameterApplyStatus": status}],
    } | data
    return item(f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders", settings, name="orders")


def cluster(engine: str = "aurora-mysql", group: str = "ledger-cpg", status: str = "in-sync") -> Item:
    members = [{"DBInstanceIdentifier": "orders", "DBClusterParameterGroupStatus": status}]
    data = {"Engine": engine, "DBClusterParameterGroup": group, "DBClusterMembers": members}
    return item(f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:ledger", data, name="ledger")


def group(name: str, kind: str = "instance", **parameters: str | None) -> Item:
    tls = {key.replace("__", "."): value for key, value in parameters.items()}
    return item(f"arn:aws:rds:{REGION}:{ACCOUNT}:pg:{name}", {"Kind": kind, "TlsParameters": tls}, name=name)


def _run(instances: list[Item], groups: list[Item], clusters: list[Item] | None = None) -> list[Result]:
    inventory = (
        InventoryBuilder()
        .add("rds.instances", instances)
        .add("rds.clusters", clusters or [])
        .add("rds.parameter-groups", groups)
    )
    return run_check(force_tls, inventory)


def test_force_tls_passes_per_engine_family() -> None:
    [postgres] = _run([instance()], [group("orders-pg", rds__force_ssl="1")])
    assert postgres.status is Status.PASS and "rds.force_ssl=1" in postgres.message and postgres.evidence
    [sqlserver] = _run([instance("sqlserver-se")], [group("orders-pg", rds__force_ssl="1")])
    assert sqlserver.status is Status.PASS
    [mysql] = _run([instance("mysql")], [group("orders-pg", require_secure_transport="1")])
    assert mysql.status is Status.PASS
    aurora = instance("aurora-mysql", group="default.aurora-mysql8.0", DBClusterIdentifier="ledger")
    [member] = _run([aurora], [group("ledger-cpg", "cluster", require_secure_transport="ON")], [cluster()])
    assert member.status is Status.PASS and "cluster ledger" in member.message


def test_force_tls_fails_when_off_unset_absent_or_awaiting_a_reboot() -> None:
    [off] = _run([instance()], [group("orders-pg", rds__force_ssl="0")])
    assert off.status is Status.FAIL and "rds.force_ssl is 0" in off.message
    [unset] = _run([instance("mariadb")], [group("orders-pg", require_secure_transport=None)])
    assert unset.status is Status.FAIL and "require_secure_transport is not set" in unset.message
    [absent] = _run([instance()], [group("orders-pg")])
    assert absent.status is Status.FAIL
    [pending] = _run([instance(status="pending-reboot")], [group("orders-pg", rds__force_ssl="1")])
    assert pending.status is Status.FAIL and "reboot" in pending.message
    aurora = instance("aurora-mysql", DBClusterIdentifier="ledger")
    instance_group_only = [group("ledger-cpg", "instance", require_secure_transport="ON")]
    [wrong_kind] = _run([aurora], [*instance_group_only, group("ledger-cpg", "cluster")], [cluster()])
    assert wrong_kind.status is Status.FAIL


def test_force_tls_errors_when_groups_are_missing_or_unreadable_and_skips_other_engines() -> None:
    [missing] = _run([instance()], [])
    assert missing.status is Status.ERROR and "orders-pg" in missing.message
    unreadable = item(
        f"arn:aws:rds:{REGION}:{ACCOUNT}:pg:orders-pg",
        {"Kind": "instance"},
        errors={"TlsParameters": ACCESS_DENIED},
    )
    assert statuses(_run([instance()], [unreadable])) == ["ERROR"]
    denied = (
        InventoryBuilder()
        .add("rds.instances", [instance()])
        .add("rds.clusters", [])
        .unavailable("rds.parameter-groups", ACCESS_DENIED)
    )
    assert statuses(run_check(force_tls, denied)) == ["ERROR"]
    assert statuses(_run([instance("oracle-ee")], [])) == ["NOT_APPLICABLE"]
