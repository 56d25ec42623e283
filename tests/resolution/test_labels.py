"""Labels tell the truth: `automated` has a built check, unbuilt automation is `pending` (never satisfied),
no two controls of a catalog decide on the same checks unless one says so, and titles claim no more than the
checks judge."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from scanner.catalog.model import Catalog, LoadedCatalog, Treatment, load_catalog
from scanner.errors import ConfigError
from scanner.model import Account, ControlStatus, Result, Status
from scanner.resolve.controls import placements_json, resolve_controls, simple_context
from scanner.resolve.phases import phase_one, phase_two
from tests.catalog.helpers import BUILTIN, REGISTRY

HEADER = "id: mine\ntitle: Mine\nversion: '1'\ngroups:\n  - id: g\n    title: G\n    controls:\n"


def _control(cid: str, body: str) -> str:
    return f"      - id: {cid}\n        title: T\n        summary: S.\n        phase: both\n{body}"


def _load(tmp_path: Path, *controls: str) -> LoadedCatalog:
    path = tmp_path / "mine.yaml"
    path.write_text(HEADER + "".join(controls))
    return load_catalog(path, REGISTRY.checks)


def test_automated_without_a_built_check_is_refused_with_file_and_line(tmp_path: Path) -> None:
    unbuilt = _control(
        "c", "        treatment: automated\n        pending: ['not yet planned: a future check']\n"
    )
    with pytest.raises(
        ConfigError,
        match=r"mine\.yaml:8: groups\[0\] 'g' > controls\[0\] 'c': treatment "
        r"automated needs at least one built check .* `treatment: pending`",
    ):
        _load(tmp_path, unbuilt)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            "        treatment: pending\n        checks: [iam.root.mfa]\n",
            "treatment pending means no check is built",
        ),
        ("        treatment: pending\n", "treatment pending needs `pending`"),
    ],
)
def test_pending_is_for_unbuilt_automation_only(tmp_path: Path, body: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=rf"mine\.yaml:8: .*{re.escape(problem)}"):
        _load(tmp_path, _control("c", body))


def test_a_pending_control_is_not_evaluated_and_says_what_is_pending(tmp_path: Path) -> None:
    loaded = _load(
        tmp_path, _control("c", "        treatment: pending\n        pending: ['not yet planned: X']\n")
    )
    account = Account("400000000000", "tenant-a", ou_path=("Workloads",))
    ctx = simple_context([account], [], dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    [control] = resolve_controls([loaded], ctx)
    assert control.status is ControlStatus.NOT_EVALUATED
    assert control.reason == "automation pending: not yet planned: X"


def test_no_builtin_control_is_labelled_automated_without_a_built_check() -> None:
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            if control.treatment is Treatment.AUTOMATED:
                assert control.decision_checks(), f"{catalog.id}:{control.id}"
    # The ones the assessor found: unbuilt, so labelled pending.
    labelled = {
        f"{c.id}:{ctl.id}": ctl.treatment for c in BUILTIN.values() for _, ctl in c.catalog.controls()
    }
    for key in (
        "hitrust-csf:18.approved-regions",
        "cis-docker:runtime.no-sshd",
        "fsi-athena:ops.catalog-policy",
    ):
        assert labelled[key] is Treatment.PENDING, key


def test_two_controls_deciding_on_the_same_checks_are_refused(tmp_path: Path) -> None:
    same = "        treatment: automated\n        checks: [iam.root.mfa, iam.root.no-access-keys]\n"
    reordered = "        treatment: automated\n        checks: [iam.root.no-access-keys, iam.root.mfa]\n"
    with pytest.raises(
        ConfigError,
        match=r"mine\.yaml:14: control 'd' decides on exactly the same checks as "
        r"'c' \(iam\.root\.mfa, iam\.root\.no-access-keys\), so one fact would count twice",
    ):
        _load(tmp_path, _control("c", same), _control("d", reordered))


def test_same_checks_with_different_pending_work_are_two_decisions(tmp_path: Path) -> None:
    one = "        treatment: automated\n        checks: [iam.root.mfa]\n"
    more = one + "        pending: ['not yet planned: something else the control asks']\n"
    assert len(list(_load(tmp_path, _control("c", one), _control("d", more)).catalog.controls())) == 2


def test_decided_with_must_name_a_control_with_the_same_checks(tmp_path: Path) -> None:
    mfa = "        treatment: automated\n        checks: [iam.root.mfa]\n"
    keys = (
        "        treatment: automated\n        checks: [iam.root.no-access-keys]\n        decided_with: c\n"
    )
    with pytest.raises(
        ConfigError, match=r"mine\.yaml:20: control 'd' > decided_with: 'c' decides on other checks"
    ):
        _load(tmp_path, _control("c", mfa), _control("d", keys))
    declared = _load(tmp_path, _control("c", mfa), _control("d", mfa + "        decided_with: c\n"))
    assert [c.decided_with for _, c in declared.catalog.controls()] == [None, "c"]


def test_builtin_catalogs_count_each_fact_once() -> None:
    """11.root-mfa repeated 10.root-credentials' check: merged. Two CIS recommendations that ECS answers with
    one fact each say so in `decided_with`."""
    ids = {ctl.id: ctl for _, ctl in BUILTIN["hitrust-csf"].catalog.controls()}
    assert "11.root-mfa" not in ids and "iam.root.mfa" in ids["10.root-credentials"].checks
    for catalog in BUILTIN.values():
        seen: dict[object, str] = {}
        for _, control in catalog.catalog.controls():
            key = control.decision_key()
            if key[0] and control.decided_with is None:
                assert key not in seen, f"{catalog.id}: {control.id} repeats {seen.get(key)}"
                seen[key] = control.id
    cis = {
        ctl.id: ctl.decided_with for _, ctl in BUILTIN["cis-docker"].catalog.controls() if ctl.decided_with
    }
    assert cis == {
        "images.healthcheck": "runtime.health-check",
        "runtime.seccomp-not-disabled": "runtime.no-privileged",
    }


# Checks that judge every S3 bucket of an account, not only the ones Athena or a data set uses.
EVERY_BUCKET = {"s3.bucket.tls-only", "s3.bucket.public-access", "s3.bucket.default-encryption"}


def test_titles_claim_no_narrower_buckets_than_the_checks_judge() -> None:
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            if EVERY_BUCKET & set(control.decision_checks()):
                title = control.title.lower()
                assert not title.startswith(("data buckets", "athena buckets", "private data")), control.id
    fsi = {ctl.id: ctl for _, ctl in BUILTIN["fsi-athena"].catalog.controls()}
    assert fsi["dp.tls-only-buckets"].title == "Every bucket denies requests without TLS"


def test_a_loaded_catalog_model_needs_no_file_to_judge_a_pending_control() -> None:
    """Catalog.model_validate (what tests and tools build from dicts) applies the treatment rule too."""
    control = {
        "id": "c",
        "title": "T",
        "summary": "S",
        "phase": "both",
        "treatment": "automated",
        "pending": ["not yet planned: X"],
    }
    with pytest.raises(ValueError, match="treatment automated needs at least one built check"):
        Catalog.model_validate(
            {
                "id": "x",
                "title": "X",
                "version": "1",
                "groups": [{"id": "g", "title": "G", "controls": [control]}],
            }
        )


def test_phase_tables_count_a_decided_with_control_once(tmp_path: Path) -> None:
    mfa = "        treatment: automated\n        checks: [iam.root.mfa]\n"
    loaded = _load(tmp_path, _control("c", mfa), _control("d", mfa + "        decided_with: c\n"))
    security = Account("300000000000", "security", ou_path=("Security",))
    tenant = Account("400000000000", "tenant-a", ou_path=("Workloads",))
    results = [
        Result("iam.root.mfa", a.account_id, "global", "root", Status.PASS, "m") for a in (security, tenant)
    ]
    ctx = simple_context([security, tenant], results, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    controls = resolve_controls([loaded], ctx)
    assert [c.status for c in controls] == [ControlStatus.SATISFIED] * 4  # both rows stay, for the benchmark
    placements = placements_json(ctx.placements)
    [row] = phase_one(loaded, controls, placements)
    assert row["satisfied"] == 1
    [scope] = phase_two(loaded, controls, placements, {})
    assert scope["local"] == 1
