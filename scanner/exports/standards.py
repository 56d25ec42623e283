"""Standard exports of a run: OCSF Compliance Finding events and an OSCAL Assessment Results document.

Both read the same `RunTables` as the other exports and are written under the run's exports/ folder, so the
manifest covers them. Every identifier is derived from the run (fingerprints, catalog/control/account keys,
the run id), never from the clock or a random source: exporting the same run twice gives identical files.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import scanner
from scanner import rundir
from scanner.errors import ConfigError
from scanner.exports.tables import EXPORTS, RunTables, requirements_of
from scanner.model import GLOBAL_REGION, ControlResult, ControlStatus
from scanner.run.pipeline import run_catalogs
from scanner.runrecord import CatalogRecord, PlacementRecord

PRODUCT = "controlmap"
NAMESPACE = "https://controlmap.dev/ns/oscal"  # qualifies our own OSCAL props, as OSCAL asks of extensions
_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)

Row = dict[str, Any]


def _pruned(value: Any) -> Any:
    """`value` without None, empty strings, lists or objects at any depth.

    OSCAL's JSON schema gives every array minItems 1 and OCSF consumers treat an empty string as a value, so
    an attribute we have nothing for is left out rather than written empty. Numbers (a severity_id of 0) stay.
    """
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [v for v in (_pruned(item) for item in value) if v not in (None, "", [], {})]
    return value


def _run_time(tables: RunTables, *keys: str) -> str:
    """The first of the run's timestamps `keys` that is set (ISO 8601); a run without any is unusable here."""
    run = tables.run
    stamps = {
        "started_at": run.started_at,
        "finished_collection_at": run.finished_collection_at,
        "evaluated_at": run.evaluated_at,
    }
    for key in keys:
        if stamps[key]:
            return str(stamps[key])
    raise ConfigError(f"{tables.out / rundir.RUN}: none of {', '.join(keys)} is set; cannot date the export")


def _epoch_ms(stamp: str) -> int:
    """OCSF timestamp_t: milliseconds since the epoch. A stamp without an offset is taken as UTC."""
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def _product_version(tables: RunTables) -> str:
    """The controlmap version that evaluated the run (run.json), else the one exporting it."""
    return tables.run.tool.version or scanner.__version__


def _catalogs(tables: RunTables) -> tuple[CatalogRecord, ...]:
    """The catalogs the run was evaluated against, as run.json describes them."""
    return tables.run.evaluation.catalogs if tables.run.evaluation else ()


def _run_id(tables: RunTables) -> str:
    return tables.run.run_id or tables.out.name


def _partition(resource_id: str) -> str:
    """The AWS partition named in an ARN (aws, aws-cn, aws-us-gov); empty when the id is not an ARN."""
    parts = resource_id.split(":")
    return parts[1] if len(parts) > 2 and parts[0] == "arn" else ""


def _region(row: Row) -> str:
    """A real region, or empty for results on global resources (OCSF and OSCAL have no "global" region)."""
    return "" if row["region"] == GLOBAL_REGION else str(row["region"])


# --- OCSF ---------------------------------------------------------------------------------------------------

OCSF_VERSION = "1.1.0"  # the OCSF version Amazon Security Lake's custom sources take
OCSF_CLASS_UID, OCSF_CLASS_NAME = 2003, "Compliance Finding"
OCSF_CATEGORY_UID, OCSF_CATEGORY_NAME = 2, "Findings"
OCSF_ACTIVITY_ID, OCSF_ACTIVITY_NAME = 1, "Create"
OCSF_FINDING_NEW = 1  # finding.status_id New: the workflow status belongs to whoever triages the finding
OCSF_AWS_ACCOUNT = 10  # account.type_id "AWS Account"
# compliance.status_id in OCSF 1.1.0: 1 Pass, 2 Warning ("did not yield a result due to missing
# information"), 3 Fail, 99 Other (the source's own word goes in `status`).
OCSF_COMPLIANCE = {
    "PASS": (1, "Pass"),
    "FAIL": (3, "Fail"),
    "ERROR": (2, "Warning"),
    "NOT_APPLICABLE": (99, "Not Applicable"),
}
OCSF_UNKNOWN_COMPLIANCE = (0, "Unknown")
OCSF_SEVERITY = {"info": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
OCSF_SEVERITY_NAMES = {0: "Unknown", 1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
OCSF_SEVERITY_CARRIED = frozenset({"FAIL", "ERROR"})  # a pass or nothing-in-scope is informational


def _ocsf_severity(row: Row) -> int:
    """The check's severity for a failure or an unevaluated check (both need a look); else Informational."""
    if row["status"] not in OCSF_SEVERITY_CARRIED:
        return OCSF_SEVERITY["info"]
    return OCSF_SEVERITY.get(row["severity"], 0)


def _ocsf_compliance(row: Row, requirements: list[str], catalogs: list[str]) -> Row:
    """The compliance object: our status mapped to OCSF's (ERROR is never Pass), with the catalog controls
    resting on the check as requirements and the catalogs they belong to as standards (required: the run's
    catalogs, or controlmap's own checks, when no catalog control rests on the check)."""
    status_id, status = OCSF_COMPLIANCE.get(row["status"], OCSF_UNKNOWN_COMPLIANCE)
    standards = sorted({r.split(" ", 1)[0] for r in requirements}) or catalogs or [PRODUCT]
    return {
        "control": row["check_id"],
        "requirements": requirements,
        "standards": standards,
        "status_id": status_id,
        "status": status,
        "status_code": row["status"],
        "status_detail": row["message"],
    }


def _ocsf_resource(tables: RunTables, row: Row) -> Row:
    """The resource the check judged; its type is the dataset the check iterates, or what the check is per."""
    spec = tables.registry.checks.get(row["check_id"])
    kind = (spec.for_each or spec.per.value) if spec is not None else ""
    return {
        "uid": row["resource_id"],
        "type": kind,
        "region": _region(row),
        "cloud_partition": _partition(row["resource_id"]),
    }


def _ocsf_event(tables: RunTables, row: Row, requirements: list[str], catalogs: list[str]) -> Row:
    """One Compliance Finding (class 2003, activity Create) for one result."""
    severity_id = _ocsf_severity(row)
    spec = tables.registry.checks.get(row["check_id"])
    run_id = _run_id(tables)
    return {
        "activity_id": OCSF_ACTIVITY_ID,
        "activity_name": OCSF_ACTIVITY_NAME,
        "category_uid": OCSF_CATEGORY_UID,
        "category_name": OCSF_CATEGORY_NAME,
        "class_uid": OCSF_CLASS_UID,
        "class_name": OCSF_CLASS_NAME,
        "type_uid": OCSF_CLASS_UID * 100 + OCSF_ACTIVITY_ID,
        "type_name": f"{OCSF_CLASS_NAME}: {OCSF_ACTIVITY_NAME}",
        "time": _epoch_ms(_run_time(tables, "started_at")),
        "severity_id": severity_id,
        "severity": OCSF_SEVERITY_NAMES[severity_id],
        "status_id": OCSF_FINDING_NEW,
        "status": "New",
        "message": row["message"] or row["status"],
        "metadata": {
            "version": OCSF_VERSION,
            "uid": f"{run_id}:{row['fingerprint']}",
            "correlation_uid": run_id,
            "profiles": ["cloud"],
            "product": {"name": PRODUCT, "vendor_name": PRODUCT, "version": _product_version(tables)},
        },
        "finding_info": {
            "uid": row["fingerprint"],
            "title": row["check_title"] or row["check_id"],
            "desc": row["message"],
            "created_time": _epoch_ms(_run_time(tables, "evaluated_at", "started_at")),
        },
        "compliance": _ocsf_compliance(row, requirements, catalogs),
        "resource": _ocsf_resource(tables, row),
        "remediation": {"desc": spec.remediation if spec is not None else ""},
        "cloud": {
            "provider": "AWS",
            "region": _region(row),
            "account": {
                "uid": row["account_id"],
                "name": row["account_name"],
                "type_id": OCSF_AWS_ACCOUNT,
                "type": "AWS Account",
            },
        },
    }


def ocsf_findings(tables: RunTables) -> list[Row]:
    """OCSF 1.1.0 Compliance Finding events, one per result (check, resource, account, region).

    Every result is exported, NOT_APPLICABLE included, so the events map one to one onto results.jsonl:
    NOT_APPLICABLE becomes compliance status_id 99 Other with status "Not Applicable" (OCSF's way to carry a
    source value it has no caption for), which no consumer can count as Pass or Fail. ERROR becomes 2 Warning,
    the 1.1.0 caption for "did not yield a result due to missing information": never Pass.

    `finding_info.uid` is the result's fingerprint (the same finding across runs, like the ASFF Id);
    `metadata.uid` identifies this event instance, so it adds the run id (`metadata.correlation_uid`), and
    two runs' events of one finding stay distinct events in the lake. Compliance Finding in 1.1.0 has a single
    `resource` object (the plural `resources` arrives in 1.3.0), which is what a result has.
    """
    requirements = requirements_of(tables)
    catalogs = sorted(c.id for c in _catalogs(tables) if c.id)
    return [
        _pruned(_ocsf_event(tables, row, requirements.get(row["check_id"], []), catalogs))
        for row in tables.results
    ]


def write_ocsf(tables: RunTables) -> list[Path]:
    """exports/ocsf.jsonl: one event per line.

    Security Lake's custom sources take Parquet objects of a single OCSF class, partitioned by
    region/accountId/eventDay and written by the source's own role; they do not read JSON. Newline-delimited
    JSON is the form the usual converters into that layout read (Kinesis Data Firehose record format
    conversion, AWS Glue, pyarrow.json), one record per event, and it also suits any other OCSF consumer.
    A single JSON array would have to be split into records first.
    """
    path = tables.out / EXPORTS / "ocsf.jsonl"
    rundir.write_jsonl(path, ocsf_findings(tables))
    return [path]


# --- OSCAL --------------------------------------------------------------------------------------------------

OSCAL_VERSION = "1.1.3"
OSCAL_FILE = "oscal-assessment-results.json"
MET_REASON, FAILED_REASON, OTHER_REASON = "pass", "fail", "other"  # objective status reasons (OSCAL enum)
FAILED_STATUSES = frozenset(
    {
        ControlStatus.NOT_SATISFIED,
        ControlStatus.ATTESTATION_MISSING,
        ControlStatus.ATTESTATION_EXPIRED,
        ControlStatus.AWS_EVIDENCE_MISSING,
    }
)
INHERITED_FROM_CLOUD = "AWS"  # the provider of AWS's side (met or not): the cloud, not an account
AWS_SIDE = frozenset({ControlStatus.INHERITED_FROM_AWS, ControlStatus.AWS_EVIDENCE_MISSING})
# What an inherited finding rests on, by status (the inheritance-basis prop): the provider's evidenced
# Phase 1, both halves checked in this run only, or AWS's side of shared responsibility.
INHERITANCE_BASIS = {
    ControlStatus.INHERITED: "certified-landing-zone",
    ControlStatus.INHERITED_LIVE: "live-landing-zone",
    ControlStatus.INHERITED_FROM_AWS: "cloud-provider",
}
_TOKEN_INVALID = re.compile(r"[^A-Za-z0-9._-]")


def _uuid(*parts: str) -> str:
    """A version-5 UUID of `parts`: the same subject gets the same UUID in every export, as OSCAL asks."""
    return str(uuid.uuid5(_UUIDS, "\x1f".join(parts)))


def _token(catalog: str, control_id: str) -> str:
    """An OSCAL token for a catalog control: catalog-qualified (ids repeat across catalogs), ":" made "_",
    and "_" in front when it would start with a digit. Catalog and control ids never contain "_", so no two
    controls share a token."""
    token = _TOKEN_INVALID.sub("_", f"{catalog}.{control_id}")
    return token if token[0].isalpha() else f"_{token}"


def _prop(name: str, value: str) -> Row:
    return {"name": name, "ns": NAMESPACE, "value": value.strip()}


def _props(**values: str) -> list[Row]:
    """Our props (dashes for underscores in names), leaving out the empty ones."""
    return [_prop(name.replace("_", "-"), value) for name, value in values.items() if value.strip()]


def _subject_uuid(item: Row) -> str:
    return _uuid("subject", item["account_id"], item["region"], item["resource_id"])


def _inventory_item(item: Row) -> Row:
    """The AWS resource a result is about, as an inventory item observations can name as their subject."""
    region = _region(item) or "global"
    return {
        "uuid": _subject_uuid(item),
        "description": f"AWS resource {item['resource_id']} in account {item['account_id']} ({region})",
        "props": [{"name": "asset-id", "value": item["resource_id"].strip()}],  # pruned when empty
    }


def _evidence(item: Row) -> list[Row]:
    """One relevant-evidence per stored API response; the href is relative to the exports folder."""
    baseline = str(item.get("baseline") or "")
    return [
        {
            "href": "" if baseline else f"../{rundir.EVIDENCE}/{digest}.json",
            "description": f"API response (SHA-256 {digest})"
            + (f", stored with baseline run {baseline}" if baseline else ""),
        }
        for digest in item.get("evidence", [])
    ]


def _origins(tool_uuid: str) -> list[Row]:
    return [{"actors": [{"type": "tool", "actor-uuid": tool_uuid}]}]


def _observation(item: Row, collected: str, tool_uuid: str) -> Row:
    """One check result as an OSCAL observation: an automated test (OSCAL's TEST: "a manual or automated
    test was performed") of one resource, with the API responses it rests on as relevant evidence."""
    return {
        "uuid": _uuid("observation", item["fingerprint"]),
        "title": f"{item['check_id']}: {item['status']}",
        "description": item.get("message") or f"{item['check_id']} on {item['resource_id']}",
        "props": _props(
            check_id=item["check_id"],
            result_status=item["status"],
            account_id=item["account_id"],
            region=item["region"],
            fingerprint=item["fingerprint"],
            baseline_run=str(item.get("baseline") or ""),
        ),
        "methods": ["TEST"],
        "types": ["finding"],
        "origins": _origins(tool_uuid),
        "subjects": [
            {"subject-uuid": _subject_uuid(item), "type": "inventory-item", "title": item["resource_id"]}
        ],
        "relevant-evidence": _evidence(item),
        "collected": collected,
    }


def _observed(tables: RunTables, controls: list[ControlResult]) -> list[Row]:
    """The results observed: this run's, plus any baseline result a control rests on (inherited from a
    stored Phase 1 run, so absent from this run's results), each once."""
    items = {row["fingerprint"]: row for row in tables.results}
    for control in controls:
        for ref in control.results:
            items.setdefault(str(ref["fingerprint"]), dict(ref))
    return list(items.values())


def _objective_status(status: ControlStatus, reason: str) -> Row:
    """satisfied only for statuses that count as met; anything unknown is not-satisfied, saying why."""
    if status.counts_as_met:
        return {"state": "satisfied", "reason": MET_REASON}
    if status in FAILED_STATUSES:
        return {"state": "not-satisfied", "reason": FAILED_REASON}
    why = "not applicable" if status is ControlStatus.NOT_APPLICABLE else "not evaluated"
    return {"state": "not-satisfied", "reason": OTHER_REASON, "remarks": f"{why}: {reason}"}


def _inheritance_props(row: Row, placements: Mapping[str, PlacementRecord]) -> list[Row]:
    """How an inherited control says where it comes from (see `oscal_assessment_results`)."""
    provider = row["provider_account_id"]
    if row["status"] in AWS_SIDE:
        provider = INHERITED_FROM_CLOUD
    if not provider:
        return []
    placement = placements.get(provider)
    role = placement.role if placement else ""
    basis = INHERITANCE_BASIS.get(ControlStatus(row["status"]), "")
    return _props(
        control_origination="inherited", inherited_from=provider, provider_role=role, inheritance_basis=basis
    )


def _finding(
    row: Row, refs: Iterable[Row], title: str, placements: Mapping[str, PlacementRecord], tool_uuid: str
) -> Row:
    """One finding per (catalog control, account), linked to the observations of the results it rests on
    (`refs`, as controls.jsonl records them)."""
    status = ControlStatus(row["status"])
    target_status = _objective_status(status, row["reason"])
    not_applicable = status is ControlStatus.NOT_APPLICABLE
    account = row["account_name"] or row["account_id"]
    return {
        "uuid": _uuid("finding", row["catalog"], row["control_id"], row["account_id"]),
        "title": f"{row['catalog']} {row['control_id']}: {title} ({account})",
        "description": row["reason"] or row["status"],
        "props": [
            *_props(
                catalog=row["catalog"],
                control_id=row["control_id"],
                account_id=row["account_id"],
                control_status=row["status"],
            ),
            *_inheritance_props(row, placements),
        ],
        "origins": _origins(tool_uuid),
        "target": {
            "type": "objective-id",
            "target-id": _token(row["catalog"], row["control_id"]),
            "status": target_status,
            "implementation-status": {"state": "not-applicable"} if not_applicable else None,
        },
        "related-observations": [
            {"observation-uuid": _uuid("observation", fingerprint)}
            for fingerprint in dict.fromkeys(str(ref["fingerprint"]) for ref in refs)
        ],
        "remarks": target_status.get("remarks"),
    }


def _control_key(row: Row) -> tuple[str, str, str]:
    return row["catalog"], row["control_id"], row["account_id"]


def _control_titles(tables: RunTables) -> dict[tuple[str, str], str]:
    return {
        (loaded.id, control.id): control.title
        for loaded in run_catalogs(tables.registry, tables.run)
        for _, control in loaded.catalog.controls()
    }


def _control_selections(tables: RunTables) -> Iterator[Row]:
    """One selection per catalog, listing every control of it the run reports on."""
    described = {c.id: c for c in _catalogs(tables)}
    by_catalog: dict[str, dict[str, None]] = {}
    for row in tables.controls:
        by_catalog.setdefault(row["catalog"], {})[row["control_id"]] = None
    for catalog, control_ids in by_catalog.items():
        about = described.get(catalog)
        title = about.title if about else catalog
        yield {
            "description": f"{title}: the controls of catalog {catalog} in this run",
            "props": _props(
                catalog=catalog,
                catalog_version=about.version if about else "",
                catalog_sha256=about.sha256 if about else "",
            ),
            "include-controls": [{"control-id": _token(catalog, c)} for c in control_ids],
        }


def _assessment_assets(tables: RunTables, tool_uuid: str) -> Row:
    """controlmap as the tool component every observation and finding names as its origin."""
    version = _product_version(tables)
    return {
        "components": [
            {
                "uuid": tool_uuid,
                "type": "software",
                "title": PRODUCT,
                "description": f"{PRODUCT} {version}: read-only AWS compliance scanner",
                "props": [{"name": "version", "value": version}],
                "status": {"state": "operational"},
            }
        ],
        "assessment-platforms": [
            {
                "uuid": _uuid("platform", PRODUCT),
                "title": f"{PRODUCT} {version}",
                "uses-components": [{"component-uuid": tool_uuid}],
            }
        ],
    }


def _plan_resource(tables: RunTables) -> Row:
    """The back-matter resource import-ap points at: the run's own record of what it set out to assess."""
    run_json = tables.out / rundir.RUN
    return {
        "uuid": _uuid("plan", _run_id(tables)),
        "title": "controlmap run plan (no OSCAL assessment plan exists)",
        "description": "The run's configuration: catalogs, accounts, regions and landing-zone roles, as "
        "recorded in run.json; manifest.json fixes the SHA-256 of every file of the run.",
        "rlinks": [
            {
                "href": f"../{rundir.RUN}",
                "media-type": "application/json",
                "hashes": [{"algorithm": "SHA-256", "value": rundir.file_digest(run_json)}],
            },
            {"href": f"../{rundir.MANIFEST}", "media-type": "application/json"},
        ],
    }


def _result(tables: RunTables, tool_uuid: str) -> Row:
    """The run as one OSCAL result: controls reviewed, observations (results) and findings (controls)."""
    controls = rundir.read_controls(tables.out)  # the rows keep no result references: read them here
    refs = {(c.catalog, c.control_id, c.account_id): c.results for c in controls}
    titles = _control_titles(tables)
    placements = tables.run.placements
    observed = _observed(tables, controls)
    collected = _run_time(tables, "finished_collection_at", "started_at")
    run_id = _run_id(tables)
    subjects = {_subject_uuid(item): _inventory_item(item) for item in observed}
    return {
        "uuid": _uuid("result", run_id),
        "title": f"controlmap run {run_id}",
        "description": f"Automated read-only assessment of {len(tables.run.accounts)} AWS "
        "account(s) against the run's catalogs.",
        "start": _run_time(tables, "started_at"),
        "end": tables.run.evaluated_at,
        "props": _props(run_id=run_id),
        "local-definitions": {
            "inventory-items": list(subjects.values()),
            "assessment-assets": _assessment_assets(tables, tool_uuid),
        },
        "reviewed-controls": {"control-selections": list(_control_selections(tables))},
        "observations": [_observation(item, collected, tool_uuid) for item in observed],
        "findings": [
            _finding(
                row, refs[_control_key(row)], titles.get(_control_key(row)[:2], ""), placements, tool_uuid
            )
            for row in tables.controls
        ],
    }


def oscal_assessment_results(tables: RunTables) -> Row:
    """The run as an OSCAL 1.1.3 Assessment Results document (the JSON object with its top-level key).

    import-ap: OSCAL requires a reference to an assessment plan, and a scan has none (an OSCAL plan would in
    turn need a system security plan). The href is "#uuid" of a back-matter resource (OSCAL's way to point
    into the document) that links the run's run.json, with its SHA-256, and manifest.json: the record of
    what the run set out to assess. A generated stub plan would only pretend a plan existed.

    Inheritance: OSCAL says "inherited" in a system security plan (by-component `inherited` / `provided` /
    `responsibility`, and the implemented-requirement prop control-origination="inherited"); assessment
    results have no inheritance field. A finding of an inherited control therefore carries, in our
    namespace, control-origination="inherited" (the SSP's word), inherited-from=<provider account id, or
    AWS for the cloud's side> and provider-role, and its related-observations include the provider
    account's observations the verdict rests on, so the auditor sees both sides' evidence. `origins` stays
    the tool: an origin names who made the finding, not who implements the control.

    Statuses: satisfied only for statuses that count as met (SATISFIED, INHERITED, INHERITED_LIVE,
    INHERITED_FROM_AWS, ATTESTED). The three inherited statuses are told apart by the prop
    inheritance-basis: certified-landing-zone (INHERITED), live-landing-zone (INHERITED_LIVE), cloud-provider
    (INHERITED_FROM_AWS); docs/resolution.md has the whole mapping. Failures are not-satisfied with reason
    "fail", and so is missing evidence: ATTESTATION_MISSING, ATTESTATION_EXPIRED, and AWS_EVIDENCE_MISSING
    (AWS's side with no current AWS Artifact report on file; it still says inherited-from=AWS). NOT_EVALUATED
    and NOT_APPLICABLE are not-satisfied with reason "other" and a remark saying which (not applicable also
    sets implementation-status "not-applicable"). UUIDs are version 5 of the run id, (catalog, control,
    account) and result fingerprints, so findings and observations keep their UUID across runs.
    """
    tool_uuid = _uuid("tool", PRODUCT)
    plan = _plan_resource(tables)
    run_id = _run_id(tables)
    document = {
        "uuid": _uuid("assessment-results", run_id),
        "metadata": {
            "title": f"controlmap assessment results, run {run_id}",
            "last-modified": _run_time(tables, "evaluated_at", "started_at"),
            "version": run_id,
            "oscal-version": OSCAL_VERSION,
        },
        "import-ap": {
            "href": f"#{plan['uuid']}",
            "remarks": "No OSCAL assessment plan exists for a scan; this is the run's own plan record.",
        },
        "results": [_result(tables, tool_uuid)],
        "back-matter": {"resources": [plan]},
    }
    return {"assessment-results": _pruned(document)}


def write_oscal(tables: RunTables) -> list[Path]:
    path = tables.out / EXPORTS / OSCAL_FILE
    rundir.write_json(path, oscal_assessment_results(tables))
    return [path]


ASFF_COMPLIANCE = {"PASS": "PASSED", "FAIL": "FAILED", "ERROR": "NOT_AVAILABLE", "NOT_APPLICABLE": None}
ASFF_SEVERITY = {
    "critical": "CRITICAL",
    "high": "HIGH",
    "medium": "MEDIUM",
    "low": "LOW",
    "info": "INFORMATIONAL",
}
ASFF_REQUIREMENTS_MAX = 32  # Security Hub's limit on Compliance.RelatedRequirements


def asff_findings(tables: RunTables) -> list[dict[str, Any]]:
    """AWS Security Finding Format, one finding per (check, resource, account, region); NOT_APPLICABLE is
    left out (nothing was assessed). The Id is the result's fingerprint, stable across runs."""
    requirements = requirements_of(tables)
    when = tables.run.evaluated_at or tables.run.started_at
    findings = []
    for row in tables.results:
        compliance = ASFF_COMPLIANCE.get(row["status"])
        if compliance is None:
            continue
        region = row["region"] if row["region"] != "global" else "us-east-1"
        related = requirements.get(row["check_id"], [])[:ASFF_REQUIREMENTS_MAX]
        account = row["account_id"]
        findings.append(
            {
                "SchemaVersion": "2018-10-08",
                "Id": f"controlmap/{row['fingerprint']}",
                "ProductArn": f"arn:aws:securityhub:{region}:{account}:product/{account}/default",
                "GeneratorId": f"controlmap/{row['check_id']}",
                "AwsAccountId": row["account_id"],
                "Region": region,
                "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
                "CreatedAt": when,
                "UpdatedAt": when,
                "Severity": {
                    "Label": ASFF_SEVERITY.get(row["severity"], "INFORMATIONAL")
                    if compliance == "FAILED"
                    else "INFORMATIONAL"
                },
                "Title": row["check_title"] or row["check_id"],
                "Description": row["message"][:1024] or row["status"],
                "Resources": [{"Type": "Other", "Id": row["resource_id"], "Region": region}],
                "Compliance": {"Status": compliance, **({"RelatedRequirements": related} if related else {})},
                "RecordState": "ACTIVE",
                "ProductFields": {
                    "controlmap/run_id": str(row["run_id"]),
                    "controlmap/status": row["status"],
                },
            }
        )
    return findings


def write_asff(tables: RunTables) -> list[Path]:
    path = tables.out / EXPORTS / "asff.json"
    rundir.write_json(path, asff_findings(tables))
    return [path]
