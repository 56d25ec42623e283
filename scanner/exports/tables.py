"""Exports of a finished run for other tools: CSV and JSON tables, and Parquet in the Hive-partitioned
layout Athena and Security Lake read (`…/account_id=…/`), with the CREATE EXTERNAL TABLE statements.

Rows carry the account's name, OU path, tags and HITRUST phase, so per-OU sharing (Lake Formation row
filters on `ou_path`) works on our data. Exports live in the run under exports/ and are in its manifest.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner import rundir
from scanner.catalog.model import check_uses
from scanner.errors import ConfigError
from scanner.evaluate.registry import Registry, build_registry
from scanner.model import Account
from scanner.run.pipeline import run_catalogs
from scanner.run.trend import phase_of
from scanner.runrecord import RunRecord

EXPORTS = "exports"

RESULT_COLUMNS = (
    "run_id", "started_at", "account_id", "account_name", "ou_path", "phase", "check_id", "check_title",
    "severity", "region", "resource_id", "status", "message", "fingerprint", "evidence", "account_tags",
)  # fmt: skip
CONTROL_COLUMNS = (
    "run_id", "started_at", "account_id", "account_name", "ou_path", "phase", "catalog", "control_id",
    "status", "reason", "provider_account_id", "checks", "account_tags",
)  # fmt: skip


LIST_COLUMNS = frozenset({"evidence", "checks"})
MAP_COLUMNS = frozenset({"account_tags"})
PARTITION = "account_id"  # lives in the path (account_id=…), not in the files
ATHENA_TYPES = {"list": "array<string>", "map": "map<string,string>", "string": "string"}


def _kind(column: str) -> str:
    """The one place a column's type is decided; the Parquet and Athena types both follow from it."""
    return "list" if column in LIST_COLUMNS else "map" if column in MAP_COLUMNS else "string"


@dataclass(frozen=True)
class RunTables:
    """A run read once for every export: its run.json, the registry, and the two tables."""

    out: Path
    run: RunRecord
    registry: Registry
    results: list[dict[str, Any]]
    controls: list[dict[str, Any]]

    def named(self) -> tuple[tuple[str, list[dict[str, Any]], tuple[str, ...]], ...]:
        return (("results", self.results, RESULT_COLUMNS), ("controls", self.controls, CONTROL_COLUMNS))


def read_tables(out: Path) -> RunTables:
    run = rundir.read_run(out)
    registry = build_registry()
    accounts = {a.account_id: a for a in run.accounts}
    placements = run.placements
    checks = registry.checks

    def account_columns(account_id: str) -> dict[str, Any]:
        account = accounts.get(account_id, Account(account_id))
        return {
            "run_id": run.run_id,
            "started_at": run.started_at,
            "account_id": account_id,
            "account_name": account.name,
            "ou_path": "/".join(account.ou_path),
            "phase": phase_of(placements, account_id),
            "account_tags": dict(account.tags),
        }

    results = [
        {
            **account_columns(r.account_id),
            "check_id": r.check_id,
            "check_title": checks[r.check_id].title if r.check_id in checks else "",
            "severity": checks[r.check_id].severity.value if r.check_id in checks else "",
            "region": r.region,
            "resource_id": r.resource_id,
            "status": r.status.value,
            "message": r.message,
            "fingerprint": r.fingerprint,
            "evidence": list(r.evidence),
        }
        for r in rundir.read_results(out)
    ]
    controls = [
        {
            **account_columns(c.account_id),
            "catalog": c.catalog,
            "control_id": c.control_id,
            "status": c.status.value,
            "reason": c.reason,
            "provider_account_id": c.provider_account_id or "",
            "checks": list(c.checks),
        }
        for c in rundir.read_controls(out)
    ]
    return RunTables(out, run, registry, results, controls)


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def write_csv(tables: RunTables) -> list[Path]:
    written = []
    for name, rows, columns in tables.named():
        path = tables.out / EXPORTS / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: _flat(row[k]) for k in columns} for row in rows)
        written.append(path)
    return written


def write_json(tables: RunTables) -> list[Path]:
    written = []
    for name, rows, _ in tables.named():
        path = tables.out / EXPORTS / f"{name}.json"
        rundir.write_json(path, rows)
        written.append(path)
    return written


def _athena_ddl(table: str, columns: Sequence[str]) -> str:
    fields = ",\n".join(f"  `{c}` {ATHENA_TYPES[_kind(c)]}" for c in columns if c != PARTITION)
    return (
        f"CREATE EXTERNAL TABLE IF NOT EXISTS controlmap_{table} (\n{fields}\n)\n"
        f"PARTITIONED BY (`{PARTITION}` string)\n"
        "STORED AS PARQUET\n"
        f"LOCATION 's3://YOUR-BUCKET/YOUR-RUN-PREFIX/{EXPORTS}/parquet/{table}/';\n"
        f"MSCK REPAIR TABLE controlmap_{table};\n"
    )


def _arrow_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Any:
    """One Parquet table of `rows`, typed by `_kind`."""
    import pyarrow as pa  # type: ignore[import-untyped]  # heavy: only when Parquet is asked for

    arrow_types = {
        "list": pa.list_(pa.string()),
        "map": pa.map_(pa.string(), pa.string()),
        "string": pa.string(),
    }
    schema = pa.schema([(c, arrow_types[_kind(c)]) for c in columns])
    data = {c: [list(r[c].items()) if _kind(c) == "map" else r[c] for r in rows] for c in columns}
    return pa.table(data, schema=schema)


def write_parquet(tables: RunTables) -> list[Path]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    root = tables.out / EXPORTS / "parquet"
    written: list[Path] = []
    ddl = []
    for name, rows, columns in tables.named():
        by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_account[row[PARTITION]].append(row)
        for account_id, account_rows in sorted(by_account.items()):
            folder = root / name / f"{PARTITION}={account_id}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}.parquet"
            pq.write_table(_arrow_table(account_rows, [c for c in columns if c != PARTITION]), path)
            written.append(path)
        ddl.append(_athena_ddl(name, columns))
    sql = root / "athena.sql"
    sql.parent.mkdir(parents=True, exist_ok=True)
    sql.write_text(
        "-- Athena tables over this run's Parquet export; set the LOCATION to where it is stored.\n\n"
        + "\n".join(ddl)
    )
    written.append(sql)
    return written


# Tables over every run (the deployed stack's Glue tables): <table>/day=YYYY-MM-DD/<run_id>.parquet, one file
# per run with every column, partitioned by the day the run started so Athena partition projection finds
# new runs without a crawler or MSCK REPAIR.
TABLES_PARTITION = "day"


def table_columns() -> dict[str, list[dict[str, str]]]:
    """Each cross-run table's columns with their Athena/Glue types (the stack's Glue tables use these)."""
    named = {"results": RESULT_COLUMNS, "controls": CONTROL_COLUMNS}
    return {name: [{"Name": c, "Type": ATHENA_TYPES[_kind(c)]} for c in cols] for name, cols in named.items()}


def write_tables(out: Path, root: Path) -> list[Path]:
    """Write a finished run into the cross-run table layout under `root` (a local folder, uploaded by the
    caller when the tables live in S3)."""
    import pyarrow.parquet as pq

    tables = read_tables(out)
    run_id = tables.run.run_id or out.name
    day = tables.run.started_at[:10]
    if len(day) != 10:
        raise ConfigError(f"{out / rundir.RUN}: started_at is missing or not a date; cannot place the run")
    written = []
    for name, rows, columns in tables.named():
        folder = root / name / f"{TABLES_PARTITION}={day}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{run_id}.parquet"
        pq.write_table(_arrow_table(rows, columns), path)
        written.append(path)
    return written


def requirements_of(tables: RunTables) -> dict[str, list[str]]:
    """check id -> "catalog control" ids of the controls that rest on it, for the run's catalogs."""
    return {
        check_id: [f"{u.catalog} {u.control}" for u in uses if u.via != "pending"]
        for check_id, uses in check_uses(run_catalogs(tables.registry, tables.run)).items()
    }
