"""Lake Formation checks: administrators are set, and new databases and tables are not left to IAM alone."""

from __future__ import annotations

from checks.glue import catalog_unused
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS"
DEFAULT_PERMISSION_SETTINGS = ("CreateDatabaseDefaultPermissions", "CreateTableDefaultPermissions")


@check(
    id="lakeformation.admins-set",
    title="Lake Formation has data lake administrators",
    for_each="lakeformation.settings",
    uses=("glue.tables",),
    severity=Severity.MEDIUM,
    rationale="Without a data lake administrator nobody manages Lake Formation permissions, and access to "
    "the catalog's data is left to broad IAM policies.",
    remediation="Name the approved administrators (a role, not an IAM user) in Lake Formation's "
    "administrative roles and tasks (aws lakeformation put-data-lake-settings).",
)
def admins_set(settings: Item, scope: Scope) -> Result:
    """PASS when the region's Data Catalog holds tables and the data lake settings name at least one data
    lake administrator; the administrators are listed for the reviewer (whether they are the approved ones
    is not judged here). Not applicable where the catalog has no tables."""
    no_lake = catalog_unused(settings, scope)
    if no_lake is not None:
        return no_lake
    admins = [str(a.get("DataLakePrincipalIdentifier")) for a in settings.data.get("DataLakeAdmins") or []]
    if admins:
        return scope.passed(settings, f"data lake administrators: {', '.join(admins)}")
    return scope.failed(settings, "no data lake administrator is set")


@check(
    id="lakeformation.default-permissions",
    title="New databases and tables do not grant IAM_ALLOWED_PRINCIPALS",
    for_each="lakeformation.settings",
    uses=("glue.tables",),
    severity=Severity.HIGH,
    rationale="While the default permissions grant IAM_ALLOWED_PRINCIPALS, every new database and table is "
    "governed by IAM policies alone: any principal whose IAM policy allows Glue and S3 reads it, and Lake "
    "Formation's fine-grained permissions are bypassed.",
    remediation="In Lake Formation's Data Catalog settings, clear 'Use only IAM access control for new "
    "databases' and '... new tables' (empty CreateDatabaseDefaultPermissions and "
    "CreateTableDefaultPermissions), then revoke IAMAllowedPrincipals from existing resources.",
)
def default_permissions(settings: Item, scope: Scope) -> Result:
    """PASS when the region's Data Catalog holds tables and neither the default permissions for new
    databases nor those for new tables grant IAM_ALLOWED_PRINCIPALS. Existing grants to
    IAM_ALLOWED_PRINCIPALS are not judged (ListPermissions shows only what the caller may see). Not
    applicable where the catalog has no tables."""
    no_lake = catalog_unused(settings, scope)
    if no_lake is not None:
        return no_lake
    granting = [
        name
        for name in DEFAULT_PERMISSION_SETTINGS
        if any(
            (p.get("Principal") or {}).get("DataLakePrincipalIdentifier") == IAM_ALLOWED_PRINCIPALS
            for p in settings.data.get(name) or []
        )
    ]
    if granting:
        return scope.failed(settings, f"{' and '.join(granting)} grant {IAM_ALLOWED_PRINCIPALS}")
    return scope.passed(settings, f"new databases and tables grant nothing to {IAM_ALLOWED_PRINCIPALS}")
