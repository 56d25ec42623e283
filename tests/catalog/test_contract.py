"""Contract between catalogs and the check registry: references exist, checks are used, pending is honest."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.catalog.model import (
    Catalog,
    Control,
    LoadedCatalog,
    Platform,
    Treatment,
    check_uses,
    load_catalog,
    pending_check_id,
    pending_now_registered,
)
from scanner.errors import ConfigError
from tests.catalog.helpers import BUILTIN, REGISTRY, UNPLANNED_PREFIX, planned_id_problem


def test_every_check_a_catalog_references_exists() -> None:
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            for check_id in control.all_checks():
                assert check_id in REGISTRY.checks, f"{catalog.id}:{control.id} references {check_id}"


def test_every_registered_check_is_referenced_by_some_control() -> None:
    uses = check_uses(BUILTIN.values())
    unused = [cid for cid in REGISTRY.checks if not any(u.via != "pending" for u in uses.get(cid, []))]
    assert not unused, f"checks no control rests on: {', '.join(unused)}"


def test_no_pending_entry_names_a_check_that_is_now_registered() -> None:
    """When a planned check lands, this fails with the exact edit to make."""
    moves = [m for catalog in BUILTIN.values() for m in pending_now_registered(catalog, REGISTRY.checks)]
    assert not moves, "\n".join(moves)


def test_pending_now_registered_says_what_to_move_and_where(tmp_path: Path) -> None:
    catalog = BUILTIN["hitrust-csf"]
    moves = pending_now_registered(catalog, [*REGISTRY.checks, "lakeformation.admins"])
    assert "move lakeformation.admins from pending to checks in hitrust-csf:11.lake-formation" in moves
    # Every planned provider check of the built-in catalogs has landed, so a user catalog shows that path.
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\ntitle: Mine\nversion: '1'\ngroups:\n  - id: g\n    title: G\n    controls:\n"
        "      - id: c\n        title: C\n        summary: S.\n        phase: both\n"
        "        treatment: pending\n        inheritance:\n          provider: devsecops\n"
        "          provides_pending: [future.pipeline]\n          consumer_owns: Nothing.\n"
        "          consumer_not_checkable: nothing.\n"
        "        pending: ['future.pipeline: the future check verifies the pipeline']\n"
    )
    loaded = load_catalog(path, REGISTRY.checks)
    moves = pending_now_registered(loaded, [*REGISTRY.checks, "future.pipeline"])
    assert moves == [
        "move future.pipeline from pending to checks in mine:c (inheritance.provides) and label it automated"
    ]


def test_a_pending_entry_in_a_user_catalog_is_flagged_once_its_check_exists(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\ntitle: Mine\nversion: '1'\ngroups:\n  - id: g\n    title: G\n    controls:\n"
        "      - id: c\n        title: C\n        summary: S.\n        phase: both\n"
        "        treatment: pending\n        pending: ['iam.root.mfa: root has MFA']\n"
    )
    loaded = load_catalog(path, REGISTRY.checks)  # loading still works: pending is never an error
    assert pending_now_registered(loaded, REGISTRY.checks) == [
        "move iam.root.mfa from pending to checks in mine:c and label it automated"
    ]


def test_every_pending_entry_names_a_well_formed_check_or_says_it_is_unplanned() -> None:
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            for entry in control.pending:
                check_id = pending_check_id(entry)
                where = f"{catalog.id}:{control.id}: {entry!r}"
                if check_id is None:
                    assert entry.startswith(UNPLANNED_PREFIX), where
                    assert len(entry) > len(UNPLANNED_PREFIX) + 10, where
                else:
                    assert planned_id_problem(check_id) is None, f"{where}: {planned_id_problem(check_id)}"
                    assert len(entry) > len(check_id) + 10, f"{where}: say what it will verify"


def test_every_registered_check_id_has_the_shape_a_planned_one_is_held_to() -> None:
    assert [cid for cid in REGISTRY.checks if planned_id_problem(cid) is not None] == []


@pytest.mark.parametrize(
    ("check_id", "problem"),
    [
        ("docker.host.cgroup-parent", None),
        ("lakeformation.admins", None),
        ("docker-bench.1.1.1", None),
        ("s3.bucket.tls-only", None),
        ("s3", "not shaped like a check id"),
        ("S3.bucket.tls-only", "not shaped like a check id"),
        ("s3.bucket_tls", "not shaped like a check id"),
        ("s3..tls-only", "not shaped like a check id"),
        ("s3.bucket.tls-.only", "not shaped like a check id"),
        ("s3.bucket.policy.tls.only", "not shaped like a check id"),
        ("lakefromation.admins", "no registered check covers service 'lakefromation'"),
    ],
)
def test_a_planned_id_is_checked_for_its_shape_and_service(check_id: str, problem: str | None) -> None:
    found = planned_id_problem(check_id)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem), found


def test_controls_with_pending_automation_are_never_attestation_or_aws_inherited() -> None:
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            if control.pending:
                assert control.treatment in (Treatment.AUTOMATED, Treatment.PENDING, Treatment.HYBRID), (
                    control.id
                )


def test_pending_check_id_reads_the_leading_id_only() -> None:
    assert pending_check_id("s3.bucket.tls-only: buckets deny plain HTTP") == "s3.bucket.tls-only"
    assert pending_check_id("not yet planned: something in words") is None
    assert pending_check_id("ECS task definition collector and check") is None
    assert pending_check_id("s3.bucket.tls-only") is None  # no words: not the documented form


def _control(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "c", "title": "C", "summary": "S.", "phase": "both"}
    return {**base, **fields}


def _catalog(*controls: dict[str, object], **top: object) -> LoadedCatalog:
    data = {
        "id": "x",
        "title": "X",
        "version": "1",
        **top,
        "groups": [{"id": "g", "title": "G", "controls": controls}],
    }
    return LoadedCatalog(Catalog.model_validate(data), Path("x.yaml"), "0" * 64)


def test_check_uses_lists_every_way_a_control_rests_on_a_check() -> None:
    loaded = _catalog(
        _control(
            treatment="automated",
            checks=["iam.root.mfa"],
            inheritance={
                "provider": "log-archive",
                "provides": ["cloudtrail.multi-region-logging"],
                "consumer": ["cloudtrail.multi-region-logging"],
            },
            pending=["cloudtrail.org-trail: the org trail exists"],
        )
    )
    uses = check_uses([loaded])
    assert [u.via for u in uses["iam.root.mfa"]] == ["checks"]
    assert [u.via for u in uses["cloudtrail.multi-region-logging"]] == ["provides+consumer"]
    assert [u.via for u in uses["cloudtrail.org-trail"]] == ["pending"]


def test_a_platform_fact_check_is_the_one_the_catalog_declares() -> None:
    loaded = _catalog(
        _control(treatment="automated", checks=["iam.root.mfa"], aws_inherited_on=["fargate"]),
        _control(id="d", treatment="automated", checks=["iam.root.mfa"]),
        aws_inherited_on={"fargate": "x.account.fargate-fact"},
    )
    [(_, inherited), (_, plain)] = list(loaded.catalog.controls())
    assert inherited.platform_facts() == {Platform.FARGATE: "x.account.fargate-fact"}
    assert inherited.all_checks() == ["iam.root.mfa", "x.account.fargate-fact"]
    assert plain.platform_facts() == {} and plain.all_checks() == ["iam.root.mfa"]
    assert [u.via for u in check_uses([loaded])["x.account.fargate-fact"]] == ["aws_inherited_on"]


def test_a_control_outside_a_catalog_cannot_name_its_platform_fact() -> None:
    alone = Control.model_validate(
        _control(treatment="automated", checks=["a.b"], aws_inherited_on=["fargate"])
    )
    with pytest.raises(ValueError, match="needs the catalog that declares it"):
        alone.all_checks()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"treatment": "not-applicable"}, "needs a `justification`"),
        ({"treatment": "not-applicable", "justification": "j", "pending": ["x.y: z z"]}, "cannot list"),
        ({"treatment": "automated", "checks": ["iam.root.mfa"], "justification": "j"}, "only not-applicable"),
        (
            {"treatment": "aws-inherited", "aws_inherited_on": ["fargate"]},
            "cannot also declare `aws_inherited_on`",
        ),
        (
            {"treatment": "automated", "inheritance": {"provider": "security", "consumer": ["iam.root.mfa"]}},
            "needs `provides`",
        ),
        (
            {
                "treatment": "automated",
                "inheritance": {"provider": "security", "provides_pending": ["guardduty.org-admin"]},
                "pending": ["guardduty.enabled: detector on"],
            },
            "no `pending` entry starts with 'guardduty.org-admin: '",
        ),
        ({"treatment": "automated", "pending": ["  "]}, "must say in words"),
    ],
)
def test_schema_rules_for_new_fields(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        _catalog(_control(**fields))
    assert problem in str(excinfo.value)


def test_not_applicable_with_a_justification_loads_and_keeps_it() -> None:
    loaded = _catalog(_control(treatment="not-applicable", justification="ECS has no swarm mode."))
    [(_, control)] = list(loaded.catalog.controls())
    assert control.treatment is Treatment.NOT_APPLICABLE
    assert control.all_checks() == []
    assert control.justification == "ECS has no swarm mode."


def test_builtin_catalogs_reload_from_their_files_with_the_same_digest() -> None:
    for catalog in BUILTIN.values():
        again = load_catalog(catalog.path, REGISTRY.checks)
        assert again.digest == catalog.digest
        if any(control.all_checks() for _, control in catalog.catalog.controls()):
            with pytest.raises(ConfigError, match="unknown check"):
                load_catalog(catalog.path, [])  # with no checks known, its references are refused
