"""Report an evaluated run, then write the manifest, which finishes the run. Every command that evaluates a
run calls this next, in the same hold of the folder (rundir.locked).

What is written: the registers (CSV) and the evidence index; report.html (the whole run); the executive
summary (executive.html, and executive.pdf); one evidence pack per phase, application scope or account
(packs/<id>.html, and .pdf); report.pdf only for a run small enough to be read as one document; README.txt.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner import atomicfile, rundir
from scanner.catalog.model import LoadedCatalog
from scanner.evaluate.registry import Registry, build_registry
from scanner.model import ControlResult, Result
from scanner.report import executive as executive_view
from scanner.report.chromium import find_browser, print_pdf
from scanner.report.evidence_index import write_evidence_index
from scanner.report.inheritance_map import build_inheritance_map, inheritance_table, render_inheritance_svg
from scanner.report.pack_view import PackView, build_packs
from scanner.report.packs import PackBy, plan_packs
from scanner.report.registers import Registers, build_registers, grouped_gaps, write_registers
from scanner.report.render import render_document, render_html, write_pdf
from scanner.report.verification import README, VerificationSheet, readme_text
from scanner.report.view import Report, build_report
from scanner.run import trend
from scanner.run.pipeline import run_catalogs
from scanner.runrecord import RunRecord

PACKS = "packs"
EXECUTIVE_HTML = "executive.html"
EXECUTIVE_PDF = "executive.pdf"
# Above this many check results the whole run is not printed as one PDF: the packs carry the detail.
WHOLE_PDF_LIMIT = 2000
# A pack's PDF lists this many evidence files per result and counts the rest (its HTML lists every one).
PDF_EVIDENCE_SHOWN = 3
ALL_EVIDENCE = 1_000_000


@dataclass(frozen=True)
class Rendering:
    """How a run is reported: with PDFs or HTML only; how its packs are cut (None: no packs); and the key
    the run is signed with right after the report (Signer.described()), for the verification sheet."""

    pdf: bool = True
    pack_by: PackBy | None = "scope"
    signing_key: str | None = None


DEFAULT_RENDERING = Rendering()


def report_run(
    out: Path,
    rendering: Rendering = DEFAULT_RENDERING,
    *,
    registry: Registry | None = None,
    catalogs: Sequence[LoadedCatalog] | None = None,
) -> None:
    """`catalogs`: the ones the run was just evaluated against, if at hand (else loaded as run.json
    records them)."""
    pdf, pack_by = rendering.pdf, rendering.pack_by
    registry = registry or build_registry()
    run = rundir.read_run(out)
    if catalogs is None:
        catalogs = run_catalogs(registry, run)
    controls = rundir.read_controls(out)
    results = rundir.read_results(out)
    counted = trend.counted(controls, catalogs)
    points = trend.refresh(out, run, counted)
    registers = build_registers(out, run, catalogs, registry, results, controls)
    write_registers(out, registers)
    write_evidence_index(out, rundir.REGISTERS, controls)
    report = build_report(run, catalogs, registry, results, controls, points)
    verification = VerificationSheet(run.run_id, rendering.signing_key)
    summary = _executive(run, registry, results, counted, report, points, registers)
    packs = build_packs(report, plan_packs(run, pack_by)) if pack_by and not run.is_host_scan else []
    context = {
        "ex": summary,
        "run": run,
        "packs_index": [p.plan for p in packs],
        "verification": verification,
    }
    whole_run = {**context, **_registers_and_map(registers, catalogs, controls, report)}
    atomicfile.write_text(out / rundir.REPORT_HTML, render_html(report, **whole_run))
    atomicfile.write_text(
        out / EXECUTIVE_HTML, render_document("executive.html.j2", for_pdf=False, **context)
    )
    _write_packs(out, packs, catalogs, registers, controls, verification, pdf=pdf)
    if pdf:
        _pdf(out / EXECUTIVE_PDF, render_document("executive.html.j2", for_pdf=True, **context))
    whole = out / rundir.REPORT_PDF
    if pdf and report.result_total <= WHOLE_PDF_LIMIT:
        _pdf(whole, render_html(report, for_pdf=True, **whole_run))
    else:
        whole.unlink(missing_ok=True)  # a stale one from an earlier rendering would not match this run
    atomicfile.write_text(out / README, readme_text(verification, summary.simulated))
    rundir.write_manifest(out, finishing=True)  # last, over complete files; removes the INCOMPLETE mark


def _registers_and_map(
    registers: Registers, catalogs: Sequence[LoadedCatalog], controls: Sequence[ControlResult], report: Report
) -> dict[str, Any]:
    """What the registers and the inheritance map sections show for these controls."""
    picture = build_inheritance_map(catalogs, controls, report.accounts)
    return {
        "registers": registers,
        "grouped_gaps": grouped_gaps,
        "inheritance_svg": render_inheritance_svg(picture),
        "inheritance_rows": inheritance_table(picture),
    }


def _executive(
    run: RunRecord,
    registry: Registry,
    results: Sequence[Result],
    counted: Sequence[ControlResult],
    report: Report,
    points: Sequence[dict[str, object]],
    registers: Registers,
) -> executive_view.ExecutiveSummary:
    today = executive_view.run_date(run)
    expiring = executive_view.expiring_within(executive_view.expiring_items(registers, today), today)
    titles = {c.catalog_id: c.title for c in report.catalogs}
    return executive_view.build_executive(run, registry, results, counted, titles, points, expiring)


def _write_packs(
    out: Path,
    packs: Sequence[PackView],
    catalogs: Sequence[LoadedCatalog],
    registers: Registers,
    controls: Sequence[ControlResult],
    verification: VerificationSheet,
    *,
    pdf: bool,
) -> None:
    """Each pack as HTML (and PDF); the folder is replaced, so a pack of an earlier cut does not linger."""
    folder = out / PACKS
    shutil.rmtree(folder, ignore_errors=True)
    if not packs:
        return
    folder.mkdir()
    browser = find_browser()
    for pack in packs:
        name = folder / pack.plan.pack_id
        inputs = (pack, catalogs, registers, controls, verification)
        atomicfile.write_text(name.with_suffix(".html"), pack_html(*inputs, for_pdf=False))
        if pdf:
            write_pack_pdf(pack_html(*inputs, for_pdf=True), name.with_suffix(".pdf"), browser)


def pack_html(
    pack: PackView,
    catalogs: Sequence[LoadedCatalog],
    registers: Registers,
    controls: Sequence[ControlResult],
    verification: VerificationSheet,
    *,
    for_pdf: bool,
) -> str:
    """One pack as HTML, or as the HTML its PDF is printed from (which counts a result's evidence files past
    PDF_EVIDENCE_SHOWN instead of listing them)."""
    members = pack.account_ids
    mine = [c for c in controls if c.account_id in members or c.provider_account_id in members]
    return render_document(
        "pack.html.j2",
        for_pdf=for_pdf,
        evidence_shown=PDF_EVIDENCE_SHOWN if for_pdf else ALL_EVIDENCE,
        pack=pack,
        **_registers_and_map(registers.for_accounts(members), catalogs, mine, pack.report),
        verification=verification,
        simulated=pack.report.run.is_simulated,
        control_counts=Counter(c.account_id for c in controls if c.account_id in members),
    )


def write_pack_pdf(html: str, path: Path, browser: str | None) -> None:
    """A pack's PDF: printed by headless Chromium where the machine has it (five times faster on long
    packs, see scanner.report.chromium), else laid out by WeasyPrint."""
    if browser is None:
        _pdf(path, html)
        return
    with atomicfile.replacing(path) as temporary:
        print_pdf(html, temporary, browser, name=path.name)


def _pdf(path: Path, html: str) -> None:
    with atomicfile.replacing(path) as temporary:
        write_pdf(html, temporary)
