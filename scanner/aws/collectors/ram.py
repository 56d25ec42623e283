"""AWS RAM: resource shares this account owns (with the principals they reach), and shares and invitations
it received from other accounts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def share_principals(api: Api, share_arn: str) -> list[dict[str, Any]]:
    """The principal associations of one share: account ids, organization or OU ARNs, IAM principals."""
    associations: list[dict[str, Any]] = api.paginate(
        "get_resource_share_associations",
        "resourceShareAssociations",
        associationType="PRINCIPAL",
        resourceShareArns=[share_arn],
    )
    return associations


def collect_owned_shares(api: Api) -> Iterator[Item]:
    for share in api.paginate("get_resource_shares", "resourceShares", resourceOwner="SELF"):
        builder = api.resource(
            share["resourceShareArn"], share.get("name") or share["resourceShareArn"], share
        )
        builder.aspect("Principals", share_principals, api, share["resourceShareArn"])
        yield builder.build()


def collect_received(api: Api) -> Iterator[Item]:
    # Shares in use from other accounts, and invitations (accepted or not) their owners sent to this account.
    for share in api.paginate("get_resource_shares", "resourceShares", resourceOwner="OTHER-ACCOUNTS"):
        data = {"Kind": "share", "FromAccount": share.get("owningAccountId"), **share}
        yield api.resource(
            share["resourceShareArn"], share.get("name") or share["resourceShareArn"], data
        ).build()
    for invitation in api.paginate("get_resource_share_invitations", "resourceShareInvitations"):
        data = {"Kind": "invitation", "FromAccount": invitation.get("senderAccountId"), **invitation}
        name = invitation.get("resourceShareName") or invitation["resourceShareInvitationArn"]
        yield api.resource(invitation["resourceShareInvitationArn"], name, data).build()


DATASETS = (
    Dataset(
        name="ram.owned-shares",
        service="ram",
        reach=Reach.REGIONAL,
        description="RAM resource shares this account owns: status, whether principals outside the "
        "organization are allowed, and the principals each share is associated with.",
        calls={
            "GetResourceShares": "ram:GetResourceShares",
            "GetResourceShareAssociations": "ram:GetResourceShareAssociations",
        },
        collect=collect_owned_shares,
    ),
    Dataset(
        name="ram.received-shares",
        service="ram",
        reach=Reach.REGIONAL,
        description="RAM resource shares other accounts share with this account, and the share invitations "
        "this account received, with the owning or sending account.",
        calls={
            "GetResourceShares": "ram:GetResourceShares",
            "GetResourceShareInvitations": "ram:GetResourceShareInvitations",
        },
        collect=collect_received,
    ),
)
