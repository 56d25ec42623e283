"""What a dataset is: a named set of resources, its reach, and the API calls (with IAM actions) it takes.

The spec is plain data, so the evaluator and the checks can name datasets without loading the AWS SDK;
how a dataset is collected lives with its collector in scanner/aws/collectors/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from scanner.inventory import Item


class Reach(StrEnum):
    """GLOBAL datasets are collected once per account; REGIONAL ones in every region in scope."""

    GLOBAL = "global"
    REGIONAL = "regional"


@dataclass(frozen=True)
class Dataset:
    """A named set of resources, how to collect it, and exactly which API operations that takes."""

    name: str
    service: str
    reach: Reach
    description: str
    calls: Mapping[str, str]  # API operation name (e.g. "GetBucketEncryption") -> IAM action
    # How to collect it: called with the scanner.aws.collectors.base.Api of one account and region.
    collect: Callable[[Any], Iterable[Item]] = field(compare=False, repr=False)
    # Organization-wide data (delegated administrators, org configuration) readable only from the management
    # account or a delegated administrator: collected once, in the account the organization was read from.
    org_level: bool = False

    @property
    def permissions(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.calls.values())))
