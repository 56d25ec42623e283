"""Is a bucket one of the log-archive account's? Decided from that account's own bucket inventory, since a
bucket's owner cannot be read across accounts without access to it."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.checkapi import Scope
from scanner.inventory import Item
from scanner.model import Status

LOG_ARCHIVE_ROLE = "log-archive"


@dataclass(frozen=True)
class BucketHome:
    status: Status  # PASS: in a log-archive account; FAIL: in none; ERROR: an inventory could not be read
    message: str
    evidence: tuple[str, ...] = ()
    bucket: Item | None = None  # the log-archive account's inventory item for the bucket, on PASS


def log_archive_home(scope: Scope, bucket: str) -> BucketHome:
    """Where `bucket` lives relative to the log-archive account(s) of the landing zone."""
    archives = scope.accounts_in_role(LOG_ARCHIVE_ROLE)
    if not archives:
        return BucketHome(Status.FAIL, "no account holds the log-archive role, so nothing is centralised")
    unreadable: list[str] = []
    for account in archives:
        records = scope.records("s3.buckets", account_id=account)
        if not records or not all(r.available for r in records):
            unreadable.append(
                str(records[0].unavailable) if records else f"account {account} was not scanned"
            )
            continue
        for record in records:
            found = [b for b in record.items if b.name == bucket]
            if found:
                return BucketHome(
                    Status.PASS,
                    f"bucket {bucket} belongs to the log-archive account {account}",
                    found[0].evidence,
                    found[0],
                )
    if unreadable:
        return BucketHome(
            Status.ERROR, f"not evaluated: the log-archive buckets could not be read: {'; '.join(unreadable)}"
        )
    return BucketHome(
        Status.FAIL, f"bucket {bucket} is not a bucket of the log-archive account {', '.join(archives)}"
    )
