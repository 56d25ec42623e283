"""The built-in demo end to end: simulated organization -> scan -> run directory -> HTML and PDF reports."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from demo.world import LAYOUT
from scanner import rundir
from scanner.cli.main import main
from tests.conftest import copy_of_demo


@pytest.fixture(scope="module")
def demo_dir(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's demo run with its executive PDF rendered (the packs' PDFs are left out: they take a
    minute, and tests/report/test_packs.py renders a pack's PDF from a cut-down run)."""
    out = copy_of_demo(demo_run_dir, tmp_path_factory, "demo")
    assert main(["report", "--from", str(out), "--pack-by", "none"]) == 0
    return out


@pytest.fixture(scope="module")
def whole_pdf(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """report.pdf as a run small enough to print whole has it: the demo's report cut to a few pages of each
    kind (the demo itself is above WHOLE_PDF_LIMIT, so it gets packs instead)."""
    from scanner.evaluate.registry import build_registry
    from scanner.report.render import render_pdf
    from scanner.report.view import build_report
    from scanner.run.pipeline import run_catalogs
    from tests.report.pdf_layout import trimmed_report

    registry = build_registry()
    run = rundir.read_run(demo_dir)
    results, controls = rundir.read_results(demo_dir), rundir.read_controls(demo_dir)
    report = build_report(run, run_catalogs(registry, run), registry, results, controls, [])
    path = tmp_path_factory.mktemp("whole-pdf") / rundir.REPORT_PDF
    render_pdf(trimmed_report(report), path)
    return path


def results(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]


def test_run_directory_has_every_contract_file(demo_dir: Path) -> None:
    for name in (
        rundir.RESULTS,
        rundir.CONTROLS,
        rundir.RUN,
        rundir.MANIFEST,
        rundir.REPORT_HTML,
        "executive.pdf",
        "README.txt",
        "registers/gaps.csv",
        "registers/evidence-index.csv",
    ):
        assert (demo_dir / name).is_file(), name
    assert any((demo_dir / rundir.EVIDENCE).glob("*.json"))
    # Above WHOLE_PDF_LIMIT results the run is not printed as one PDF: the packs are.
    assert not (demo_dir / rundir.REPORT_PDF).exists()


def test_all_seven_accounts_are_scanned_with_pass_and_fail(demo_dir: Path) -> None:
    run = json.loads((demo_dir / rundir.RUN).read_text())
    names = {a["name"] for a in run["accounts"]}
    assert {name for name, _ in LAYOUT} <= names
    assert len(run["accounts"]) == 7
    rows = results(demo_dir)
    assert {r["account_id"] for r in rows} == {a["account_id"] for a in run["accounts"]}
    statuses = Counter(r["status"] for r in rows)
    assert statuses["PASS"] > 0 and statuses["FAIL"] > 0


def test_result_records_follow_the_contract(demo_dir: Path) -> None:
    for row in results(demo_dir):
        assert {
            "check_id",
            "account_id",
            "region",
            "resource_id",
            "status",
            "message",
            "evidence",
        } <= row.keys()
        assert row["status"] in {"PASS", "FAIL", "ERROR", "NOT_APPLICABLE"}
        for digest in row["evidence"]:  # type: ignore[attr-defined]
            assert re.fullmatch(r"[0-9a-f]{64}", digest)
            assert (demo_dir / rundir.EVIDENCE / f"{digest}.json").is_file()


def test_global_results_use_the_global_region(demo_dir: Path) -> None:
    root_mfa = [r for r in results(demo_dir) if r["check_id"] == "iam.root.mfa"]
    assert root_mfa and all(r["region"] == "global" for r in root_mfa)


def test_known_seeded_configuration_is_reported(demo_dir: Path) -> None:
    rows = results(demo_dir)
    legacy = [
        r
        for r in rows
        if r["check_id"] == "s3.bucket.default-encryption" and "legacy-exports" in str(r["resource_id"])
    ]
    assert legacy and all(r["status"] == "FAIL" for r in legacy)
    analytics = [
        r
        for r in rows
        if r["check_id"] == "athena.workgroup.results-encrypted"
        and str(r["resource_id"]).endswith("workgroup/analytics")
    ]
    assert analytics and all(r["status"] == "PASS" for r in analytics)


def test_controls_cover_every_catalog_and_account(demo_dir: Path) -> None:
    run = json.loads((demo_dir / rundir.RUN).read_text())
    rows = [json.loads(line) for line in (demo_dir / rundir.CONTROLS).read_text().splitlines()]
    catalogs = {c["id"] for c in run["catalogs"]}
    assert {"hitrust-csf", "fsi-athena", "cis-docker"} <= catalogs
    assert {r["catalog"] for r in rows} == catalogs
    assert len({r["account_id"] for r in rows}) == 7
    for catalog in run["catalogs"]:
        assert re.fullmatch(r"[0-9a-f]{64}", catalog["sha256"])


def test_pdf_has_cover_contents_page_numbers_and_every_section(demo_dir: Path, whole_pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(whole_pdf)
    total = len(reader.pages)
    assert total >= 3

    def text(number: int) -> str:  # pages are numbered from 1, as the contents and footers number them
        return reader.pages[number - 1].extract_text()

    # The cover runs over as many pages as the accounts need; the contents page follows it.
    contents_page = next(n for n in range(2, min(total, 10) + 1) if re.search(r"^Contents$", text(n), re.M))
    cover = "\n".join(text(n) for n in range(1, contents_page))
    contents = text(contents_page)
    run = json.loads((demo_dir / rundir.RUN).read_text())
    assert "controlmap evidence report" in cover and run["run_id"] in cover
    assert run["organization"]["id"] in cover and run["caller"]["arn"] in cover
    for catalog in run["catalogs"]:  # the cover names each catalog's digest
        assert catalog["sha256"] in cover.replace("\n", "")
    for name, _ in LAYOUT:  # and every account
        assert name in cover
    assert "Contents" in contents
    # Each contents entry ends in the page number its section starts on, filled in by the renderer.
    sections = r"Readiness in detail|Check results|Appendix: attestations"
    entries = dict(re.findall(rf"^({sections})\W*?(\d+)$", contents, re.M))
    assert set(entries) == {"Readiness in detail", "Check results", "Appendix: attestations"}
    for name, number in entries.items():
        assert name in text(int(number)), f"contents says {name} starts on page {number}"
    assert "FAIL" in text(int(entries["Check results"])) and "PASS" in text(int(entries["Check results"]))
    # The running footer numbers every page (sampled: extracting all of a long PDF's text is slow).
    for number in sorted({*range(1, total + 1, 25), total}):
        assert f"page {number} of {total}" in text(number)


def test_html_is_self_contained(demo_dir: Path) -> None:
    html = (demo_dir / rundir.REPORT_HTML).read_text()
    assert html.count("<script") == 1 and "<script src" not in html  # only the inline filter script
    assert "script-src 'sha256-" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "tenant-a" in html and "FAIL" in html and "PASS" in html


def test_manifest_detects_any_change(demo_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo_dir, copy)
    assert main(["verify", str(copy)]) == 0
    target = copy / rundir.RESULTS
    data = bytearray(target.read_bytes())
    data[10] ^= 0x01
    target.write_bytes(bytes(data))
    (copy / "extra.txt").write_text("added")
    evidence = next((copy / rundir.EVIDENCE).glob("*.json"))
    evidence.unlink()
    check = rundir.verify_manifest(copy)
    assert check.changed == (rundir.RESULTS,)
    assert check.added == ("extra.txt",)
    assert check.removed == (f"{rundir.EVIDENCE}/{evidence.name}",)
    assert main(["verify", str(copy)]) == 3


def test_evaluate_and_report_replay_without_aws(demo_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "replay"
    shutil.copytree(demo_dir, copy)
    before = (copy / rundir.RESULTS).read_text()
    # No moto here: any AWS call would fail (and the network guard would fail the test).
    assert main(["evaluate", "--from", str(copy), "--no-pdf"]) == 0
    assert (copy / rundir.RESULTS).read_text() == before
    assert main(["report", "--from", str(copy), "--no-pdf"]) == 0
    assert rundir.verify_manifest(copy).ok
