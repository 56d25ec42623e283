"""`controlmap scan-host`: audit one Docker host (its files, or a docker-bench-security report) into a run
directory of the same format as an AWS scan, evaluated against the CIS Docker catalog by the same pipeline.
Reporting it next (scanner.report.build.report_run) finishes the run."""

from __future__ import annotations

import getpass
import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import boto3

from scanner import __version__, rundir, runrecord
from scanner.errors import ConfigError
from scanner.evidence import EvidenceStore
from scanner.host.collect import HostCollector, host_name
from scanner.host.docker_bench import bench_record, parse_report, read_report_text
from scanner.host.files import HostFiles
from scanner.host.targets import host_account
from scanner.inventory import DatasetRecord, Inventory
from scanner.model import GLOBAL_REGION, Account
from scanner.run.pipeline import Clock, RunOutcome, evaluate_run, prepare_out, utc_now
from scanner.runrecord import RunRecord

CATALOG = "cis-docker"


@dataclass(frozen=True)
class HostScanConfig:
    out: Path
    root: Path | None = None  # read the host's files under this root (None: only the docker-bench report)
    docker_bench: str | None = None  # a docker-bench-security JSON report: local path or s3://bucket/key
    host_name: str | None = None
    pdf: bool = True  # whether reporting the run renders report.pdf too


def scan_host(
    config: HostScanConfig, *, session: boto3.Session | None = None, clock: Clock = utc_now
) -> RunOutcome:
    """Read the host (and/or the report) into the inventory, write run.json, then evaluate. The caller holds
    config.out (rundir.locked) and reports the run in the same hold."""
    if config.root is None and config.docker_bench is None:
        raise ConfigError("scan-host needs --root (the host's files) or --docker-bench (a report), or both")
    files = HostFiles(config.root) if config.root is not None else None
    if files is not None and not files.root.is_dir():
        raise ConfigError(f"--root {config.root}: not a directory")
    name = config.host_name or (host_name(files) if files is not None else None)
    if not name:
        raise ConfigError("cannot tell the host's name: give --host-name (no etc/hostname under --root)")
    report = None
    if config.docker_bench is not None:  # read before touching --out, so a bad report writes nothing
        report = parse_report(read_report_text(config.docker_bench, session), config.docker_bench)
    prepare_out(config.out)
    started = clock()
    store = EvidenceStore(config.out / rundir.EVIDENCE)
    records: list[DatasetRecord] = []
    if files is not None:
        records.append(HostCollector(files, name, store).record())
    if report is not None and config.docker_bench is not None:
        records.append(bench_record(report, config.docker_bench, name, store))
    Inventory({r.key: r for r in records}).save(config.out / rundir.INVENTORY)
    record = _host_record(config, name, files, started=started, finished=clock())
    rundir.write_run(config.out, record)
    return evaluate_run(config.out, clock=clock)


def _host_record(
    config: HostScanConfig, name: str, files: HostFiles | None, *, started: datetime, finished: datetime
) -> RunRecord:
    account = host_account(name)
    reader = f"uid {os.geteuid()} ({getpass.getuser()})"
    root = str(files.root) if files is not None else None
    identity = f"{started.isoformat()}|{account}|{root}|{config.docker_bench}|{config.out.resolve()}"
    return RunRecord(
        run_id=hashlib.sha256(identity.encode()).hexdigest()[:16],
        tool=runrecord.Tool("controlmap", __version__),
        mode=runrecord.HOST_SCAN_MODE,
        caller=runrecord.Caller(account, f"host files read by {reader}", str(os.geteuid())),
        host=runrecord.HostRecord(
            name=name,
            root=root,
            live=files.is_live if files is not None else False,
            docker_bench=config.docker_bench,
        ),
        started_at=started.isoformat(),
        finished_collection_at=finished.isoformat(),
        # "Docker host", not the host name: account names drive landing-zone role inference.
        accounts=(Account(account, name="Docker host"),),
        regions={account: (GLOBAL_REGION,)},
        requested=runrecord.Requested(org=False, accounts=(account,), regions=()),
        selected_catalogs=(CATALOG,),
    )
