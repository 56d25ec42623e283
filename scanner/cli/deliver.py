"""What a command does around the pipeline's stages: each stage and the report that finishes the run in one
hold of the run folder; a run bound for S3 staged in a local folder first; then the finished run exported,
signed and packed, recorded in the history and published to the cross-run tables.

The functions take plain values: argument parsing stays in scanner.cli.main.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner import rundir
from scanner.aws.preflight import checked_session
from scanner.aws.storage import S3Location, download_run, is_s3_uri, list_runs, upload_run
from scanner.errors import ConfigError
from scanner.evaluate.registry import Registry, build_registry
from scanner.report.build import Rendering, report_run
from scanner.report.packs import PACK_BY, PackBy
from scanner.run import pipeline, trend
from scanner.run.config import RunConfig
from scanner.run.history import History, default_history_path
from scanner.run.host import HostScanConfig, scan_host
from scanner.run.pipeline import RunOutcome
from scanner.run.shard import merge_runs

if TYPE_CHECKING:
    import boto3

    from scanner.pack.signing import Signer


@dataclass(frozen=True)
class Delivery:
    """What to make of a finished run, in this order (the signature covers the exports, the pack both)."""

    formats: tuple[str, ...] = ()
    signer: Signer | None = None
    pack: Path | None = None

    @property
    def signing_key(self) -> str | None:
        """The key the run will be signed with, as the report's verification sheet names it."""
        return self.signer.described() if self.signer is not None else None


@dataclass(frozen=True)
class Stores:
    history: str | None = None  # SQLite file, or the s3:// prefix runs are stored under (None: the default)
    tables: str | None = None  # folder or s3:// prefix of the cross-run tables (None: not published)


@dataclass(frozen=True)
class Delivered:
    outcome: RunOutcome
    report: str  # where the report is, as told to the user


@contextmanager
def _held(directory: Path, *, already: bool) -> Iterator[None]:
    if already:
        yield
        return
    with rundir.locked(directory):
        yield


def scan_and_report(
    config: RunConfig,
    session: boto3.Session,
    *,
    registry: Registry | None = None,
    folder_held: bool = False,
    signing_key: str | None = None,
) -> RunOutcome:
    """Scan, evaluate and report config.out in one hold of the folder: a finished run, manifest written.
    `folder_held` when the caller holds the folder already (to deliver the run in the same hold)."""
    registry = registry or build_registry()
    rendering = Rendering(config.pdf, _pack_by(config.pack_by), signing_key)
    with _held(config.out, already=folder_held):
        outcome = pipeline.scan(config, session, registry=registry, folder_held=True)
        report_run(config.out, rendering, registry=registry, catalogs=outcome.catalogs)
    return outcome


def _pack_by(value: str | None) -> PackBy | None:
    if value is None or value in PACK_BY:
        return value  # narrowed by the membership test
    raise ConfigError(f"packs are cut by one of {', '.join(PACK_BY)}, not {value!r}")


def scan(
    destination: str,
    config_for: Callable[[Path], RunConfig],
    session: boto3.Session,
    delivery: Delivery,
    stores: Stores,
    *,
    registry: Registry,
) -> Delivered:
    """`controlmap scan`: into a local folder, or staged locally and uploaded under an s3:// prefix.
    `config_for` gives the run's configuration for the local folder it is written to."""
    if is_s3_uri(destination):
        location = S3Location.parse(destination)
        with tempfile.TemporaryDirectory(prefix="controlmap-") as staging:
            outcome = scan_and_report(
                config_for(Path(staging) / "run"),
                session,
                registry=registry,
                signing_key=delivery.signing_key,
            )
            finish(outcome.out, delivery)
            count = upload_run(outcome.out, location, session)
            publish_tables(outcome.out, stores.tables)
        return Delivered(outcome, f"{location}report.html ({count} files)")
    out = Path(destination)
    with rundir.locked(out):  # one writer per folder, through the exports, the signature and the pack
        outcome = scan_and_report(
            config_for(out), session, registry=registry, folder_held=True, signing_key=delivery.signing_key
        )
        finish(outcome.out, delivery)
        record(stores.history, outcome.out)
    publish_tables(outcome.out, stores.tables)
    return Delivered(outcome, str(outcome.out / rundir.REPORT_HTML))


def reevaluate(
    source: Path, *, exceptions: Path | None, rendering: Rendering, registry: Registry | None = None
) -> RunOutcome:
    """`controlmap evaluate --from`: evaluate a stored run again (with a new exceptions file if given) and
    report it. The folder is locked, refused if incomplete, and marked incomplete until its manifest is
    rewritten."""
    registry = registry or build_registry()
    with rundir.rewriting(source):
        if exceptions is not None:
            pipeline.set_exceptions(source, exceptions)
        outcome = pipeline.evaluate_run(source, registry=registry)
        report_run(source, rendering, registry=registry, catalogs=outcome.catalogs)
    return outcome


def rerender(source: Path, rendering: Rendering) -> None:
    """`controlmap report --from`: render a stored run's reports again (and so its manifest)."""
    with rundir.rewriting(source):
        report_run(source, rendering)


def merge(
    sources: Sequence[str],
    destination: str,
    delivery: Delivery,
    stores: Stores,
    *,
    rendering: Rendering,
    registry: Registry | None = None,
) -> Delivered:
    """`controlmap merge`: shard runs (local, or downloaded from S3) merged into one run, evaluated and
    reported in one hold of its folder, then delivered like a scan."""
    registry = registry or build_registry()
    with tempfile.TemporaryDirectory(prefix="controlmap-merge-") as staging:
        shards = local_shards(sources, Path(staging))
        out = Path(staging) / "merged" if is_s3_uri(destination) else Path(destination)
        with rundir.locked(out):  # one writer per folder, until the merged run is finished
            merge_runs(shards, out)
            trend.write(out, trend_history(stores.history), [])
            outcome = pipeline.evaluate_run(out, registry=registry)
            report_run(out, rendering, registry=registry, catalogs=outcome.catalogs)
            finish(out, delivery)
        if is_s3_uri(destination):
            location = S3Location.parse(destination)
            count = upload_run(out, location, checked_session())
            publish_tables(out, stores.tables)
            return Delivered(outcome, f"{location}report.html ({count} files)")
        record(stores.history, out)
        publish_tables(out, stores.tables)
    return Delivered(outcome, str(out / rundir.REPORT_HTML))


def local_shards(sources: Sequence[str], staging: Path) -> list[Path]:
    """Local shard directories; S3 runs are downloaded (a prefix of runs expands to every run below it)."""
    local: list[Path] = []
    session = None
    for source in sources:
        if not is_s3_uri(source):
            local.append(Path(source))
            continue
        session = session or checked_session()
        location = S3Location.parse(source)
        below = list_runs(location, session)
        locations = [S3Location.parse(r["path"]) for r in below] if below else [location]
        for where in locations:
            local.append(download_run(where, staging / f"shard-{len(local)}", session))
    return local


def host_scan(
    config: HostScanConfig, *, session: boto3.Session | None = None, delivery: Delivery = Delivery()
) -> RunOutcome:
    """`controlmap scan-host`: audit the host, report and deliver the run in one hold of its folder."""
    with rundir.locked(config.out):  # one writer per folder, through the exports, the signature and the pack
        outcome = scan_host(config, session=session)
        rendering = Rendering(config.pdf, pack_by=None, signing_key=delivery.signing_key)
        report_run(config.out, rendering, catalogs=outcome.catalogs)
        finish(outcome.out, delivery)
    return outcome


def finish(out: Path, delivery: Delivery) -> None:
    """Export, sign and pack a finished run when asked, in that order: the signature covers the exports."""
    from scanner.exports.formats import export_run
    from scanner.pack.signing import pack_run, write_signature

    if delivery.formats:
        print(f"exports: {len(export_run(out, delivery.formats))} files under {out / 'exports'}")
    if delivery.signer is not None:
        print(f"signed: {write_signature(out, delivery.signer)}")
    if delivery.pack is not None:
        print(f"pack: {pack_run(out, delivery.pack)}")


def trend_history(history: str | None) -> tuple[dict[str, Any], ...]:
    """Earlier runs' trend points, from the S3 prefix the runs are stored under or the SQLite history."""
    if history and is_s3_uri(history):
        return tuple(trend.latest_trend(S3Location.parse(history), checked_session()))
    return tuple(History(Path(history) if history else default_history_path()).trend_points())


def record(history: str | None, out: Path) -> None:
    """Record a local run in the SQLite history; a run stored under an S3 history prefix is its own record."""
    if history and is_s3_uri(history):
        print(f"history: {history} records runs stored under it; {out} is local and is not among them")
        return
    History(Path(history) if history else default_history_path()).record(out)


def publish_tables(out: Path, tables: str | None) -> None:
    if tables is None:
        return
    from scanner.exports.tables import write_tables

    if not is_s3_uri(tables):
        print(f"tables: {len(write_tables(out, Path(tables)))} files under {tables}")
        return
    with tempfile.TemporaryDirectory(prefix="controlmap-tables-") as staging:
        write_tables(out, Path(staging))
        count = upload_run(Path(staging), S3Location.parse(tables), checked_session())
    print(f"tables: {count} files under {tables}")
