"""Read a docker-bench-security JSON report (local file or s3:// object) into an inventory record.

The report (`docker-bench-security.sh -l FILE` writes FILE.json) looks like
{"dockerbenchsecurity": VERSION, "start": T, "tests": [{"id": "1", "desc": ..., "results": [{"id": "1.1.1",
"desc": ..., "result": "PASS|WARN|INFO|NOTE", "details": ..., "items": [...]}]}], "checks": N, "score": N}.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from scanner.aws.storage import S3Location, is_s3_uri, output_client
from scanner.errors import ConfigError
from scanner.evidence import EvidenceStore
from scanner.host.targets import DOCKER_BENCH, host_account, resource_id
from scanner.inventory import DatasetKey, DatasetRecord, Item
from scanner.model import GLOBAL_REGION

MAX_REPORT_BYTES = 20 * 1024 * 1024  # a real report is tens of kilobytes
MAX_NESTING = 64  # a real report nests about six levels; json.loads recurses once per level


def read_report_text(source: str, session: boto3.Session | None = None) -> str:
    """The report's text from a local path or an s3://bucket/key URI (an object read, nothing written).

    Refuses (ConfigError) a report larger than MAX_REPORT_BYTES or one that is not UTF-8 text."""
    if not is_s3_uri(source):
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_REPORT_BYTES + 1)
        except OSError as exc:
            raise ConfigError(
                f"{source}: cannot read the docker-bench-security report: {exc.strerror}"
            ) from exc
        return _decoded(data, source)
    location = S3Location.parse(source)
    key = location.prefix.rstrip("/")
    if not key:
        raise ConfigError(f"{source}: name the report object (s3://bucket/key), not only a bucket")
    client = output_client(session or boto3.Session(), S3Location(location.bucket, ""))
    body: bytes = client.get_object(Bucket=location.bucket, Key=key)["Body"].read(MAX_REPORT_BYTES + 1)
    return _decoded(body, source)


def _decoded(data: bytes, source: str) -> str:
    if len(data) > MAX_REPORT_BYTES:
        raise ConfigError(
            f"{source}: the report is larger than {MAX_REPORT_BYTES} bytes; is this the right file?"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{source}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "docker-bench-security writes its JSON report in UTF-8"
        ) from None


def parse_report(text: str, source: str) -> dict[str, Any]:
    """The report as a dict, its shape checked; ConfigError naming `source` and the problem otherwise."""
    too_deep = _not_a_report(source, f"JSON nested more than {MAX_NESTING} levels deep")
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{source}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:  # the decoder recurses once per level: about a thousand levels stop it
        raise too_deep from None
    if _depth_exceeds(report, MAX_NESTING):  # fewer levels still break whatever walks the report later
        raise too_deep
    if not isinstance(report, dict) or not isinstance(report.get("tests"), list):
        raise ConfigError(f'{source}: not a docker-bench-security report (no "tests" list)')
    for index, section in enumerate(report["tests"]):
        where = f"tests[{index}]"
        if not isinstance(section, dict):
            raise _not_a_report(source, f"{where} is {_kind(section)}, not an object")
        results = section.get("results", [])
        if not isinstance(results, list):
            raise _not_a_report(source, f'"results" of {where} is {_kind(results)}, not a list')
        for position, test in enumerate(results):
            if not isinstance(test, dict):
                raise _not_a_report(source, f"{where}.results[{position}] is {_kind(test)}, not an object")
    return report


def _not_a_report(source: str, problem: str) -> ConfigError:
    return ConfigError(f"{source}: not a docker-bench-security report ({problem})")


def _depth_exceeds(value: object, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit` in a decoded value (walked without recursion)."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if not isinstance(current, dict | list):
            continue
        if depth > limit:
            return True
        children = current.values() if isinstance(current, dict) else current
        pending.extend((child, depth + 1) for child in children)
    return False


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


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
