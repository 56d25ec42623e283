"""Shield Advanced: the account's protections, each naming the resource (ARN) it protects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item

# Without a Shield Advanced subscription, ListProtections answers ResourceNotFoundException ("The subscription
# does not exist"): no protections, which is data, not an error.
NO_SUBSCRIPTION = ("ResourceNotFoundException",)


def _protections(api: Api) -> Iterator[dict[str, Any]]:
    """Every protection, following NextToken by hand because the first page may be the absent answer."""
    token: str | None = None
    seen: set[str] = set()
    while True:
        page = api.optional(
            "list_protections", absent=NO_SUBSCRIPTION, **({"NextToken": token} if token else {})
        )
        if page is None:
            return
        yield from page.get("Protections") or []
        token = page.get("NextToken")
        if not token or token in seen:
            return
        seen.add(token)


def collect_protections(api: Api) -> Iterator[Item]:
    # Shield Advanced is answered by one endpoint (us-east-1) for the whole account, whatever the region.
    for protection in _protections(api):
        arn = protection.get("ProtectionArn") or f"{api.account_id}/shield-protection/{protection['Id']}"
        yield api.resource(arn, protection.get("Name") or protection["Id"], protection).build()


DATASETS = (
    Dataset(
        name="shield.protections",
        service="shield",
        reach=Reach.GLOBAL,
        description="Shield Advanced protections and the resource each one protects (none without a "
        "subscription).",
        calls={"ListProtections": "shield:ListProtections"},
        collect=collect_protections,
    ),
)
