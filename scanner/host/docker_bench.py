"""Read a docker-bench-security JSON report (local file or s3:// object) into an inventory record.

The report (`docker-bench-security.sh -l FILE` writes FILE.json) looks like
{"dockerbenchsecurity": VERSION, "start": T, "tests": [{"id": "1", "desc": ..., "results": [{"id": "1.1.1",
"desc": ..., "result": "PASS|WARN|INFO|NOTE", "details": ..., "items": [...]}]}], "checks": N, "score": N}.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from scanner.errors import ConfigError
from scanner.evidence import EvidenceStore
from scanner.host.targets import DOCKER_BENCH, host_account, resource_id
from scanner.inventory import DatasetKey, DatasetRecord, Item
from scanner.model import GLOBAL_REGION
from scanner.storage import S3Location, is_s3_uri, output_client


def read_report_text(source: str, session: boto3.Session | None = None) -> str:
    """The report's text from a local path or an s3://bucket/key URI (an object read, nothing written)."""
    if not is_s3_uri(source):
        try:
            with open(source, encoding="utf-8") as handle:
                return handle.read()
        except OSError as exc:
            raise ConfigError(
                f"{source}: cannot read the docker-bench-security report: {exc.strerror}"
            ) from exc
    location = S3Location.parse(source)
    key = location.prefix.rstrip("/")
    if not key:
        raise ConfigError(f"{source}: name the report object (s3://bucket/key), not only a bucket")
    client = output_client(session or boto3.Session(), S3Location(location.bucket, ""))
    body: bytes = client.get_object(Bucket=location.bucket, Key=key)["Body"].read()
    return body.decode("utf-8", errors="replace")


def parse_report(text: str, source: str) -> dict[str, Any]:
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{source}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(report, dict) or not isinstance(report.get("tests"), list):
        raise ConfigError(f'{source}: not a docker-bench-security report (no "tests" list)')
    return report


def bench_record(report: dict[str, Any], source: str, host: str, store: EvidenceStore) -> DatasetRecord:
    """One Item per reported test, each citing the stored report."""
    digest = store.put(
        {"source": "docker-bench-security", "host": host, "location": source, "report": report}
    )
    version = str(report.get("dockerbenchsecurity", "unknown"))
    items: list[Item] = []
    for section in report["tests"]:
        for test in section.get("results", []) if isinstance(section, dict) else []:
            if not isinstance(test, dict) or "id" not in test:
                continue
            test_id = str(test["id"])
            items.append(
                Item(
                    resource_id=resource_id(host, f"docker-bench:{test_id}"),
                    name=test_id,
                    region=GLOBAL_REGION,
                    data={
                        "id": test_id,
                        "desc": str(test.get("desc", "")),
                        "result": str(test.get("result", "")),
                        "details": str(test.get("details", "")),
                        "version": version,
                        "source": source,
                    },
                    evidence=(digest,),
                )
            )
    return DatasetRecord(
        DatasetKey(host_account(host), GLOBAL_REGION, DOCKER_BENCH), items=tuple(items), evidence=(digest,)
    )
