"""The export formats by name, and writing them into a finished run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from scanner import rundir
from scanner.errors import ConfigError
from scanner.exports.standards import write_asff, write_ocsf, write_oscal
from scanner.exports.tables import EXPORTS, RunTables, read_tables, write_csv, write_json, write_parquet

FORMATS: dict[str, Callable[[RunTables], list[Path]]] = {
    "csv": write_csv,
    "json": write_json,
    "parquet": write_parquet,
    "asff": write_asff,
    "ocsf": write_ocsf,
    "oscal": write_oscal,
}


def export_run(out: Path, formats: Sequence[str]) -> list[Path]:
    """Write the requested exports into the run and rewrite its manifest (sign afterwards)."""
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ConfigError(f"--format: unknown {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    rundir.require_complete(out)
    tables = read_tables(out)
    rundir.mark_incomplete(out)  # until the manifest covers the exports: a partial export never verifies
    (out / EXPORTS).mkdir(exist_ok=True)
    written = [path for name in dict.fromkeys(formats) for path in FORMATS[name](tables)]
    rundir.write_manifest(out, finishing=True)
    return written
