"""Systems Manager parameter checks: parameters named like secrets are SecureStrings."""

from __future__ import annotations

from checks.ssm_parameters import parameter_secret_names
from scanner.inventory import Item
from scanner.model import Status
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def parameter(name: str, kind: str | None) -> Item:
    data = {"Name": name, **({"Type": kind} if kind else {})}
    return item(f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name}", data, name=name)


def parameter_results(*parameters: Item) -> list[str]:
    return statuses(run_check(parameter_secret_names, InventoryBuilder().add("ssm.parameters", parameters)))


def test_secure_or_plainly_named_parameters_pass() -> None:
    assert parameter_results(parameter("/app/db_password", "SecureString")) == ["PASS"]
    assert parameter_results(parameter("/app/log_level", "String")) == ["PASS"]
    assert parameter_results(parameter("/app/allowed_hosts", "StringList")) == ["PASS"]


def test_plain_text_parameter_with_secret_name_fails() -> None:
    [result] = run_check(
        parameter_secret_names,
        InventoryBuilder().add("ssm.parameters", [parameter("/app/db_password", "String")]),
    )
    assert result.status is Status.FAIL and "'password' in /app/db_password" in result.message
    assert parameter_results(parameter("/ci/GITHUB_TOKEN", "StringList")) == ["FAIL"]
    assert parameter_results(parameter("/credentials/warehouse/user", "String")) == ["FAIL"]


def test_parameter_unknown_is_error() -> None:
    assert parameter_results(parameter("/app/db_password", None)) == ["ERROR"]
    denied = InventoryBuilder().unavailable("ssm.parameters", ACCESS_DENIED)
    assert statuses(run_check(parameter_secret_names, denied)) == ["ERROR"]
