"""Which resources are designated tier-1, for the checks that ask more of critical data stores and endpoints
(cross-region recovery, Shield Advanced protection).

A resource is tier-1 when it carries the tag controlmap:criticality=tier-1 (the same controlmap:* tag
convention as controlmap:purpose on SNS topics; see docs/configuration.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CRITICALITY_TAG = ("controlmap:criticality", "tier-1")
DESIGNATION = "=".join(CRITICALITY_TAG)


def is_tier_one(tags: Mapping[str, Any]) -> bool:
    """Whether a tag map (key -> value) designates the resource tier-1; the value is compared without case."""
    key, value = CRITICALITY_TAG
    return str(tags.get(key, "")).strip().lower() == value
