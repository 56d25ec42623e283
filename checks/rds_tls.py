"""RDS TLS check: the parameter group that governs each database makes the engine refuse unencrypted
connections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks.rds import Governing, governing_settings
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

FORCE_SSL = ("rds.force_ssl", ("1",))
REQUIRE_SECURE_TRANSPORT = ("require_secure_transport", ("1", "ON"))
# Engine -> (parameter, values that force TLS). "aurora" is Aurora MySQL 5.6. SQL Server editions match by
# prefix. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html
TLS_PARAMETER_BY_ENGINE: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "postgres": FORCE_SSL,
    "aurora-postgresql": FORCE_SSL,
    "mysql": REQUIRE_SECURE_TRANSPORT,
    "mariadb": REQUIRE_SECURE_TRANSPORT,
    "aurora-mysql": REQUIRE_SECURE_TRANSPORT,
    "aurora": REQUIRE_SECURE_TRANSPORT,
}
SQL_SERVER_PREFIX = "sqlserver"


def tls_parameter(engine: str) -> tuple[str, tuple[str, ...]] | None:
    """The parameter that forces TLS on this engine and its accepted values; None for engines whose TLS is
    not set by a parameter (Oracle and Db2 use option groups or listeners, DocumentDB and Neptune differ)."""
    if engine.startswith(SQL_SERVER_PREFIX):
        return FORCE_SSL
    return TLS_PARAMETER_BY_ENGINE.get(engine)


def _group_reference(governing: Governing, instance: Item) -> tuple[str, str, str | None]:
    """(kind, group name, apply status for this instance) of the parameter group that governs it."""
    if governing.record is instance:
        groups: list[Mapping[str, Any]] = instance.data.get("DBParameterGroups") or [{}]
        first = groups[0]
        return "instance", str(first.get("DBParameterGroupName") or ""), first.get("ParameterApplyStatus")
    members: list[Mapping[str, Any]] = governing.record.data.get("DBClusterMembers") or []
    status = next(
        (
            m.get("DBClusterParameterGroupStatus")
            for m in members
            if m.get("DBInstanceIdentifier") == instance.name
        ),
        None,
    )
    return "cluster", str(governing.record.data.get("DBClusterParameterGroup") or ""), status


@check(
    id="rds.force-tls",
    title="RDS and Aurora databases refuse unencrypted connections",
    for_each="rds.instances",
    uses=("rds.clusters", "rds.parameter-groups"),
    severity=Severity.HIGH,
    rationale="Without rds.force_ssl or require_secure_transport, a client (or a downgrade attacker) can "
    "connect in clear text, exposing credentials and query results on the network.",
    remediation="In a custom parameter group (the DB cluster parameter group for Aurora and Multi-AZ "
    "clusters), set rds.force_ssl=1 (PostgreSQL, SQL Server) or require_secure_transport=ON/1 (MySQL, "
    "MariaDB), attach it, and reboot if the change is pending.",
)
def force_tls(instance: Item, scope: Scope) -> Result:
    """PASS when the parameter group that governs the database (the instance's DB parameter group, or the
    DB cluster parameter group of its cluster) sets rds.force_ssl to 1 for PostgreSQL, Aurora PostgreSQL and
    SQL Server, or require_secure_transport to ON/1 for MySQL, MariaDB and Aurora MySQL, and the group is not
    awaiting a reboot for this instance. A parameter without a value FAILs (the engine defaults of these
    engines accept clear text, except PostgreSQL 15+, whose default groups show the value). ERROR when the
    governing group or its parameters were not collected; not applicable to engines whose TLS is not set by
    a parameter (Oracle, Db2, DocumentDB, Neptune)."""
    governing = governing_settings(instance, scope)
    if isinstance(governing, Result):
        return governing
    engine = str(governing.record.data.get("Engine") or instance.data.get("Engine") or "")
    required = tls_parameter(engine)
    if required is None:
        message = f"{engine or 'unknown engine'}: TLS is not enforced through a parameter group"
        return scope.on_item(instance, Status.NOT_APPLICABLE, message)
    kind, group_name, apply_status = _group_reference(governing, instance)
    group = next(
        (
            g
            for g in scope.items("rds.parameter-groups")
            if g.data.get("Kind") == kind and g.name == group_name
        ),
        None,
    )
    if group is None:
        return scope.on_item(
            instance,
            Status.ERROR,
            f"not evaluated: {kind} parameter group {group_name or '(none)'} of {governing.label} "
            "was not collected",
        )
    parameter, accepted = required
    values: Mapping[str, str | None] = group["TlsParameters"]
    value = values.get(parameter)
    evidence = (*governing.record.evidence, *group.evidence)
    where = f"{governing.label} uses {kind} parameter group {group_name}"
    if str(value or "").upper() not in accepted:
        shown = "is not set" if value is None else f"is {value}"
        return scope.failed(instance, f"{where}, where {parameter} {shown}", evidence=evidence)
    if apply_status == "pending-reboot":
        return scope.failed(
            instance,
            f"{where} with {parameter}={value}, but changes await a reboot, so it may not be in effect",
            evidence=evidence,
        )
    return scope.passed(instance, f"{where}, which sets {parameter}={value}", evidence=evidence)
