"""The evidence packs and the executive summary as their readers get them: which accounts each pack covers,
every control row and result of those accounts in it (and no other account's), the executive PDF within three
pages with nothing printed over anything else, and a verification sheet whose commands work."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scanner import rundir
from scanner.cli.main import main
from scanner.evaluate.registry import build_registry
from scanner.report.build import EXECUTIVE_PDF, PACKS, Rendering, pack_html, report_run, write_pack_pdf
from scanner.report.chromium import PrintError, find_browser
from scanner.report.pack_view import build_packs
from scanner.report.packs import PackPlan, plan_packs, split_into_parts
from scanner.report.registers import build_registers
from scanner.report.verification import VerificationSheet
from scanner.report.view import build_report
from scanner.run.pipeline import run_catalogs
from scanner.runrecord import PlacementRecord
from tests.conftest import copy_of_demo
from tests.report.pdf_layout import (
    blank,
    describe,
    overlaps_in,
    page_count,
    page_images,
    sample_pages,
    trimmed_report,
)


@pytest.fixture(scope="module")
def packed(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo run reported with its executive PDF and its packs as HTML (pack PDFs are rendered below from
    a cut-down run: the demo's take a minute)."""
    out = copy_of_demo(demo_run_dir, tmp_path_factory, "packs")
    report_run(out, Rendering(pdf=False, pack_by="scope"))
    return out


def _names(out: Path) -> dict[str, str]:
    return {a.name: a.account_id for a in rundir.read_run(out).accounts}


def test_scope_packs_hold_every_account_of_their_scope_and_no_other(packed: Path) -> None:
    run = rundir.read_run(packed)
    ids = _names(packed)
    assert run.evaluation is not None
    placements = dict(run.placements)
    placements[ids["tenant-b"]] = PlacementRecord("application", "billing", "config")  # a second scope
    two_scopes = dataclasses.replace(
        run, evaluation=dataclasses.replace(run.evaluation, placements=placements)
    )
    packs = {p.pack_id: set(p.account_ids) for p in plan_packs(two_scopes, "scope")}
    landing_zone = {ids[n] for n in ("master", "security", "log-archive", "networking", "shared-services")}
    assert packs == {
        "phase-1-landing-zone": landing_zone,
        "phase-2-billing": {ids["tenant-b"]},
        "phase-2-claims-platform": {ids["tenant-a"]},
    }
    by_phase = {p.pack_id: set(p.account_ids) for p in plan_packs(two_scopes, "phase")}
    assert by_phase == {
        "phase-1-landing-zone": landing_zone,
        "phase-2-applications": {ids["tenant-a"], ids["tenant-b"]},
    }
    assert [p.account_ids for p in plan_packs(run, "account")] == [(a.account_id,) for a in run.accounts]


def test_a_pack_too_long_for_one_pdf_is_cut_by_account_never_mid_account() -> None:
    plan = PackPlan("phase-1-landing-zone", "Phase 1", "landing-zone", ("a", "b", "c", "d"))
    parts = split_into_parts(plan, {"a": 900, "b": 900, "c": 3000, "d": 10}, limit=2000)
    assert [p.account_ids for p in parts] == [("a", "b"), ("c",), ("d",)]
    assert [p.heading for p in parts][1] == "Phase 1 (part 2 of 3)"
    assert [p.pack_id for p in parts] == [f"phase-1-landing-zone-part-{i}" for i in (1, 2, 3)]
    assert split_into_parts(plan, {"a": 1}, limit=2000) == [plan]


def _rows(html: str, kind: str) -> list[str]:
    attribute = "data-accounts" if kind == "control-row" else "data-account"
    return re.findall(rf'<tr[^>]*class="{kind}"[^>]*{attribute}="([^"]*)"', html)


def test_each_pack_lists_every_control_row_and_result_of_its_accounts_and_nothing_else(packed: Path) -> None:
    ids = _names(packed)
    controls, results = rundir.read_controls(packed), rundir.read_results(packed)
    expected = {
        "phase-1-landing-zone": {
            ids[n] for n in ("master", "security", "log-archive", "networking", "shared-services")
        },
        "phase-2-claims-platform": {ids["tenant-a"], ids["tenant-b"]},
    }
    for pack, accounts in expected.items():
        parts = sorted((packed / PACKS).glob(f"{pack}*.html"))  # the demo's Phase 1 is cut into parts
        html = "".join(part.read_text() for part in parts)
        printed = [a for row in _rows(html, "control-row") for a in row.split()]
        assert set(printed) == accounts
        # A row printed for several accounts stands for each of them: every control row appears once.
        assert len(printed) == sum(1 for c in controls if c.account_id in accounts)
        listed = _rows(html, "result-row")
        assert sorted(listed) == sorted(r.account_id for r in results if r.account_id in accounts)
    stems = {path.stem for path in (packed / PACKS).glob("*.html")}
    assert all(re.fullmatch(rf"({'|'.join(expected)})(-part-\d+)?", stem) for stem in stems), stems


def test_the_executive_pdf_fits_three_pages_says_the_data_is_simulated_and_prints_nothing_over_anything(
    packed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    shutil.copytree(packed, out)
    report_run(out, Rendering(pdf=True, pack_by=None))
    pdf = out / EXECUTIVE_PDF
    pages = page_count(pdf)
    assert pages <= 3
    assert not (pairs := overlaps_in(pdf, range(1, pages + 1))), describe(pairs)
    assert not any(blank(image) for image in page_images(pdf, range(1, pages + 1), tmp_path / "png"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "SIMULATED DATA" in text and "Critical and high failures" in text
    assert "SIMULATED DATA" in (out / "README.txt").read_text()


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
def test_a_pack_pdf_prints_nothing_over_anything(packed: Path, tmp_path: Path, engine: str) -> None:
    """One account's pack, from the demo's report cut to a few rows of each status (the whole pack takes a
    minute), printed by either engine (Chromium where the machine has it, WeasyPrint otherwise): its cover,
    registers, inheritance map, control tables and appendix as printed."""
    registry = build_registry()
    run = rundir.read_run(packed)
    catalogs = run_catalogs(registry, run)
    report = trimmed_report(
        build_report(run, catalogs, registry, rundir.read_results(packed), rundir.read_controls(packed))
    )
    pack = build_packs(report, plan_packs(run, "account"))[
        -1
    ]  # tenant-b: failures, inheritance, attestations
    results, controls = rundir.read_results(packed), rundir.read_controls(packed)
    registers = build_registers(packed, run, catalogs, registry, results, controls)
    verification = VerificationSheet(run.run_id, None)
    html = pack_html(pack, catalogs, registers, controls, verification, for_pdf=True)
    browser = find_browser() if engine == "chromium" else None
    assert browser or engine == "weasyprint", "setup.sh installs chromium; the packs are printed with it"
    pdf = tmp_path / "pack.pdf"
    write_pack_pdf(html, pdf, browser)
    pages = sample_pages(page_count(pdf))
    assert not (pairs := overlaps_in(pdf, pages)), describe(pairs)
    assert not any(blank(image) for image in page_images(pdf, pages, tmp_path / "png"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "How to verify this pack" in text and "Appendix: check results by account" in text


def test_a_browser_that_cannot_print_is_named_with_what_it_said(tmp_path: Path) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 5\n")
    broken.chmod(0o755)
    with pytest.raises(
        PrintError, match=r"chromium: printing pack.pdf failed \(exit 5\): cannot open display"
    ):
        write_pack_pdf("<p>x</p>", tmp_path / "pack.pdf", str(broken))
    assert not (tmp_path / "pack.pdf").exists()


def test_the_verification_sheet_names_the_signing_key_and_its_commands_check_the_pack(
    packed: Path, tmp_path: Path
) -> None:
    from scanner.pack.signing import ed25519_signer, generate_keypair, write_signature

    out = tmp_path / "run"
    shutil.copytree(packed, out)
    key = tmp_path / "producer-key"
    public = generate_keypair(key)
    signer = ed25519_signer(key)
    report_run(out, Rendering(pdf=False, pack_by="phase", signing_key=signer.described()))
    write_signature(out, signer)
    readme = (out / "README.txt").read_text()
    fingerprint = json.loads((out / rundir.SIGNATURE).read_text())["public_key_sha256"]
    assert fingerprint in readme and fingerprint in (out / "report.html").read_text()
    assert all(fingerprint in pack.read_text() for pack in (out / PACKS).glob("*.html"))
    assert main(["verify", str(out), "--public-key", str(public)]) == 0
    shutil.copy(public, out / "producer-key.pub")  # the reader works in the unpacked run, as the sheet says
    commands = re.findall(r"^    (jq .*|controlmap .*)$", readme, re.M)
    hashes, ed25519 = commands[1], commands[2]

    def run(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, check=False, shell=True, cwd=out, capture_output=True, text=True)

    assert run(hashes).returncode == 0, run(hashes).stderr
    signature = run(ed25519)
    assert signature.returncode == 0 and "Verified Successfully" in signature.stdout, signature.stderr
    (out / rundir.RESULTS).write_text((out / rundir.RESULTS).read_text().replace("PASS", "FAIL", 1))
    assert run(hashes).returncode != 0  # the sheet's check catches a changed file


def test_packs_are_cut_on_every_reporting_command(packed: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    shutil.copytree(packed, out)
    assert main(["report", "--from", str(out), "--no-pdf", "--pack-by", "account"]) == 0
    assert len(list((out / PACKS).glob("account-*.html"))) == 7
    assert main(["report", "--from", str(out), "--no-pdf", "--pack-by", "none"]) == 0
    assert not (out / PACKS).exists()
    assert main(["verify", str(out)]) == 0  # the packs folder left no stale file behind the manifest


def test_an_expired_exception_is_listed_where_each_reader_looks(packed: Path, tmp_path: Path) -> None:
    """The review's EXC-002 case: an exception that expired still matches failures. It stops applying, and the
    executive summary, report.html, every pack it concerns and registers/exceptions.csv say so."""
    out = tmp_path / "run"
    shutil.copytree(packed, out)
    exceptions = tmp_path / "exceptions.yaml"
    exceptions.write_text(
        "exceptions:\n"
        "  - id: EXC-002-privileged\n"
        "    check: ecs.task.privileged\n"
        "    justification: legacy reporting task, being replaced\n"
        "    approver: the CISO\n"
        "    expires: 2026-01-31\n"
    )
    args = ["evaluate", "--from", str(out), "--exceptions", str(exceptions), "--no-pdf", "--pack-by", "phase"]
    assert main(args) == 0
    executive = (out / "executive.html").read_text()
    assert "EXC-002-privileged" in executive and "expired" in executive
    for page in (out / "report.html", *(out / PACKS).glob("phase-2-*.html")):
        html = page.read_text()
        warning = html.index('class="warn register-warning"')
        assert "EXC-002-privileged: expired 2026-01-31" in html[warning : warning + 2000], page.name
    first = (out / "registers" / "exceptions.csv").read_text().splitlines()[1]
    assert first.startswith("EXC-002-privileged,yes,")
