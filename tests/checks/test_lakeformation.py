"""Lake Formation checks: administrators set and no default IAM permissions on new databases and tables."""

from __future__ import annotations

from typing import Any

from checks.lakeformation import admins_set, default_permissions
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def table() -> Item:
    return item(f"arn:aws:glue:{REGION}:{ACCOUNT}:table/db/t", {"Location": "s3://lake/t/"}, name="db.t")


IAM_ALLOWED = [
    {"Principal": {"DataLakePrincipalIdentifier": "IAM_ALLOWED_PRINCIPALS"}, "Permissions": ["ALL"]}
]


ADMIN = {"DataLakePrincipalIdentifier": f"arn:aws:iam::{ACCOUNT}:role/DataLakeAdmin"}


def lake(settings: dict[str, Any], tables: int = 1) -> InventoryBuilder:
    arn = f"arn:aws:lakeformation:{REGION}:{ACCOUNT}:catalog:{ACCOUNT}"
    return (
        InventoryBuilder()
        .add("lakeformation.settings", [item(arn, settings, name="data lake settings")])
        .add("glue.tables", [table()][:tables])
    )


def test_admins_set() -> None:
    [named] = run_check(admins_set, lake({"DataLakeAdmins": [ADMIN]}))
    assert named.status is Status.PASS and "DataLakeAdmin" in named.message
    assert statuses(run_check(admins_set, lake({"DataLakeAdmins": []}))) == ["FAIL"]
    assert statuses(run_check(admins_set, lake({"DataLakeAdmins": []}, tables=0))) == ["NOT_APPLICABLE"]
    denied = lake({}).unavailable("lakeformation.settings", ACCESS_DENIED)
    assert statuses(run_check(admins_set, denied)) == ["ERROR"]


def test_default_permissions() -> None:
    governed = {"CreateDatabaseDefaultPermissions": [], "CreateTableDefaultPermissions": []}
    assert statuses(run_check(default_permissions, lake(governed))) == ["PASS"]
    [legacy] = run_check(
        default_permissions, lake({**governed, "CreateTableDefaultPermissions": IAM_ALLOWED})
    )
    assert legacy.status is Status.FAIL and "CreateTableDefaultPermissions" in legacy.message
    assert statuses(run_check(default_permissions, lake(governed, tables=0))) == ["NOT_APPLICABLE"]
    no_tables = lake(governed).unavailable("glue.tables", ACCESS_DENIED)
    assert statuses(run_check(default_permissions, no_tables)) == ["ERROR"]
