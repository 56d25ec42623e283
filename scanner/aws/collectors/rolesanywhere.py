"""IAM Roles Anywhere: trust anchors with the CRLs imported for them, and profiles with their session
limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from scanner.aws.collectors.base import Api
from scanner.datasets import Dataset, Reach
from scanner.inventory import Item


def _crl_summary(crl: dict[str, Any]) -> dict[str, Any]:
    """A CRL without its data (the DER list itself stays in the evidence)."""
    return {k: v for k, v in crl.items() if k != "crlData"}


def collect_trust_anchors(api: Api) -> Iterator[Item]:
    anchors = api.paginate("list_trust_anchors", "trustAnchors")
    if not anchors:
        return
    crls = [_crl_summary(c) for c in api.paginate("list_crls", "crls")]
    # CRL freshness is judged against the time they were read, so a replayed run gives the same answer.
    observed = dt.datetime.now(dt.UTC).isoformat()
    for anchor in anchors:
        arn = anchor["trustAnchorArn"]
        data = {**anchor, "Crls": [c for c in crls if c.get("trustAnchorArn") == arn], "ObservedAt": observed}
        yield api.resource(arn, anchor.get("name") or anchor.get("trustAnchorId", arn), data).build()


def collect_profiles(api: Api) -> Iterator[Item]:
    for profile in api.paginate("list_profiles", "profiles"):
        arn = profile["profileArn"]
        yield api.resource(arn, profile.get("name") or profile.get("profileId", arn), profile).build()


DATASETS = (
    Dataset(
        name="rolesanywhere.trust-anchors",
        service="rolesanywhere",
        reach=Reach.REGIONAL,
        description="Roles Anywhere trust anchors (enabled or not, their certificate source) with the "
        "certificate revocation lists imported for each and when they were last updated.",
        calls={"ListTrustAnchors": "rolesanywhere:ListTrustAnchors", "ListCrls": "rolesanywhere:ListCrls"},
        collect=collect_trust_anchors,
    ),
    Dataset(
        name="rolesanywhere.profiles",
        service="rolesanywhere",
        reach=Reach.REGIONAL,
        description="Roles Anywhere profiles: enabled or not, the roles they let certificates assume, and "
        "the session duration they grant.",
        calls={"ListProfiles": "rolesanywhere:ListProfiles"},
        collect=collect_profiles,
    ),
)
