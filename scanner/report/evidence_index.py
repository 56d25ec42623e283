"""The assessor's evidence index: for every control row, the check results it rests on and the evidence files
behind each, with what each file answers (service, operation) and when it was collected."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner import atomicfile, rundir
from scanner.model import ControlResult
from scanner.report.registers import csv_text

INDEX = "evidence-index.csv"
COLUMNS = (
    "catalog",
    "control_id",
    "account_id",
    "control_status",
    "check_id",
    "result_account_id",
    "region",
    "resource_id",
    "result_status",
    "evidence_sha256",
    "service",
    "operation",
    "collected_at",
)


@dataclass(frozen=True)
class EvidenceFacts:
    service: str
    operation: str
    collected_at: str  # "" for evidence written before files carried their collection time


def evidence_facts(out: Path, digests: Sequence[str]) -> dict[str, EvidenceFacts]:
    """What each cited evidence file answers and when, read from the file itself."""
    facts = {}
    for digest in sorted(set(digests)):
        path = out / rundir.EVIDENCE / f"{digest}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            facts[digest] = EvidenceFacts("", "", "")  # `verify` names a missing or altered file
            continue
        facts[digest] = EvidenceFacts(
            str(data.get("service", "")), str(data.get("operation", "")), str(data.get("collected_at", ""))
        )
    return facts


def index_rows(
    controls: Sequence[ControlResult], facts: Mapping[str, EvidenceFacts]
) -> Iterator[tuple[str, ...]]:
    """One row per (control row, cited result, evidence file); a result citing no file still has its row."""
    for control in controls:
        head = (control.catalog, control.control_id, control.account_id, control.status.value)
        for ref in control.results:
            result = (
                str(ref.get("check_id", "")),
                str(ref.get("account_id", "")),
                str(ref.get("region", "")),
                str(ref.get("resource_id", "")),
                str(ref.get("status", "")),
            )
            for digest in ref.get("evidence", ()) or ("",):
                fact = facts.get(digest, EvidenceFacts("", "", ""))
                yield (*head, *result, digest, fact.service, fact.operation, fact.collected_at)


def write_evidence_index(out: Path, folder: str, controls: Sequence[ControlResult]) -> Path:
    digests = [d for c in controls for ref in c.results for d in ref.get("evidence", ())]
    facts = evidence_facts(out, digests)
    path = out / folder / INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicfile.write_text(path, csv_text(COLUMNS, index_rows(controls, facts)))
    return path
