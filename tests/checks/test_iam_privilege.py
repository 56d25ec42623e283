"""IAM: no workload role has a broad AWS managed policy attached."""

from __future__ import annotations

from checks.iam_privilege import no_broad_managed_policies
from scanner.inventory import Item
from scanner.model import Result, Status
from tests.builders import ACCESS_DENIED, ACCOUNT, InventoryBuilder, item, run_check, statuses


def role(name: str, *policies: str, path: str = "/", tags: dict[str, str] | None = None) -> Item:
    arn = f"arn:aws:iam::{ACCOUNT}:role{path}{name}"
    data = {"RoleName": name, "Arn": arn, "Path": path, "Tags": tags or {}, "BroadPolicies": list(policies)}
    return item(arn, data, name=name)


def _run(*roles: Item) -> list[Result]:
    return run_check(no_broad_managed_policies, InventoryBuilder().add("iam.broad-policy-roles", list(roles)))


def test_passes_when_no_role_or_only_excluded_roles_have_broad_policies() -> None:
    [none] = _run()
    assert none.status is Status.PASS and "no workload role" in none.message
    excluded = _run(
        role(
            "AWSServiceRoleForSupport", "AdministratorAccess", path="/aws-service-role/support.amazonaws.com/"
        ),
        role("AWSReservedSSO_Admin_1", "AdministratorAccess", path="/aws-reserved/sso.amazonaws.com/"),
        role("org-admin", "AdministratorAccess", tags={"controlmap:purpose": "administration"}),
        role("break-glass", "AdministratorAccess", tags={"controlmap:purpose": "break-glass"}),
    )
    [result] = excluded
    assert result.status is Status.PASS and "break-glass" in result.message and result.evidence


def test_fails_for_each_workload_role_with_a_broad_policy() -> None:
    results = _run(
        role("etl", "AmazonS3FullAccess", "SecretsManagerReadWrite"),
        role("app", "PowerUserAccess", tags={"controlmap:purpose": "workload"}),
        role("org-admin", "AdministratorAccess", tags={"controlmap:purpose": "administration"}),
    )
    assert statuses(results) == ["FAIL", "FAIL"]
    assert "etl has AmazonS3FullAccess, SecretsManagerReadWrite" in results[0].message
    assert "app has PowerUserAccess" in results[1].message


def test_errors_when_the_attachments_cannot_be_read() -> None:
    denied = InventoryBuilder().unavailable("iam.broad-policy-roles", ACCESS_DENIED)
    assert statuses(run_check(no_broad_managed_policies, denied)) == ["ERROR"]
