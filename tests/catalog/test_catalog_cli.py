"""`controlmap catalog ...`: list, show, validate and crosswalk, through the parser the lead wires in."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from scanner.cli.catalog import EXIT_ERROR, EXIT_OK, add_catalog_parser, run_catalog
from tests.catalog.test_malformed_catalogs import GOOD


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="controlmap")
    sub = parser.add_subparsers(dest="command", required=True)
    add_catalog_parser(sub)
    return run_catalog(parser.parse_args(argv))


def json_out(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Any:
    assert run(argv) == EXIT_OK
    return json.loads(capsys.readouterr().out)


def test_list_json_has_the_three_catalogs_with_every_control_phased_and_treated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json_out(capsys, ["catalog", "list", "--json"])
    by_id = {c["id"]: c for c in data}
    assert {k: len(v["groups"]) for k, v in by_id.items()} == {
        "cis-docker": 7,
        "fsi-athena": 5,
        "hitrust-csf": 19,
    }
    for catalog in data:
        assert {"id", "title", "version", "groups"} <= catalog.keys()
        for group in catalog["groups"]:
            assert {"id", "title", "controls"} <= group.keys() and group["controls"]
            for control in group["controls"]:
                assert {"id", "title", "phase", "treatment", "checks"} <= control.keys()
                assert control["phase"] in {"landing-zone", "application", "both"}
                assert control["treatment"] in {
                    "automated",
                    "pending",
                    "hybrid",
                    "attestation",
                    "aws-inherited",
                    "not-applicable",
                }
                assert isinstance(control["checks"], list)
    assert by_id["cis-docker"]["benchmark_version"] == "1.6.0"


def test_list_text_shows_counts_by_treatment(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["catalog", "list"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "hitrust-csf" in out and "19 groups" in out and "not-applicable" in out


def test_list_includes_a_user_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.yaml").write_text(GOOD)
    data = json_out(capsys, ["catalog", "list", "--json", "--catalog", str(tmp_path)])
    assert "my-catalog" in [c["id"] for c in data]


def test_show_a_catalog_and_a_control(capsys: pytest.CaptureFixture[str]) -> None:
    catalog = json_out(capsys, ["catalog", "show", "fsi-athena", "--json"])
    assert catalog["id"] == "fsi-athena" and len(catalog["groups"]) == 5
    control = json_out(capsys, ["catalog", "show", "hitrust-csf:12.api-activity-logging", "--json"])
    assert control["inheritance"]["provider"] == "management"
    assert "cloudtrail.org-trail" in control["inheritance"]["provides"]
    assert "cloudtrail.org-trail-visible" in control["inheritance"]["consumer"]
    assert run(["catalog", "show", "cis-docker:runtime.no-privileged"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "[CIS 5.5]" in text and "checks: ecs.task.privileged" in text


def test_show_unknown_ids_exit_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["catalog", "show", "nist"]) == EXIT_ERROR
    assert "unknown catalog 'nist'; known: cis-docker, fsi-athena, hitrust-csf" in capsys.readouterr().err
    assert run(["catalog", "show", "hitrust-csf:99.nothing"]) == EXIT_ERROR
    assert "has no control '99.nothing'" in capsys.readouterr().err


def test_validate_accepts_a_good_catalog_and_names_the_problem_in_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    assert run(["catalog", "validate", str(good)]) == EXIT_OK
    assert f"{good}: OK (my-catalog, 1 groups, 2 controls)" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("phase: both", "phase: phase-1"))
    assert run(["catalog", "validate", str(bad)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"controlmap: {bad}:11: ") and "phase" in err


def test_validate_notes_pending_automation_that_now_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pending.yaml"
    path.write_text(
        GOOD.replace("checks: [iam.root.mfa]", "pending: ['iam.root.mfa: the root user has MFA']").replace(
            "treatment: automated", "treatment: pending", 1
        )
    )
    assert run(["catalog", "validate", str(path)]) == EXIT_OK
    note = "note: move iam.root.mfa from pending to checks in my-catalog:c1 and label it automated"
    assert note in capsys.readouterr().out


def test_validate_the_builtin_folder(capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.catalog.model import BUILTIN_DIR

    assert run(["catalog", "validate", str(BUILTIN_DIR)]) == EXIT_OK
    assert capsys.readouterr().out.count(": OK (") == 3


def test_crosswalk_shows_one_piece_of_evidence_serving_several_catalogs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = {r["check"]: r for r in json_out(capsys, ["catalog", "crosswalk", "--json"])}
    encryption = rows["s3.bucket.default-encryption"]
    assert encryption["registered"] is True
    assert {"fsi-athena:dp.source-data-encrypted", "hitrust-csf:19.s3-encryption-at-rest"} <= {
        f"{u['catalog']}:{u['control']}" for u in encryption["controls"]
    }
    trail = rows["cloudtrail.multi-region-logging"]
    assert {"hitrust-csf:12.api-activity-logging", "fsi-athena:aud.api-logging"} <= {
        f"{u['catalog']}:{u['control']}" for u in trail["controls"]
    }
    assert rows["cloudtrail.org-trail"]["registered"] is True
    assert all(len({u["catalog"] for u in r["controls"]}) >= 2 for r in rows.values())


def test_crosswalk_can_leave_out_planned_checks_and_include_single_catalog_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    registered_only = json_out(capsys, ["catalog", "crosswalk", "--json", "--all", "--no-pending"])
    assert all(r["registered"] for r in registered_only)
    assert {
        "athena.workgroup.results-encrypted",
        "cloudtrail.multi-region-logging",
        "iam.root.mfa",
        "s3.bucket.default-encryption",
        "vpc.endpoint.athena",
    } <= {r["check"] for r in registered_only}
    assert run(["catalog", "crosswalk"]) == EXIT_OK
    assert "s3.bucket.default-encryption" in capsys.readouterr().out
