"""Standard exports: OCSF 1.1.0 Compliance Finding events and an OSCAL 1.1.3 Assessment Results document.

The small run of test_exports.py is extended with what the standard formats must get right (an ERROR and a
NOT_APPLICABLE result, an inherited control, an unevaluated one); the demo run checks them at full size.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic.v1 import ValidationError
from trestle.oscal import OSCAL_VERSION_REGEX
from trestle.oscal.assessment_results import AssessmentResults

from scanner import rundir
from scanner.exports.formats import export_run
from scanner.exports.standards import NAMESPACE
from scanner.model import ControlResult, ControlStatus, Result, Status
from scanner.resolve.controls import result_ref
from tests.conftest import copy_of_demo
from tests.pipeline import test_exports

LZ, APP = test_exports.LZ, test_exports.APP
run_dir = test_exports.run_dir  # the small two-account run, reused as the base of `mixed_run`
OCSF, OSCAL = "ocsf.jsonl", "oscal-assessment-results.json"

PROVIDED = Result(
    "cloudtrail.org-trail", LZ, "us-east-1", "arn:aws:cloudtrail:us-east-1:x:trail/org", Status.PASS, "on"
)
UNKNOWN = Result("guardduty.enabled", LZ, "eu-west-2", "detector", Status.ERROR, "AccessDenied")
NOTHING = Result(
    "athena.workgroup.results-encrypted", APP, "us-east-1", "none", Status.NOT_APPLICABLE, "none"
)


@pytest.fixture
def mixed_run(run_dir: Path) -> Path:
    """run_dir plus an ERROR and a NOT_APPLICABLE result, and controls of every kind the exports map."""
    rundir.write_results(run_dir, [*rundir.read_results(run_dir), PROVIDED, UNKNOWN, NOTHING])
    extra = [
        ControlResult(
            "hitrust-csf", "12.api-activity-logging", APP, ControlStatus.INHERITED, "inherited from security",
            ("cloudtrail.org-trail",), (result_ref(PROVIDED),), LZ,
        ),
        ControlResult(
            "hitrust-csf", "12.threat-detection", LZ, ControlStatus.NOT_EVALUATED,
            "1 check result(s) could not be evaluated", ("guardduty.enabled",), (result_ref(UNKNOWN),),
        ),
        ControlResult(
            "hitrust-csf", "3.aws-media-sanitisation", APP, ControlStatus.INHERITED_FROM_AWS, "AWS's side"
        ),
        ControlResult("fsi-athena", "dp.results-encrypted", APP, ControlStatus.NOT_APPLICABLE, "nothing"),
    ]  # fmt: skip
    rundir.write_controls(run_dir, [*rundir.read_controls(run_dir), *extra])
    return run_dir


def _events(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "exports" / OCSF).read_text().splitlines()]


def _document(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "exports" / OSCAL).read_text())
    return data


# OCSF 1.1.0 Compliance Finding: the required attributes (base event, classification, occurrence, the cloud
# profile, finding and compliance_finding, and the required attributes of their objects) and their types;
# an optional object, when present, must hold its own required attributes.
OCSF_REQUIRED: dict[str, type] = {
    "activity_id": int,
    "category_uid": int,
    "class_uid": int,
    "type_uid": int,
    "time": int,
    "severity_id": int,
    "metadata": dict,
    "metadata.version": str,
    "metadata.product": dict,
    "metadata.product.vendor_name": str,
    "cloud": dict,
    "cloud.provider": str,
    "finding_info": dict,
    "finding_info.uid": str,
    "finding_info.title": str,
    "compliance": dict,
    "compliance.standards": list,
}
OCSF_SEVERITY_IDS = {0, 1, 2, 3, 4, 5, 6, 99}
OCSF_COMPLIANCE_IDS = {0, 1, 2, 3, 99}


def _at(event: dict[str, Any], path: str) -> Any:
    value: Any = event
    for key in path.split("."):
        assert isinstance(value, dict) and key in value, f"missing {path}"
        value = value[key]
    return value


def _assert_ocsf(events: list[dict[str, Any]], results: list[Result]) -> None:
    """Required attributes with their types, OCSF's fixed ids, unique uids, one event per result."""
    assert len(events) == len(results)
    for event in events:
        for path, kind in OCSF_REQUIRED.items():
            value = _at(event, path)
            assert isinstance(value, kind) and not isinstance(value, bool), path
        if "remediation" in event:
            assert isinstance(event["remediation"]["desc"], str)
        assert (event["class_uid"], event["category_uid"], event["activity_id"]) == (2003, 2, 1)
        assert event["type_uid"] == 2003 * 100 + 1 and event["metadata"]["version"] == "1.1.0"
        assert event["severity_id"] in OCSF_SEVERITY_IDS
        assert event["compliance"]["status_id"] in OCSF_COMPLIANCE_IDS
        assert event["compliance"]["standards"] and all(
            isinstance(s, str) for s in event["compliance"]["standards"]
        )
    assert {e["finding_info"]["uid"] for e in events} == {r.fingerprint for r in results}
    assert len({e["metadata"]["uid"] for e in events}) == len(events)


def test_ocsf_events_have_every_required_attribute_and_one_uid_per_result(mixed_run: Path) -> None:
    export_run(mixed_run, ["ocsf"])
    events = _events(mixed_run)
    _assert_ocsf(events, rundir.read_results(mixed_run))
    failed = next(e for e in events if e["compliance"]["status_code"] == "FAIL")
    assert failed["severity"] == "High" and failed["resource"]["uid"] == "arn:aws:s3:::data"
    assert failed["cloud"]["account"] == {
        "uid": APP,
        "name": "tenant-a",
        "type": "AWS Account",
        "type_id": 10,
    }
    assert "fsi-athena dp.tls-only-buckets" in failed["compliance"]["requirements"]
    assert "fsi-athena" in failed["compliance"]["standards"]
    assert failed["compliance"]["control"] == "s3.bucket.tls-only"
    assert "region" not in failed["cloud"]  # a global resource has no region to give
    assert rundir.verify_manifest(mixed_run).ok  # the new exports are part of the evidence pack


@pytest.mark.parametrize(
    ("result", "status_id", "status"),
    [(UNKNOWN, 2, "Warning"), (NOTHING, 99, "Not Applicable"), (PROVIDED, 1, "Pass")],
    ids=["error", "not-applicable", "pass"],
)
def test_ocsf_compliance_status_never_turns_an_unknown_into_a_pass(
    mixed_run: Path, result: Result, status_id: int, status: str
) -> None:
    """ERROR is Warning (OCSF 1.1.0: "did not yield a result due to missing information"); NOT_APPLICABLE is
    exported, as Other with our word for it, so the events stay one to one with results.jsonl."""
    export_run(mixed_run, ["ocsf"])
    [event] = [e for e in _events(mixed_run) if e["finding_info"]["uid"] == result.fingerprint]
    compliance = event["compliance"]
    assert (compliance["status_id"], compliance["status"], compliance["status_code"]) == (
        status_id,
        status,
        result.status.value,
    )


def _oscal_validated(out: Path) -> AssessmentResults:
    """The written document read through trestle's OSCAL 1.1 pydantic models (raises when invalid)."""
    model = AssessmentResults.oscal_read(out / "exports" / OSCAL)
    assert isinstance(model, AssessmentResults)
    assert re.match(OSCAL_VERSION_REGEX, model.metadata.oscal_version.__root__)
    return model


def _assert_references_resolve(document: dict[str, Any]) -> None:
    """What the JSON schema cannot say: every uuid unique, every reference pointing at something defined."""
    [result] = document["results"]
    observations = {o["uuid"] for o in result["observations"]}
    items = {i["uuid"] for i in result["local-definitions"]["inventory-items"]}
    tools = {c["uuid"] for c in result["local-definitions"]["assessment-assets"]["components"]}
    resources = {r["uuid"] for r in document["back-matter"]["resources"]}
    defined = [*observations, *items, *(f["uuid"] for f in result["findings"])]
    assert len(defined) == len(set(defined))
    for finding in result["findings"]:
        assert {r["observation-uuid"] for r in finding.get("related-observations", [])} <= observations
    for entry in (*result["findings"], *result["observations"]):
        assert {a["actor-uuid"] for o in entry["origins"] for a in o["actors"]} <= tools
    assert {s["subject-uuid"] for o in result["observations"] for s in o["subjects"]} <= items
    assert document["import-ap"]["href"].removeprefix("#") in resources


def _findings_by_key(document: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    def prop(finding: dict[str, Any], name: str) -> str:
        return next(p["value"] for p in finding["props"] if p["name"] == name and p["ns"] == NAMESPACE)

    return {
        (prop(f, "catalog"), prop(f, "control-id"), prop(f, "account-id")): f
        for f in document["results"][0]["findings"]
    }


def _assert_states_match(document: dict[str, Any], controls: list[ControlResult]) -> None:
    """satisfied exactly for the controls rows that count as met; a finding for every row."""
    findings = _findings_by_key(document)
    assert len(findings) == len(controls)
    for control in controls:
        target = findings[(control.catalog, control.control_id, control.account_id)]["target"]
        expected = "satisfied" if control.status.counts_as_met else "not-satisfied"
        assert target["status"]["state"] == expected, control


def test_oscal_assessment_results_validate_with_trestle(mixed_run: Path) -> None:
    export_run(mixed_run, ["oscal"])
    model = _oscal_validated(mixed_run)
    document = _document(mixed_run)["assessment-results"]
    _assert_references_resolve(document)
    _assert_states_match(document, rundir.read_controls(mixed_run))
    assert len(model.results[0].observations or []) == len(rundir.read_results(mixed_run))
    [plan] = document["back-matter"]["resources"]
    assert [link["href"] for link in plan["rlinks"]] == ["../run.json", "../manifest.json"]


def test_oscal_unevaluated_controls_are_not_satisfied_and_say_so(mixed_run: Path) -> None:
    export_run(mixed_run, ["oscal"])
    findings = _findings_by_key(_document(mixed_run)["assessment-results"])
    unknown = findings[("hitrust-csf", "12.threat-detection", LZ)]
    assert unknown["target"]["status"] == {
        "state": "not-satisfied",
        "reason": "other",
        "remarks": "not evaluated: 1 check result(s) could not be evaluated",
    }
    assert unknown["remarks"].startswith("not evaluated")
    nothing = findings[("fsi-athena", "dp.results-encrypted", APP)]["target"]
    assert nothing["status"]["state"] == "not-satisfied" and nothing["implementation-status"] == {
        "state": "not-applicable"
    }


def test_oscal_inherited_findings_name_the_provider_and_link_its_observations(mixed_run: Path) -> None:
    export_run(mixed_run, ["oscal"])
    document = _document(mixed_run)["assessment-results"]
    findings = _findings_by_key(document)
    inherited = findings[("hitrust-csf", "12.api-activity-logging", APP)]
    props = {p["name"]: p["value"] for p in inherited["props"]}
    assert props["inherited-from"] == LZ and props["control-origination"] == "inherited"
    assert props["provider-role"] == "security" and inherited["target"]["status"]["state"] == "satisfied"
    assert inherited["title"].startswith("hitrust-csf 12.api-activity-logging: ")  # the catalog's title
    assert inherited["title"].endswith(" (tenant-a)") and len(inherited["title"]) > 50
    observations = {o["uuid"]: o for o in document["results"][0]["observations"]}
    [linked] = [observations[r["observation-uuid"]] for r in inherited["related-observations"]]
    assert {p["name"]: p["value"] for p in linked["props"]}["account-id"] == LZ  # the provider's evidence
    aws = {p["name"]: p["value"] for p in findings[("hitrust-csf", "3.aws-media-sanitisation", APP)]["props"]}
    assert aws["inherited-from"] == "AWS"
    own = {p["name"] for p in findings[("fsi-athena", "dp.tls-only-buckets", APP)]["props"]}
    assert "inherited-from" not in own


def test_oscal_observations_point_at_the_evidence_files_of_the_run(mixed_run: Path) -> None:
    export_run(mixed_run, ["oscal"])
    observations = _document(mixed_run)["assessment-results"]["results"][0]["observations"]
    evidence = {e["href"] for o in observations for e in o.get("relevant-evidence", [])}
    assert evidence == {"../evidence/e1.json", "../evidence/e2.json", "../evidence/e3.json"}
    assert all(o["methods"] == ["TEST"] and o["subjects"] for o in observations)


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(
            lambda d: d["results"][0]["findings"][0]["target"]["status"].update(state="passed"), id="state"
        ),
        pytest.param(lambda d: d.pop("import-ap"), id="no-import-ap"),
        pytest.param(lambda d: d["results"][0]["observations"][0].update(uuid="obs-1"), id="not-a-uuid"),
    ],
)
def test_a_broken_document_fails_trestle_validation(mixed_run: Path, breakage: Any) -> None:
    """The validation above can fail: trestle rejects a state outside OSCAL's enum, a missing import-ap, and
    an identifier that is not a UUID."""
    export_run(mixed_run, ["oscal"])
    document = copy.deepcopy(_document(mixed_run)["assessment-results"])
    breakage(document)
    with pytest.raises(ValidationError):
        AssessmentResults.parse_obj(document)


def test_standard_exports_are_reproducible(mixed_run: Path) -> None:
    export_run(mixed_run, ["ocsf", "oscal"])
    first = {name: (mixed_run / "exports" / name).read_bytes() for name in (OCSF, OSCAL)}
    export_run(mixed_run, ["ocsf", "oscal"])
    assert {name: (mixed_run / "exports" / name).read_bytes() for name in (OCSF, OSCAL)} == first


@pytest.fixture(scope="module")
def demo_run(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_demo(demo_run_dir, tmp_path_factory, "demo-exports")


def test_the_demo_run_exports_valid_ocsf_and_oscal(demo_run: Path) -> None:
    """Every catalog, status and landing-zone inheritance of the simulated organization, end to end."""
    export_run(demo_run, ["ocsf", "oscal"])
    _assert_ocsf(_events(demo_run), rundir.read_results(demo_run))
    _oscal_validated(demo_run)
    document = _document(demo_run)["assessment-results"]
    _assert_references_resolve(document)
    controls = rundir.read_controls(demo_run)
    _assert_states_match(document, controls)
    findings = _findings_by_key(document)
    hrefs = {
        e["href"] for o in document["results"][0]["observations"] for e in o.get("relevant-evidence", [])
    }
    assert hrefs and all((demo_run / "exports" / href).resolve().is_file() for href in hrefs)
    inherited = [c for c in controls if c.provider_account_id]
    assert inherited
    for control in inherited:
        props = findings[(control.catalog, control.control_id, control.account_id)]["props"]
        assert {"name": "inherited-from", "ns": NAMESPACE, "value": control.provider_account_id} in props
