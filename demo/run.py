"""Run the demo: build the simulated organization, then scan, evaluate and report it as a real scan does."""

from __future__ import annotations

from pathlib import Path

from demo.world import DEMO_REGIONS, simulated_organization
from scanner import rundir
from scanner.evaluate.registry import build_registry
from scanner.report.build import DEFAULT_RENDERING, Rendering, report_run
from scanner.run import pipeline
from scanner.run.config import RunConfig
from scanner.runrecord import DEMO_MODE

DEMO_DATA = Path(__file__).resolve().parent / "data"


def run_demo(out: Path, rendering: Rendering = DEFAULT_RENDERING) -> pipeline.RunOutcome:
    with simulated_organization() as world:  # its simulated answers end with it
        config = RunConfig(
            out=out,
            org=True,
            regions=DEMO_REGIONS,
            pdf=rendering.pdf,
            mode=DEMO_MODE,
            org_config=DEMO_DATA / "org-config.yaml",
            attestations=DEMO_DATA / "attestations",
        )
        registry = build_registry()
        with rundir.locked(out):  # the report finishes the run in the scan's hold of the folder
            outcome = pipeline.scan(config, world.base, registry=registry, folder_held=True)
            report_run(out, rendering, registry=registry, catalogs=outcome.catalogs)
        return outcome
