"""Demo: AWS RAM. networking shares its subnets with the organization; tenant-a shares resolver rules with a
partner account and allows external principals. moto answers GetResourceShares for the owner's side only, so
the received shares are answers the simulated accounts give (demo.simulated_apis), read from moto's shares
when the scan asks, as are the invitations: tenant-b has a pending one from the partner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from demo.seeds._lib.outsiders import PARTNER_ACCOUNT
from demo.world import DEMO_REGIONS, HOME, DemoWorld


def seed(world: DemoWorld) -> None:
    _resource_shares(world)
    _received_shares(world)


def _resource_shares(world: DemoWorld) -> None:
    org = world.sessions["management"].client("organizations").describe_organization()["Organization"]
    world.sessions["management"].client("ram", region_name=HOME).enable_sharing_with_aws_organization()
    world.sessions["networking"].client("ram", region_name=HOME).create_resource_share(
        name="shared-subnets", principals=[org["Arn"]], allowExternalPrincipals=False
    )
    world.sessions["tenant-a"].client("ram", region_name=HOME).create_resource_share(
        name="partner-resolver-rules", principals=[PARTNER_ACCOUNT], allowExternalPrincipals=True
    )


def _received_shares(world: DemoWorld) -> None:
    """GetResourceShares(OTHER-ACCOUNTS) from the shares moto holds (moto answers SELF only), plus
    invitations: tenant-b's partner invitation is pending."""
    from moto.ram.models import ram_backends

    organization = world.org.organization_id
    accounts = [world.org.account_id(name) for name in world.sessions]

    def received_by(account: str, region: str) -> list[dict[str, Any]]:
        return [
            share.describe()
            for owner in accounts
            if owner != account
            for share in ram_backends[owner][region].resource_shares
            if account in share.principals or any(p.endswith(f"/{organization}") for p in share.principals)
        ]

    for account in accounts:
        for region in DEMO_REGIONS:

            def shares(
                params: Mapping[str, Any], account: str = account, region: str = region
            ) -> dict[str, Any]:
                if params.get("resourceOwner") == "OTHER-ACCOUNTS":
                    return {"resourceShares": received_by(account, region)}
                return {
                    "resourceShares": [
                        share.describe() for share in ram_backends[account][region].resource_shares
                    ]
                }

            world.apis.answer("ram", "GetResourceShares", shares, account=account, region=region)
    world.apis.answer("ram", "GetResourceShareInvitations", {"resourceShareInvitations": []})
    tenant_b = world.org.account_id("tenant-b")
    partner = f"arn:aws:ram:{HOME}:{PARTNER_ACCOUNT}"
    invitation = {
        "resourceShareInvitationArn": f"{partner}:resource-share-invitation/demo-1",
        "resourceShareName": "partner-analytics-catalog",
        "resourceShareArn": f"{partner}:resource-share/demo-1",
        "senderAccountId": PARTNER_ACCOUNT,
        "receiverAccountId": tenant_b,
        "invitationTimestamp": dt.datetime.now(dt.UTC) - dt.timedelta(days=3),
        "status": "PENDING",
    }
    world.apis.answer(
        "ram",
        "GetResourceShareInvitations",
        {"resourceShareInvitations": [invitation]},
        account=tenant_b,
        region=HOME,
    )
