"""Run directories in S3: publish a finished run under an s3:// prefix, read one back, list runs.

Writing the evidence pack to the user's own results bucket is the scanner's output, not a change to the
audited configuration. It uses its own client whose guard allows only object reads and writes in that bucket.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from scanner.aws.sessions import endpoint_safe_client
from scanner.errors import ConfigError, ReadOnlyViolationError
from scanner.runrecord import parse_run

OUTPUT_OPERATIONS = frozenset({"PutObject", "GetObject", "ListObjectsV2", "HeadObject"})


@dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str  # "" or ending in "/"

    @classmethod
    def parse(cls, uri: str) -> S3Location:
        if not uri.startswith("s3://"):
            raise ConfigError(f"{uri}: not an s3:// URI")
        bucket, _, prefix = uri[5:].partition("/")
        if not bucket:
            raise ConfigError(f"{uri}: no bucket name")
        return cls(bucket, prefix.rstrip("/") + "/" if prefix.strip("/") else "")

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def key(self, relative: str) -> str:
        return f"{self.prefix}{relative}"


def is_s3_uri(value: str) -> bool:
    return value.startswith("s3://")


def output_client(session: boto3.Session, location: S3Location) -> Any:
    """An S3 client that may only read and write objects in the output bucket."""
    client = endpoint_safe_client(session, "s3", None)

    def guard(model: Any, params: dict[str, Any], **_: Any) -> None:
        bucket = params.get("url_path", "") if isinstance(params, dict) else ""
        if model.name not in OUTPUT_OPERATIONS:
            raise ReadOnlyViolationError(
                f"refused s3:{model.name}: the output client only reads and writes objects"
            )
        if location.bucket not in str(params.get("url", "")) + bucket:
            raise ReadOnlyViolationError(
                f"refused s3:{model.name} outside the output bucket {location.bucket}"
            )

    client.meta.events.register("before-call.s3", guard)
    return client


def upload_run(local: Path, location: S3Location, session: boto3.Session) -> int:
    """Copy every file of a local run directory under the S3 prefix; returns the number of files."""
    client = output_client(session, location)
    count = 0
    for path in sorted(p for p in local.rglob("*") if p.is_file()):
        relative = path.relative_to(local).as_posix()
        client.put_object(Bucket=location.bucket, Key=location.key(relative), Body=path.read_bytes())
        count += 1
    return count


def _keys(client: Any, location: S3Location) -> Iterator[str]:
    token: str | None = None
    while True:
        page = client.list_objects_v2(
            Bucket=location.bucket, Prefix=location.prefix, **({"ContinuationToken": token} if token else {})
        )
        for entry in page.get("Contents", []):
            yield entry["Key"]
        token = page.get("NextContinuationToken")
        if not token:
            return


def download_run(location: S3Location, local: Path, session: boto3.Session) -> Path:
    """Fetch a run directory stored under an S3 prefix into a local folder."""
    client = output_client(session, location)
    found = False
    for key in _keys(client, location):
        relative = key[len(location.prefix) :]
        if not relative or relative.endswith("/"):
            continue
        target = local / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(client.get_object(Bucket=location.bucket, Key=key)["Body"].read())
        found = True
    if not found:
        raise ConfigError(f"{location}: no run found there")
    return local


def list_runs(location: S3Location, session: boto3.Session) -> list[dict[str, Any]]:
    """Runs stored one level under the prefix (<prefix><run>/run.json), oldest first."""
    client = output_client(session, location)
    runs = []
    for key in _keys(client, location):
        relative = key[len(location.prefix) :]
        if relative.count("/") == 1 and relative.endswith("/run.json"):
            body = client.get_object(Bucket=location.bucket, Key=key)["Body"].read()
            run = parse_run(body, f"s3://{location.bucket}/{key}")
            runs.append(
                {
                    "run_id": run.run_id,
                    "started_at": run.started_at,
                    "evaluated_at": run.evaluated_at or "",
                    "path": f"{location}{relative.removesuffix('run.json')}",
                    "accounts": len(run.accounts),
                }
            )
    return sorted(runs, key=lambda r: str(r["started_at"]))
