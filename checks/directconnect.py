"""Direct Connect checks: links to on-premises networks are encrypted with MACsec.

An account or region without any Direct Connect connection has no on-premises path to judge: the check is then
not applicable there (the evaluator reports an empty scope), which is what an auditor expects of a cloud-only
workload. Whether on-premises clients reach data over the internet instead is not visible in the AWS
configuration; the FSI isolation control keeps that question with the customer."""

from __future__ import annotations

from checks._lib.applicability import gone_verdict
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity

ENCRYPTING_MACSEC_MODES = frozenset({"must_encrypt", "should_encrypt"})
MACSEC_UP = "encryption up"


@check(
    id="directconnect.connection.macsec",
    title="Direct Connect connections are encrypted with MACsec",
    for_each="directconnect.connections",
    uses=(),
    severity=Severity.HIGH,
    rationale="Direct Connect is private but not encrypted: without MACsec (or an IPsec VPN over it), data "
    "crosses the colocation facility and the provider's network in clear text.",
    remediation="Use a MACsec-capable dedicated connection, associate a CKN/CAK secret, set the encryption "
    "mode to must_encrypt (aws directconnect update-connection --encryption-mode must_encrypt) and confirm "
    "the port reports Encryption Up.",
)
def direct_connect_macsec(connection: Item, scope: Scope) -> Result:
    """PASS when the Direct Connect connection's encryption mode is must_encrypt or should_encrypt and its
    port encryption status is "Encryption Up" (MACsec is protecting the link now). Any other mode or status,
    including a connection that is not MACsec capable, is a FAIL; a deleted, deleting or rejected connection
    is not applicable."""
    label = f"Direct Connect connection {connection.name}"
    gone = gone_verdict(connection, scope, connection.data.get("connectionState"), label)
    if gone is not None:
        return gone
    mode = connection.data.get("encryptionMode")
    port = connection.data.get("portEncryptionStatus")
    details = {
        "mac_sec_capable": connection.data.get("macSecCapable"),
        "encryption_mode": mode,
        "port_encryption_status": port,
    }
    described = f"encryption mode {mode or 'not set'}, port encryption status {port or 'not reported'}"
    if str(mode or "").lower() in ENCRYPTING_MACSEC_MODES and str(port or "").lower() == MACSEC_UP:
        return scope.passed(connection, f"{label} is MACsec encrypted ({described})", details=details)
    capable = "" if connection.data.get("macSecCapable") else "; the port is not MACsec capable"
    return scope.failed(
        connection, f"{label} is not MACsec encrypted ({described}){capable}", details=details
    )
