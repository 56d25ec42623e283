"""Direct Connect checks: connections are MACsec encrypted."""

from __future__ import annotations

from typing import Any

import pytest

from checks.directconnect import direct_connect_macsec
from scanner.inventory import Item
from tests.builders import ACCESS_DENIED, ACCOUNT, REGION, InventoryBuilder, item, run_check, statuses


def dx(**fields: Any) -> Item:
    data = {
        "connectionId": "dxcon-1",
        "connectionName": "dc-primary",
        "connectionState": "available",
        **fields,
    }
    return item(f"arn:aws:directconnect:{REGION}:{ACCOUNT}:dxcon/dxcon-1", data, name="dc-primary")


@pytest.mark.parametrize(
    "connection,expected",
    [
        (dx(macSecCapable=True, encryptionMode="must_encrypt", portEncryptionStatus="Encryption Up"), "PASS"),
        (
            dx(macSecCapable=True, encryptionMode="should_encrypt", portEncryptionStatus="Encryption Up"),
            "PASS",
        ),
        (
            dx(macSecCapable=True, encryptionMode="must_encrypt", portEncryptionStatus="Encryption Down"),
            "FAIL",
        ),
        (dx(macSecCapable=True, encryptionMode="no_encrypt", portEncryptionStatus="Encryption Down"), "FAIL"),
        (dx(macSecCapable=False), "FAIL"),
        (dx(connectionState="deleted"), "NOT_APPLICABLE"),
    ],
)
def test_direct_connect_needs_macsec_encryption_up(connection: Item, expected: str) -> None:
    inventory = InventoryBuilder().add("directconnect.connections", [connection])
    assert statuses(run_check(direct_connect_macsec, inventory)) == [expected]


def test_direct_connect_names_what_is_missing_and_errors_when_unreadable() -> None:
    [result] = run_check(
        direct_connect_macsec, InventoryBuilder().add("directconnect.connections", [dx(macSecCapable=False)])
    )
    assert "encryption mode not set" in result.message and "not MACsec capable" in result.message
    denied = InventoryBuilder().unavailable("directconnect.connections", ACCESS_DENIED)
    assert statuses(run_check(direct_connect_macsec, denied)) == ["ERROR"]
