"""Tags the seeds put on resources of several services."""

from __future__ import annotations

from checks._lib.criticality import CRITICALITY_TAG

# The team that owns each account (shared-services has none on record): its Owner tag, and the BucketOwner
# tag of its data bucket.
OWNERS = {
    "management": "cloud-platform",
    "security": "security-operations",
    "log-archive": "security-operations",
    "networking": "network-engineering",
    "shared-services": "",
    "tenant-a": "claims-engineering",
    "tenant-b": "billing-engineering",
}

# The tier-1 designation (controlmap:criticality=tier-1) that the recovery and protection checks look for.
TIER_ONE = {"Key": CRITICALITY_TAG[0], "Value": CRITICALITY_TAG[1]}


def owner_tag(account_name: str) -> dict[str, str]:
    """The owner tag the landing zone's tag policy asks of every workgroup."""
    return {"Key": "owner", "Value": account_name}
