"""Report an evaluated run: render report.html (and report.pdf) from its stored results, then write the
manifest, which finishes the run. Every command that evaluates a run calls this next, in the same hold of
the folder (rundir.locked)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scanner import atomicfile, rundir
from scanner.catalog.model import LoadedCatalog
from scanner.evaluate.registry import Registry, build_registry
from scanner.report.render import render_html, render_pdf
from scanner.report.view import build_report
from scanner.run import trend
from scanner.run.pipeline import run_catalogs


def report_run(
    out: Path,
    *,
    pdf: bool = True,
    registry: Registry | None = None,
    catalogs: Sequence[LoadedCatalog] | None = None,
) -> None:
    """`catalogs`: the ones the run was just evaluated against, if at hand (else loaded as run.json
    records them)."""
    registry = registry or build_registry()
    run = rundir.read_run(out)
    if catalogs is None:
        catalogs = run_catalogs(registry, run)
    controls = rundir.read_controls(out)
    points = trend.refresh(out, run, trend.counted(controls, catalogs))
    report = build_report(run, catalogs, registry, rundir.read_results(out), controls, points)
    atomicfile.write_text(out / rundir.REPORT_HTML, render_html(report))
    if pdf:
        with atomicfile.replacing(out / rundir.REPORT_PDF) as temporary:
            render_pdf(report, temporary)
    rundir.write_manifest(out, finishing=True)  # last, over complete files; removes the INCOMPLETE mark
