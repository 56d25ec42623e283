"""Connectivity beyond one VPC: DNS query logging on every VPC, transit gateways that do not accept shared
attachments on their own, Site-to-Site VPN tunnels up, and Direct Connect links encrypted with MACsec.

Resources another account owns and shares with this one (a VPC shared through AWS RAM, a transit gateway the
networking account shares) are judged in the owner's account; here they are not applicable, so one setting is
not reported as many findings.

An account or region without any VPN or Direct Connect connection has no on-premises path to judge: the two
hybrid checks are then not applicable there (the evaluator reports an empty scope), which is what an auditor
expects of a cloud-only workload. Whether on-premises clients reach data over the internet instead is not
visible in the AWS configuration; the FSI isolation control keeps that question with the customer."""

from __future__ import annotations

from collections.abc import Iterator

from checks.vpc import vpc_label
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

GONE_STATES = frozenset({"deleting", "deleted", "rejected"})
ENCRYPTING_MACSEC_MODES = frozenset({"must_encrypt", "should_encrypt"})
MACSEC_UP = "encryption up"


def owned_elsewhere(resource: Item, scope: Scope, owner: object, what: str) -> Result | None:
    """NOT_APPLICABLE when another account owns the resource (it is judged there), else None."""
    if owner and str(owner) != scope.account_id:
        return scope.on_item(
            resource, Status.NOT_APPLICABLE, f"{what} is owned by account {owner} and judged there"
        )
    return None


def _gone(resource: Item, scope: Scope, state: object, what: str) -> Result | None:
    """NOT_APPLICABLE for a resource being deleted or already deleted (it carries no traffic), else None."""
    if str(state or "").lower() in GONE_STATES:
        return scope.on_item(resource, Status.NOT_APPLICABLE, f"{what} is {state}")
    return None


@check(
    id="route53resolver.vpc.query-logging",
    title="Every VPC logs its DNS queries through Route 53 Resolver query logging",
    uses=("ec2.vpcs", "route53resolver.query-log-associations"),
    severity=Severity.MEDIUM,
    rationale="DNS query logs show which domains each workload resolved: the trail investigators follow for "
    "command-and-control callbacks and data exfiltration over DNS, which flow logs alone do not show.",
    remediation="Associate the VPC with a query logging configuration (usually one the networking or "
    "log-archive account shares through AWS RAM) delivering to the central log archive, and fix any "
    "association in a failed state.",
)
def vpc_query_logging(scope: Scope) -> Iterator[Result]:
    """PASS for a VPC this account owns that has a Route 53 Resolver query logging association in status
    ACTIVE. No association, or only associations that are creating, failed, need action or are being deleted,
    is a FAIL. A VPC another account shares with this one is not applicable (its owner associates it)."""
    associations = scope.items("route53resolver.query-log-associations")
    for vpc in scope.items("ec2.vpcs"):
        shared = owned_elsewhere(vpc, scope, vpc.data.get("OwnerId"), vpc_label(vpc))
        if shared is not None:
            yield shared
            continue
        own = [a for a in associations if a.data.get("ResourceId") == vpc.data["VpcId"]]
        active = next((a for a in own if str(a.data.get("Status", "")).upper() == "ACTIVE"), None)
        if active is not None:
            yield scope.passed(
                vpc,
                f"{vpc_label(vpc)} logs DNS queries to query logging configuration "
                f"{active.data.get('ResolverQueryLogConfigId')}",
                evidence=active.evidence,
            )
        elif own:
            found = "; ".join(
                f"{a.data.get('ResolverQueryLogConfigId')}: {a.data.get('Status')}"
                + (f" ({a.data['Error']})" if a.data.get("Error") not in (None, "NONE") else "")
                for a in own
            )
            yield scope.failed(
                vpc,
                f"{vpc_label(vpc)} has no active query logging association ({found})",
                evidence=[d for a in own for d in a.evidence],
            )
        else:
            yield scope.failed(vpc, f"{vpc_label(vpc)} is not associated with a query logging configuration")


@check(
    id="ec2.transit-gateway.no-auto-accept",
    title="Transit gateways do not auto-accept shared attachments",
    for_each="ec2.transit-gateways",
    uses=(),
    severity=Severity.HIGH,
    rationale="With auto-accept on, any account the transit gateway is shared with can attach a VPC or VPN "
    "and, through default route table association and propagation, reach every other attached network: the "
    "segmentation the networking team designed is bypassed without their approval.",
    remediation="aws ec2 modify-transit-gateway --transit-gateway-id ID --options "
    "AutoAcceptSharedAttachments=disable, accept attachments deliberately, and associate them with "
    "segment-specific route tables rather than the default one.",
)
def transit_gateway_no_auto_accept(gateway: Item, scope: Scope) -> Result:
    """PASS when a transit gateway this account owns has AutoAcceptSharedAttachments set to disable; enable
    is a FAIL and a missing value an ERROR. Default route table association and propagation are reported in
    the message and details, not judged (whether a single routing domain is acceptable is a design choice).
    A gateway shared by another account, or being deleted, is not applicable."""
    label = f"transit gateway {gateway.name}"
    skipped = owned_elsewhere(gateway, scope, gateway.data.get("OwnerId"), label) or _gone(
        gateway, scope, gateway.data.get("State"), label
    )
    if skipped is not None:
        return skipped
    options = gateway.data.get("Options") or {}
    auto_accept = str(options.get("AutoAcceptSharedAttachments", "")).lower()
    details = {
        "auto_accept_shared_attachments": options.get("AutoAcceptSharedAttachments"),
        "default_route_table_association": options.get("DefaultRouteTableAssociation"),
        "default_route_table_propagation": options.get("DefaultRouteTablePropagation"),
    }
    routing = (
        f"default route table association {details['default_route_table_association'] or 'unknown'}, "
        f"propagation {details['default_route_table_propagation'] or 'unknown'}"
    )
    if auto_accept == "disable":
        return scope.passed(
            gateway, f"{label} requires shared attachments to be accepted ({routing})", details=details
        )
    if auto_accept == "enable":
        return scope.failed(
            gateway, f"{label} accepts shared attachments automatically ({routing})", details=details
        )
    return scope.on_item(
        gateway,
        Status.ERROR,
        f"not evaluated: {label} reports no AutoAcceptSharedAttachments option",
        details=details,
    )


@check(
    id="ec2.vpn-connection.tunnels-up",
    title="Site-to-Site VPN connections are available with both tunnels up",
    for_each="ec2.vpn-connections",
    uses=(),
    severity=Severity.MEDIUM,
    rationale="On-premises clients reach data privately only while the IPsec tunnels are up; a connection "
    "running on one tunnel has lost its redundancy, and a down connection pushes users towards the internet.",
    remediation="Restore the down tunnel(s) (customer gateway device configuration, IKE/IPsec parameters, "
    "routing), and alarm on the TunnelState CloudWatch metric.",
)
def vpn_tunnels_up(connection: Item, scope: Scope) -> Result:
    """PASS when the VPN connection is available and its tunnel telemetry reports two or more tunnels, every
    one with status UP. A connection that is not available, or has a tunnel DOWN, is a FAIL; one that reports
    fewer than two tunnels' telemetry is an ERROR; a deleted or deleting connection is not applicable."""
    label = f"VPN connection {connection.name}"
    state = connection.data.get("State")
    gone = _gone(connection, scope, state, label)
    if gone is not None:
        return gone
    if str(state or "").lower() != "available":
        return scope.failed(connection, f"{label} is {state or 'in an unknown state'}, not available")
    tunnels = connection.data.get("VgwTelemetry") or []
    if len(tunnels) < 2:
        return scope.on_item(
            connection,
            Status.ERROR,
            f"not evaluated: {label} reports telemetry for {len(tunnels)} tunnel(s); a Site-to-Site VPN "
            "connection has two",
        )
    described = ", ".join(f"{t.get('OutsideIpAddress', '?')} {t.get('Status', 'unknown')}" for t in tunnels)
    if all(str(t.get("Status", "")).upper() == "UP" for t in tunnels):
        return scope.passed(connection, f"{label} is available with every tunnel up ({described})")
    return scope.failed(connection, f"{label} has a tunnel that is not up ({described})")


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
    gone = _gone(connection, scope, connection.data.get("connectionState"), label)
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
