"""AWS's share needs its evidence: an aws-inherited control is met only on a current AWS Artifact report named
in the org config or an attestation; otherwise it is AWS_EVIDENCE_MISSING and not met."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from controls import CATALOG_DIR
from scanner.aws.progress import status_label
from scanner.catalog.model import Catalog, LoadedCatalog, Treatment, load_catalogs
from scanner.catalog.placement import OrgConfig, load_org_config, place
from scanner.errors import ConfigError
from scanner.evaluate.registry import build_registry
from scanner.exports.standards import _objective_status
from scanner.model import Account, ControlResult, ControlStatus
from scanner.resolve.attest import Attestation, load_attestations
from scanner.resolve.controls import Context, resolve_controls
from scanner.resolve.phases import _gap_kind, readiness_bucket

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
SEC = Account("300000000000", "security", ou_path=("Security",))
TENANT = Account("400000000000", "tenant-a", ou_path=("Workloads",))
ACCOUNTS = [SEC, TENANT]
DIGEST = "ab" * 32
DEMO_DATA = Path(__file__).resolve().parents[2] / "demo" / "data"

_PHYSICAL = {"id": "phys", "title": "P", "summary": "s", "phase": "both", "treatment": "aws-inherited"}
LOADED = LoadedCatalog(
    Catalog.model_validate(
        {
            "id": "t",
            "title": "T",
            "version": "1",
            "groups": [{"id": "g", "title": "G", "controls": [_PHYSICAL]}],
        }
    ),
    Path("t.yaml"),
    "0" * 64,
)


def _report(end: str = "2026-09-30") -> str:
    """An Artifact report as a one-line YAML mapping (without the controls an org config entry adds)."""
    return (
        f"{{report: AWS SOC 2 Type II Report, period: {{start: 2025-10-01, end: {end}}}, "
        f'downloaded: 2026-11-16, sha256: "{DIGEST}"'
    )


def _org_config(tmp_path: Path, end: str = "2026-09-30") -> OrgConfig:
    path = tmp_path / "org.yaml"
    path.write_text(f'aws_artifact:\n  - {_report(end)}, controls: ["t:phys"]}}\n')
    return load_org_config(path).config


def _attestation(tmp_path: Path, *, artifact: bool = True, expires: str = "2027-11-01") -> list[Attestation]:
    folder = tmp_path / "att"
    folder.mkdir(parents=True)
    body = 'control: "t:phys"\nstatement: s\nowner: o\napprover: the CISO\ndate: 2026-11-20\n'
    body += f"expires: {expires}\n"
    if artifact:
        body += f"aws_artifact: {_report()}}}\n"
    (folder / "aws.yaml").write_text(body)
    return load_attestations(folder)


def _resolve(config: OrgConfig | None = None, attestations: list[Attestation] | None = None) -> ControlResult:
    evidence = {e.control: e.reference for e in config.aws_evidence} if config else {}
    ctx = Context(
        ACCOUNTS, place(ACCOUNTS, None), {}, NOW, attestations=attestations or [], aws_evidence=evidence
    )
    [first, *_] = resolve_controls([LOADED], ctx)
    return first


def test_without_artifact_evidence_aws_side_is_not_met() -> None:
    control = _resolve()
    assert control.status is ControlStatus.AWS_EVIDENCE_MISSING
    assert not control.status.counts_as_met
    assert "aws_artifact" in control.reason and "'t:phys'" in control.reason  # where the evidence goes


def test_org_config_report_makes_it_inherited_from_aws_citing_the_report(tmp_path: Path) -> None:
    control = _resolve(_org_config(tmp_path))
    assert control.status is ControlStatus.INHERITED_FROM_AWS
    for cited in ("AWS SOC 2 Type II Report", "2025-10-01 to 2026-09-30", "2026-11-16", DIGEST, "org config"):
        assert cited in control.reason


def test_a_report_whose_period_ended_over_a_year_ago_does_not_count(tmp_path: Path) -> None:
    control = _resolve(_org_config(tmp_path, end="2025-10-31"))
    assert control.status is ControlStatus.AWS_EVIDENCE_MISSING
    assert "not current" in control.reason and "2025-10-31" in control.reason


def test_attestation_naming_the_report_makes_it_inherited_from_aws(tmp_path: Path) -> None:
    control = _resolve(attestations=_attestation(tmp_path))
    assert control.status is ControlStatus.INHERITED_FROM_AWS
    assert DIGEST in control.reason and "approved by the CISO" in control.reason


def test_attestation_without_a_report_or_expired_does_not_count(tmp_path: Path) -> None:
    bare = _resolve(attestations=_attestation(tmp_path / "bare", artifact=False))
    assert bare.status is ControlStatus.AWS_EVIDENCE_MISSING
    assert "names no `aws_artifact` report" in bare.reason
    expired = _resolve(attestations=_attestation(tmp_path / "old", expires="2026-11-30"))
    assert expired.status is ControlStatus.AWS_EVIDENCE_MISSING
    assert "expired on 2026-11-30" in expired.reason


def test_attached_report_file_must_have_the_named_digest(tmp_path: Path) -> None:
    folder = tmp_path / "att"
    folder.mkdir()
    (folder / "soc2.pdf").write_bytes(b"not the report")
    body = 'control: "t:phys"\nstatement: s\nowner: o\napprover: a\ndate: 2026-11-20\nevidence: [soc2.pdf]\n'
    (folder / "aws.yaml").write_text(f"{body}aws_artifact: {_report()}}}\n")
    with pytest.raises(
        ConfigError, match=r"aws\.yaml: aws_artifact > sha256: no evidence file has the digest"
    ):
        load_attestations(folder)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "aws_artifact:\n  - report: R\n    period: {start: 2025-01-01, end: 2025-12-31}\n"
            '    downloaded: 2026-01-05\n    sha256: "abc"\n    controls: ["t:phys"]\n',
            r"org\.yaml:5: aws_artifact > 0 > sha256: String should match pattern",
        ),
        (
            "aws_artifact:\n  - report: R\n    period: {start: 2025-01-01, end: 2024-12-31}\n"
            f'    downloaded: 2026-01-05\n    sha256: "{DIGEST}"\n    controls: ["t:phys"]\n',
            r"org\.yaml:3: aws_artifact > 0 > period: the period ends before it starts",
        ),
        (
            "aws_artifact:\n  - report: R\n    period: {start: 2025-01-01, end: 2025-12-31}\n"
            f'    downloaded: 2026-01-05\n    sha256: "{DIGEST}"\n    controls: ["phys"]\n',
            r"org\.yaml:6: aws_artifact > 0 > controls: not catalog:control: phys",
        ),
        (
            'aws_evidence:\n  - control: "t:phys"\n    reference: SOC 2\n',
            r"org\.yaml:1: .*`aws_evidence` \(a free-text reference\) is no longer enough",
        ),
    ],
)
def test_org_config_artifact_entries_are_validated(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=problem):
        load_org_config(path)


def test_one_control_cannot_name_two_reports(tmp_path: Path) -> None:
    entry = f'  - {_report()}, controls: ["t:phys"]}}\n'
    path = tmp_path / "org.yaml"
    path.write_text("aws_artifact:\n" + entry + entry)
    with pytest.raises(ConfigError, match="names t:phys for more than one report"):
        load_org_config(path)


def test_the_new_status_is_labelled_and_mapped_as_not_met() -> None:
    status = ControlStatus.AWS_EVIDENCE_MISSING
    assert status_label(status) == "AWS evidence missing"
    assert readiness_bucket(status) == "pending" and _gap_kind(status) == "missing AWS Artifact report"
    assert _objective_status(status, "why") == {"state": "not-satisfied", "reason": "fail"}


def test_demo_shows_both_paths() -> None:
    """The demo names Artifact reports for some aws-inherited controls (in its org config and in an
    attestation) and not for others; every control it names exists and is aws-inherited."""
    catalogs = load_catalogs([CATALOG_DIR], build_registry().checks)
    aws_side = {
        f"{c.id}:{control.id}"
        for c in catalogs
        for _, control in c.catalog.controls()
        if control.treatment is Treatment.AWS_INHERITED
    }
    config = load_org_config(DEMO_DATA / "org-config.yaml").config
    attested = {a.file.control for a in load_attestations(DEMO_DATA / "attestations") if a.file.aws_artifact}
    named = {e.control for e in config.aws_evidence}
    assert named and attested and (named | attested) <= aws_side
    assert aws_side - named - attested
