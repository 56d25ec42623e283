"""Lake Formation governance: table locations registered, external filtering scoped, sharing version."""

from __future__ import annotations

from typing import Any

from checks.lakeformation_governance import (
    cross_account_version,
    external_filtering_scoped,
    table_location_registered,
)
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, org_of, run_check

MGMT = "999999999999"
OUTSIDER = "444444444444"
SETTINGS_ARN = f"arn:aws:lakeformation:{REGION}:{ACCOUNT}:catalog:{ACCOUNT}"


def table(location: str | None = "s3://lake/sales/orders/") -> Item:
    return item(
        f"arn:aws:glue:{REGION}:{ACCOUNT}:table/sales/orders", {"Location": location}, name="sales.orders"
    )


def registered(path: str, hybrid: bool | None = None) -> Item:
    data: dict[str, Any] = {"ResourceArn": f"arn:aws:s3:::{path}", "RoleArn": "role"}
    if hybrid is not None:
        data["HybridAccessEnabled"] = hybrid
    return item(f"arn:aws:s3:::{path}", data, name=path)


def run_table(t: Item, *resources: Item) -> Result:
    inv = InventoryBuilder().add("glue.tables", [t]).add("lakeformation.resources", list(resources))
    [result] = run_check(table_location_registered, inv)
    return result


def test_location_passes_when_a_parent_prefix_is_registered_without_hybrid_access() -> None:
    for path in ("lake", "lake/sales", "lake/sales/orders/", "lake/sales/orders"):
        result = run_table(table(), registered(path, hybrid=False))
        assert result.status is Status.PASS, path
    assert run_table(table(), registered("lake")).status is Status.PASS  # moto omits HybridAccessEnabled


def test_location_fails_when_unregistered_or_in_hybrid_mode() -> None:
    assert run_table(table()).status is Status.FAIL
    # A sibling folder whose name starts the same does not cover the table.
    assert run_table(table(), registered("lake/sal"), registered("other")).status is Status.FAIL
    hybrid = run_table(table(), registered("lake", hybrid=True))
    assert hybrid.status is Status.FAIL and "hybrid" in hybrid.message


def test_location_errors_and_not_applicable() -> None:
    inv = (
        InventoryBuilder().add("glue.tables", [table()]).unavailable("lakeformation.resources", ACCESS_DENIED)
    )
    assert [r.status for r in run_check(table_location_registered, inv)] == [Status.ERROR]
    assert run_table(table(None)).status is Status.NOT_APPLICABLE
    assert run_table(table("https://example.com/data")).status is Status.NOT_APPLICABLE


def settings(**data: Any) -> Item:
    return item(SETTINGS_ARN, data, name=f"data lake settings {REGION}")


def run_settings(check: Any, s: Item, *, org: bool = True, tables: list[Item] | None = None) -> Result:
    inv = (
        InventoryBuilder()
        .add("lakeformation.settings", [s])
        .add("glue.tables", [table()] if tables is None else tables)
    )
    tree = org_of(MGMT, ACCOUNT) if org else None
    accounts = [tree.accounts[ACCOUNT]] if tree else None
    [result] = run_check(check, inv, accounts=accounts, org=tree)
    return result


def allow_list(*identifiers: str) -> list[dict[str, str]]:
    return [{"DataLakePrincipalIdentifier": i} for i in identifiers]


def test_external_filtering_passes_when_off_or_limited_to_the_organization() -> None:
    assert run_settings(external_filtering_scoped, settings()).status is Status.PASS
    inside = settings(
        AllowExternalDataFiltering=True,
        ExternalDataFilteringAllowList=allow_list(ACCOUNT, f"arn:aws:iam::{MGMT}:role/emr"),
        AuthorizedSessionTagValueList=["Amazon EMR"],
    )
    result = run_settings(external_filtering_scoped, inside)
    assert result.status is Status.PASS and "Amazon EMR" in result.message


def test_external_filtering_fails_for_an_outside_account() -> None:
    outside = settings(AllowExternalDataFiltering=True, ExternalDataFilteringAllowList=allow_list(OUTSIDER))
    result = run_settings(external_filtering_scoped, outside)
    assert result.status is Status.FAIL and OUTSIDER in result.message


def test_external_filtering_errors_when_accounts_cannot_be_placed() -> None:
    outside = settings(AllowExternalDataFiltering=True, ExternalDataFilteringAllowList=allow_list(OUTSIDER))
    assert run_settings(external_filtering_scoped, outside, org=False).status is Status.ERROR
    nameless = settings(AllowExternalDataFiltering=True, ExternalDataFilteringAllowList=allow_list("engine"))
    assert run_settings(external_filtering_scoped, nameless).status is Status.ERROR
    inv = InventoryBuilder().unavailable("lakeformation.settings").add("glue.tables", [table()])
    assert [r.status for r in run_check(external_filtering_scoped, inv)] == [Status.ERROR]
    no_tables = run_settings(external_filtering_scoped, outside, tables=[])
    assert no_tables.status is Status.NOT_APPLICABLE


def test_cross_account_version() -> None:
    for value, status in (
        ("3", Status.PASS),
        ("4", Status.PASS),
        ("2", Status.FAIL),
        ("latest", Status.ERROR),
    ):
        result = run_settings(cross_account_version, settings(Parameters={"CROSS_ACCOUNT_VERSION": value}))
        assert result.status is status, value
    absent = run_settings(cross_account_version, settings(Parameters={}))
    assert absent.status is Status.FAIL and "version 1" in absent.message
    inv = InventoryBuilder().unavailable("lakeformation.settings").add("glue.tables", [table()])
    assert [r.status for r in run_check(cross_account_version, inv)] == [Status.ERROR]
