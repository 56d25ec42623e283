"""EC2 connectivity beyond one VPC: transit gateways that do not accept shared attachments on their own, and
Site-to-Site VPN tunnels up. A transit gateway another account shares with this one is judged in its owner's
account.

An account or region without any VPN connection has no on-premises path to judge: the check is then not
applicable there (the evaluator reports an empty scope), which is what an auditor expects of a cloud-only
workload. Whether on-premises clients reach data over the internet instead is not visible in the AWS
configuration; the FSI isolation control keeps that question with the customer."""

from __future__ import annotations

from checks._lib.applicability import gone_verdict, owned_elsewhere
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


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
    skipped = owned_elsewhere(gateway, scope, gateway.data.get("OwnerId"), label) or gone_verdict(
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
    gone = gone_verdict(connection, scope, state, label)
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
