"""Which services AWS offers in which region, from botocore's endpoint data, with the user's overrides.

A regional dataset whose service AWS does not offer in a region is not collected there: its checks say
NOT_APPLICABLE ("service not offered") instead of spending retries on an endpoint that does not exist.
The data is trusted only where it can know: a service it does not list at all, or a region it does not know
(endpoint data older than the region), counts as offered, so stale data costs a call, never a verdict.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

import botocore
import botocore.session


def parse_overrides(values: Iterable[str]) -> frozenset[tuple[str, str | None]]:
    """`--assume-offered` values: SERVICE (offered everywhere) or SERVICE:REGION."""
    found: set[tuple[str, str | None]] = set()
    for value in values:
        service, _, region = value.strip().partition(":")
        if not service:
            raise ValueError(f"--assume-offered {value!r}: expected SERVICE or SERVICE:REGION")
        found.add((service, region or None))
    return frozenset(found)


class ServiceRegions:
    """Answers "is SERVICE offered in REGION?" (SERVICE is the boto3 client name, e.g. "macie2")."""

    def __init__(
        self,
        session: botocore.session.Session | None = None,
        assume_offered: frozenset[tuple[str, str | None]] = frozenset(),
    ) -> None:
        self._session = session or botocore.session.get_session()
        self._overrides = assume_offered
        self._lock = threading.Lock()
        self._regions: dict[tuple[str, str], frozenset[str]] = {}
        self._partition_regions: dict[str, frozenset[str]] = {}

    def offered(self, service: str, region: str) -> bool:
        if (service, None) in self._overrides or (service, region) in self._overrides:
            return True
        partition = self._partition_of(region)
        if partition is None or region not in self._known_regions(partition):
            return True
        listed = self._service_regions(service, partition)
        return not listed or region in listed

    def reason(self, service: str, region: str) -> str:
        return (
            f"{service} is not offered in {region} (botocore {botocore.__version__} endpoint data; "
            f"--assume-offered {service}:{region} scans it anyway)"
        )

    def _partition_of(self, region: str) -> str | None:
        try:
            return str(self._session.get_partition_for_region(region))
        except Exception:  # noqa: BLE001 - an unknown region: the data cannot say, so it is offered
            return None

    def _known_regions(self, partition: str) -> frozenset[str]:
        with self._lock:
            if partition not in self._partition_regions:
                data: Any = self._session.get_data("endpoints")
                regions = {
                    name
                    for p in data.get("partitions", [])
                    if p.get("partition") == partition
                    for name in p.get("regions", {})
                }
                self._partition_regions[partition] = frozenset(regions)
            return self._partition_regions[partition]

    def _service_regions(self, service: str, partition: str) -> frozenset[str]:
        key = (service, partition)
        with self._lock:
            if key not in self._regions:
                self._regions[key] = frozenset(self._session.get_available_regions(service, partition))
            return self._regions[key]
