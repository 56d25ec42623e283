"""The built-in catalogs: complete, honest about treatment, and shaped as the issue asks."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from scanner.catalog.model import EvidenceSource, Phase, Platform, Treatment
from tests.catalog.helpers import BUILTIN

EXPECTED_GROUPS = {"hitrust-csf": 19, "fsi-athena": 5, "cis-docker": 7}


def test_the_three_catalogs_load_with_19_5_and_7_groups() -> None:
    assert {cid: len(c.catalog.groups) for cid, c in BUILTIN.items()} == EXPECTED_GROUPS


@pytest.mark.parametrize("catalog_id", sorted(EXPECTED_GROUPS))
def test_every_control_states_a_phase_and_a_treatment(catalog_id: str) -> None:
    controls = [control for _, control in BUILTIN[catalog_id].catalog.controls()]
    assert controls
    for control in controls:
        assert isinstance(control.phase, Phase), control.id
        assert isinstance(control.treatment, Treatment), control.id
        assert control.title.strip() and control.summary.strip(), control.id


def test_hitrust_groups_are_the_19_domains_in_order() -> None:
    groups = BUILTIN["hitrust-csf"].catalog.groups
    assert [g.id for g in groups] == [str(n) for n in range(1, 20)]
    assert [g.title for g in groups][11] == "Audit Logging & Monitoring"
    for group in groups:
        assert group.summary and group.services, group.id
        assert all(c.id.startswith(f"{group.id}.") for c in group.controls), group.id


def test_every_hitrust_domain_has_a_documented_policies_and_procedures_attestation() -> None:
    for group in BUILTIN["hitrust-csf"].catalog.groups:
        policy = [c for c in group.controls if c.id == f"{group.id}.policies"]
        assert len(policy) == 1, f"domain {group.id} has no {group.id}.policies control"
        control = policy[0]
        assert control.treatment is Treatment.ATTESTATION
        assert control.phase is Phase.BOTH
        statement = control.attestation_statement.lower()
        assert "policies and procedures" in statement and "formally documented" in statement, group.id


@pytest.mark.parametrize("domain", ["13", "14", "18"])
def test_domains_13_14_18_are_mostly_attestation_and_aws_inheritance(domain: str) -> None:
    group = next(g for g in BUILTIN["hitrust-csf"].catalog.groups if g.id == domain)
    manual = [c for c in group.controls if c.treatment in (Treatment.ATTESTATION, Treatment.AWS_INHERITED)]
    assert len(manual) * 2 > len(group.controls)
    assert any(c.treatment is Treatment.AWS_INHERITED for c in group.controls)


def test_landing_zone_providers_the_issue_names_are_declared() -> None:
    """Org trail (management, which always owns it; the log archive provides the bucket it delivers to),
    delegated admins (security), SCPs (management), aggregator (audit), VPCE."""
    inherited = {
        control.id: control.inheritance
        for _, control in BUILTIN["hitrust-csf"].catalog.controls()
        if control.inheritance is not None
    }
    expect = {
        "12.api-activity-logging": ("management", "cloudtrail.org-trail"),
        "12.log-archive-protected": ("log-archive", "cloudtrail.delivery-to-log-archive"),
        "12.threat-detection": ("security", "guardduty.org-admin"),
        "6.security-hub": ("security", "securityhub.org-admin"),
        "19.sensitive-data-discovery": ("security", "macie.org-admin"),
        "7.inspector": ("security", "inspector.org-admin"),
        "11.scp-guardrails": ("management", "organizations.all-features"),
        "6.config-recording": ("audit", "config.aggregator"),
        "8.central-endpoints": ("networking", "vpc.endpoint.s3"),
    }
    for control_id, (provider, provided) in expect.items():
        inheritance = inherited[control_id]
        assert inheritance is not None
        assert inheritance.provider == provider, control_id
        assert provided in [*inheritance.provides, *inheritance.provides_pending], control_id
        assert inheritance.consumer_owns, f"{control_id} must say what each consumer still owns"
    for control_id in ("12.threat-detection", "6.security-hub", "19.sensitive-data-discovery", "7.inspector"):
        inheritance = inherited[control_id]
        assert inheritance is not None and any(
            c.endswith(".member") for c in [*inheritance.consumer, *inheritance.consumer_pending]
        )


def test_every_inheritance_says_what_the_consumer_still_owns() -> None:
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            if control.inheritance is not None:
                assert control.inheritance.consumer_owns.strip(), f"{catalog.id}:{control.id}"


def test_ids_other_files_refer_to_are_stable() -> None:
    """The demo attestations and org config cite these; renaming them silently breaks evidence."""
    ids = {f"{c.id}:{control.id}" for c in BUILTIN.values() for _, control in c.catalog.controls()}
    assert {
        "hitrust-csf:12.policies",
        "hitrust-csf:18.aws-physical",
        "hitrust-csf:10.root-credentials",
    } <= ids
    assert {"fsi-athena:dp.results-encrypted", "fsi-athena:iso.athena-endpoint"} <= ids


def test_fsi_groups_are_the_five_considerations() -> None:
    groups = BUILTIN["fsi-athena"].catalog.groups
    assert [g.id for g in groups] == [
        "achieving-compliance",
        "data-protection",
        "isolation",
        "automating-audits",
        "operational-access",
    ]


def test_fsi_compliance_programs_are_inherited_from_aws() -> None:
    group = BUILTIN["fsi-athena"].catalog.groups[0]
    programs = [c for c in group.controls if c.id.startswith("comp.program.")]
    names = {c.id.removeprefix("comp.program.") for c in programs}
    assert {
        "soc",
        "pci",
        "fedramp-high",
        "dod-cc-srg",
        "hipaa",
        "irap",
        "finma",
        "ospar",
        "c5",
        "mtcs",
    } <= names
    assert {
        "ismap",
        "k-isms",
        "ens-high",
        "hitrust-csf",
        "iso-27001",
        "iso-27017",
        "iso-27018",
        "iso-9001",
    } <= names
    assert all(c.treatment is Treatment.AWS_INHERITED for c in programs)


CIS_V160 = [
    *(f"1.1.{n}" for n in range(1, 19)),
    "1.2.1",
    "1.2.2",
    *(f"2.{n}" for n in range(1, 19)),
    *(f"3.{n}" for n in range(1, 25)),
    *(f"4.{n}" for n in range(1, 13)),
    *(f"5.{n}" for n in range(1, 33)),
    "6.1",
    "6.2",
    *(f"7.{n}" for n in range(1, 10)),
]


def test_cis_docker_has_every_v160_recommendation_once() -> None:
    catalog = BUILTIN["cis-docker"].catalog
    assert catalog.benchmark_version == "1.6.0"
    numbers = [control.cis for _, control in catalog.controls()]
    assert Counter(numbers) == Counter(CIS_V160)
    for group, control in catalog.controls():
        assert control.cis is not None and control.cis.split(".")[0] == group.id, control.id
        assert control.cis_assessment in ("automated", "manual"), control.id
        assert isinstance(control.evidence_source, EvidenceSource), control.id
        assert not re.match(r"^\d", control.id), f"{control.id}: ids are stable names, not CIS numbers"


def test_cis_v150_numbers_are_kept_where_v160_renumbered() -> None:
    controls = {control.id: control for _, control in BUILTIN["cis-docker"].catalog.controls()}
    assert controls["runtime.no-privileged"].cis == "5.5"
    assert controls["runtime.no-privileged"].cis_other_versions == {"1.5.0": "5.4"}
    assert controls["runtime.swarm-disabled"].cis_other_versions == {"1.5.0": "7.1"}
    assert controls["swarm.manager-count"].cis_other_versions == {"1.5.0": "7.2"}
    for control in controls.values():
        assert control.cis is not None
        if control.cis.startswith(("5.", "7.")):
            assert "1.5.0" in control.cis_other_versions, control.id


def test_cis_swarm_is_not_applicable_on_ecs_and_host_sections_are_aws_on_fargate() -> None:
    for group, control in BUILTIN["cis-docker"].catalog.controls():
        if group.id == "7":
            assert control.treatment is Treatment.NOT_APPLICABLE
            assert "ECS" in control.justification
        if group.id in ("1", "2", "3"):
            assert control.aws_inherited_on == [Platform.FARGATE], control.id


@pytest.mark.parametrize("catalog_id", sorted(EXPECTED_GROUPS))
def test_titles_are_short(catalog_id: str) -> None:
    for _, control in BUILTIN[catalog_id].catalog.controls():
        assert len(control.title) <= 100, control.id
