"""Command line: parse arguments into a RunConfig and plain values, and hand them to the pipeline's stages
and to scanner.cli.deliver, which runs them. No logic lives here."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner import __version__
from scanner.aws.preflight import checked_session
from scanner.aws.retries import CallLimits
from scanner.aws.sessions import DEFAULT_ROLE_NAME
from scanner.aws.storage import S3Location, download_run, is_s3_uri, list_runs
from scanner.cli import deliver
from scanner.cli.catalog import add_catalog_parser, run_catalog
from scanner.errors import ConfigError, ControlmapError
from scanner.evaluate.registry import Registry, build_registry
from scanner.exports.formats import FORMATS
from scanner.model import Result, Severity
from scanner.report.build import Rendering
from scanner.report.packs import PACK_BY
from scanner.run.config import RunConfig
from scanner.run.history import History, RunData, default_history_path, diff_runs, load_run_dir, render_diff
from scanner.run.pipeline import RunOutcome
from scanner.run.shard import parse_shard

if TYPE_CHECKING:
    import boto3

    from scanner.pack.signing import Signer

EXPORT_FORMATS = ", ".join(FORMATS)
EXIT_OK = 0
EXIT_ERROR = 2  # bad input or a run that could not be done (the message says why)
EXIT_TAMPERED = 3  # verify: files or signature do not match, manifest.json is unreadable, run incomplete
EXIT_GATE = 4  # --fail-on: failures at or above the severity remain
EXIT_CRASH = 1  # an unexpected error (a bug): one line on stderr, the traceback in a log file
EXIT_INTERRUPTED = 130


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _add_pack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        type=_csv,
        default=(),
        help=f"comma-separated exports to add under exports/: {EXPORT_FORMATS}",
    )
    _add_signing_options(parser.add_mutually_exclusive_group(), "--sign-key", "--sign-kms-key")
    parser.add_argument("--pack", type=Path, default=None, help="also write the whole run as this zip file")


def _add_pack_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pack-by",
        choices=(*PACK_BY, "none"),
        default="scope",
        help="evidence packs under packs/: a Phase 1 pack and a Phase 2 pack (phase), a Phase 1 pack and one "
        "Phase 2 pack per application scope (scope, the default), one pack per account (account), or none",
    )


def _rendering(args: argparse.Namespace, signing_key: str | None = None) -> Rendering:
    pack_by = None if args.pack_by == "none" else args.pack_by
    return Rendering(pdf=not args.no_pdf, pack_by=pack_by, signing_key=signing_key)


def _add_signing_options(group: Any, key_flag: str, kms_flag: str) -> None:
    """The two ways to sign manifest.json, one at a time (both land in args.sign_key / args.sign_kms_key)."""
    group.add_argument(
        key_flag,
        dest="sign_key",
        metavar=key_flag.lstrip("-").upper().replace("-", "_"),
        type=Path,
        default=None,
        help="Ed25519 private key (PEM) to sign with",
    )
    group.add_argument(
        kms_flag,
        dest="sign_kms_key",
        metavar="KEY_ARN_OR_ALIAS",
        default=None,
        help="asymmetric AWS KMS key (ECC_NIST_P256 or RSA, SIGN_VERIFY) to sign with: kms:Sign over the "
        "SHA-256 of manifest.json, with the default AWS credentials (or --profile where the command has it)",
    )


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--history",
        default=None,
        help="where runs are recorded: a SQLite file (default: $CONTROLMAP_HISTORY or "
        "~/.controlmap/history.sqlite), or the s3:// prefix the runs are stored under",
    )
    parser.add_argument(
        "--tables",
        default=None,
        help="also add the run to the cross-run Parquet tables under this folder or s3:// prefix "
        "(<table>/day=YYYY-MM-DD/<run_id>.parquet; the deployed Glue tables read them)",
    )


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """How long a scan keeps trying (scanner.aws.retries); a limit reached gives ERROR with its reason."""
    limits = CallLimits()
    group = parser.add_argument_group("retries and deadlines")
    group.add_argument(
        "--throttle-attempts",
        type=int,
        default=limits.throttle_attempts,
        help="attempts of a throttled call, with adaptive back-off (default %(default)s)",
    )
    group.add_argument(
        "--throttle-wait",
        type=float,
        default=limits.throttle_wait,
        metavar="SECONDS",
        help="most back-off one throttled call may wait in all (default %(default)s)",
    )
    group.add_argument(
        "--server-error-retries",
        type=int,
        default=limits.server_error_retries,
        help="retries of a call that met a server error (HTTP 5xx, dropped connection, read timeout); not "
        "implemented, unknown operations and unreachable endpoints are never retried (default %(default)s)",
    )
    group.add_argument(
        "--dataset-timeout",
        type=float,
        default=limits.dataset_timeout,
        metavar="SECONDS",
        help="deadline of each (account, region, dataset): past it the dataset gives ERROR "
        "'timed out' and the scan moves on (default %(default)s)",
    )
    group.add_argument(
        "--assume-offered",
        type=_csv,
        action="extend",
        default=[],
        metavar="SERVICE[:REGION]",
        help="scan a service (boto3 name, e.g. macie2) in a region even where botocore's endpoint data "
        "says AWS does not offer it (there its checks are otherwise NOT_APPLICABLE)",
    )


def _call_limits(args: argparse.Namespace) -> CallLimits:
    try:
        return CallLimits(
            throttle_attempts=args.throttle_attempts,
            throttle_wait=args.throttle_wait,
            server_error_retries=args.server_error_retries,
            dataset_timeout=args.dataset_timeout,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


def _add_demo_parser(sub: Any) -> None:
    demo = sub.add_parser("demo", help="scan a simulated AWS Organization (moto, no AWS account needed)")
    demo.add_argument("--out", type=Path, required=True, help="run directory to write")
    demo.add_argument("--no-pdf", action="store_true", help="skip the PDF report")
    _add_pack_by(demo)
    _add_pack_options(demo)


def _add_evidence_pack_parsers(sub: Any) -> None:
    verify = sub.add_parser(
        "verify", help="re-hash a run directory or pack against manifest.json and check its signature"
    )
    verify.add_argument("source", type=Path, help="run directory or .zip pack")
    verify.add_argument(
        "--public-key",
        type=Path,
        default=None,
        help="public key (PEM) to check the signature with: KEY.pub from keygen, or a KMS key's from "
        "kms-public-key (never one taken from the pack)",
    )

    keygen = sub.add_parser("keygen", help="create an Ed25519 signing key (and KEY.pub) for evidence packs")
    keygen.add_argument("key", type=Path, help="path of the private key to create")

    sign = sub.add_parser("sign", help="sign a run directory's manifest.json (writes manifest.sig)")
    sign.add_argument("source", type=Path)
    _add_signing_options(sign.add_mutually_exclusive_group(required=True), "--key", "--kms-key")
    sign.add_argument("--profile", default=None, help="AWS profile name (with --kms-key)")

    public = sub.add_parser(
        "kms-public-key", help="write a KMS signing key's public key (PEM) for auditors (kms:GetPublicKey)"
    )
    public.add_argument("key", metavar="KEY_ARN_OR_ALIAS")
    public.add_argument("--out", type=Path, required=True, help="PEM file to write")
    public.add_argument("--profile", default=None, help="AWS profile name")

    export = sub.add_parser("export", help=f"write exports ({EXPORT_FORMATS}) into a run directory")
    export.add_argument("source", type=Path)
    export.add_argument("--format", type=_csv, required=True, help=f"comma-separated: {EXPORT_FORMATS}")

    pack = sub.add_parser("pack", help="write a run directory as one zip archive")
    pack.add_argument("source", type=Path)
    pack.add_argument("--out", type=Path, required=True, help="zip file to write")


def _add_scan_host_parser(sub: Any) -> None:
    host = sub.add_parser(
        "scan-host",
        help="audit a Docker host's files (CIS Docker sections 1-3) or ingest a docker-bench report",
    )
    host.add_argument("--out", type=Path, required=True, help="run directory to write")
    host.add_argument(
        "--root",
        type=Path,
        default=None,
        help="the host's file system root to read (default: / unless only --docker-bench is given)",
    )
    host.add_argument(
        "--docker-bench",
        default=None,
        metavar="FILE_OR_S3_URI",
        help="a docker-bench-security JSON report (its -l FILE writes FILE.json): a path or s3://bucket/key",
    )
    host.add_argument("--host-name", default=None, help="the host's name (default: its etc/hostname)")
    host.add_argument("--profile", default=None, help="AWS profile name (to read --docker-bench from S3)")
    host.add_argument("--no-pdf", action="store_true", help="skip the PDF report")
    _add_pack_options(host)


def _add_scan_parser(sub: Any) -> None:
    scan = sub.add_parser("scan", help="scan AWS with the standard credential chain")
    scan.add_argument(
        "--out", required=True, help="run directory to write: a local path or s3://bucket/prefix/"
    )
    scan.add_argument(
        "--org", action="store_true", help="discover and scan every active account of the organization"
    )
    scan.add_argument("--role-name", default=DEFAULT_ROLE_NAME, help="role assumed in each member account")
    scan.add_argument(
        "--external-id",
        default=os.environ.get("CONTROLMAP_EXTERNAL_ID"),
        help="external id required by the audit role's trust policy (default: $CONTROLMAP_EXTERNAL_ID)",
    )
    scan.add_argument(
        "--accounts", type=_csv, default=(), help="comma-separated account ids to limit the scan to"
    )
    scan.add_argument(
        "--regions", type=_csv, default=(), help="comma-separated regions (default: every enabled one)"
    )
    scan.add_argument(
        "--catalog", action="append", default=[], help="catalog id to use, or a path to a catalog file/folder"
    )
    scan.add_argument(
        "--org-config", type=Path, default=None, help="YAML: landing-zone roles and application scopes"
    )
    scan.add_argument(
        "--attestations", type=Path, default=None, help="folder of attestation files for manual controls"
    )
    scan.add_argument(
        "--baseline", type=Path, default=None, help="a stored Phase 1 run to inherit the landing zone from"
    )
    scan.add_argument(
        "--exceptions", type=Path, default=None, help="YAML of accepted exceptions (never a PASS)"
    )
    scan.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=None,
        help=f"exit {EXIT_GATE} if failures at or above this severity remain",
    )
    scan.add_argument(
        "--shard", default=None, metavar="K/N", help="scan only shard K of N of the accounts (with --org)"
    )
    scan.add_argument("--workers", type=int, default=8, help="concurrent collectors (default 8)")
    _add_limit_options(scan)
    scan.add_argument("--profile", default=None, help="AWS profile name")
    scan.add_argument("--no-pdf", action="store_true", help="skip the PDF report")
    _add_pack_by(scan)
    _add_pack_options(scan)
    _add_store_options(scan)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="controlmap", description="Read-only AWS compliance scanner with evidence packs."
    )
    parser.add_argument("--version", action="version", version=f"controlmap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    _add_demo_parser(sub)

    _add_scan_parser(sub)

    evaluate = sub.add_parser(
        "evaluate", help="re-evaluate a run directory from its stored inventory (no AWS)"
    )
    evaluate.add_argument("--from", dest="source", type=Path, required=True)
    evaluate.add_argument("--no-pdf", action="store_true")
    _add_pack_by(evaluate)
    evaluate.add_argument("--exceptions", type=Path, default=None, help="replace the run's exceptions file")
    evaluate.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=None,
        help=f"exit {EXIT_GATE} if failures at or above this severity remain",
    )

    report = sub.add_parser("report", help="re-render the reports of a run directory")
    report.add_argument("--from", dest="source", type=Path, required=True)
    report.add_argument("--no-pdf", action="store_true")
    _add_pack_by(report)

    _add_evidence_pack_parsers(sub)
    _add_scan_host_parser(sub)

    sub.add_parser("iam-policy", help="print the minimal read-only IAM policy for the audit role")
    add_catalog_parser(sub)

    merge = sub.add_parser("merge", help="merge shard runs (scan --shard K/N) into one run, then evaluate it")
    merge.add_argument(
        "shards",
        nargs="+",
        help="shard run directories; an s3:// prefix holding runs one level below it stands for all of them",
    )
    merge.add_argument(
        "--out", required=True, help="merged run directory: a local path or s3://bucket/prefix/"
    )
    merge.add_argument("--no-pdf", action="store_true")
    _add_pack_by(merge)
    _add_pack_options(merge)
    _add_store_options(merge)

    history = sub.add_parser(
        "history", help="list recorded runs (SQLite history, or runs under an S3 prefix)"
    )
    history.add_argument("--db", type=Path, default=None)
    history.add_argument("--s3", default=None, help="list runs stored under this s3:// prefix instead")
    history.add_argument("--json", action="store_true")

    diff = sub.add_parser("diff", help="what changed between two runs (run dirs, s3:// URIs or run ids)")
    diff.add_argument("before")
    diff.add_argument("after")
    diff.add_argument("--db", type=Path, default=None)
    diff.add_argument("--json", action="store_true")
    return parser


def _split_catalogs(values: Sequence[str]) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """--catalog takes ids of loaded catalogs or paths; a path's catalogs are added to the selection."""
    ids: list[str] = []
    paths: list[Path] = []
    for value in values:
        candidate = Path(value)
        if candidate.exists() or value.endswith((".yaml", ".yml")) or "/" in value:
            paths.append(candidate)
        else:
            ids.append(value)
    return tuple(ids), tuple(paths)


def _summary(outcome: RunOutcome, where: str | None = None) -> None:
    from scanner.aws.progress import print_summary

    print_summary(where or str(outcome.out / "report.html"), outcome.results, outcome.controls)


def _delivery(args: argparse.Namespace, signer: Signer | None) -> deliver.Delivery:
    return deliver.Delivery(formats=tuple(args.format), signer=signer, pack=args.pack)


def _demo(args: argparse.Namespace) -> int:
    try:  # the demo is a plug-in: not part of every installation (the production image leaves it out)
        from demo.run import run_demo
    except ModuleNotFoundError as exc:
        if exc.name != "demo":
            raise
        raise ConfigError(
            "controlmap demo is not part of this installation (the production image leaves it out); "
            "install controlmap from its source with the demo extra: pip install '.[demo]'"
        ) from exc

    delivery = _delivery(args, _signer(args))
    outcome = run_demo(args.out, _rendering(args, delivery.signing_key))
    deliver.finish(outcome.out, delivery)
    _summary(outcome)
    return EXIT_OK


def _scan_config(args: argparse.Namespace, registry: Registry, out: Path) -> RunConfig:
    ids, paths = _split_catalogs(args.catalog)
    if paths:
        from scanner.catalog.model import load_catalogs

        user_ids = [c.id for c in load_catalogs(paths, registry.checks)]
        ids = (*ids, *user_ids) if ids else ()
    config = RunConfig(
        out=out,
        org=args.org,
        role_name=args.role_name,
        external_id=args.external_id,
        accounts=args.accounts,
        regions=args.regions,
        catalogs=ids,
        catalog_paths=tuple(p.resolve() for p in paths),
        workers=args.workers,
        pdf=not args.no_pdf,
        pack_by=None if args.pack_by == "none" else args.pack_by,
        org_config=args.org_config,
        attestations=args.attestations,
        baseline=args.baseline,
        exceptions=args.exceptions,
        shard=parse_shard(args.shard) if args.shard else None,
        trend_history=deliver.trend_history(args.history),
        limits=_call_limits(args),
        assume_offered=_assume_offered(args.assume_offered),
    )
    if config.shard and not config.org:
        raise ConfigError("--shard splits the accounts of an organization: it needs --org")
    return config


def _check_inputs(args: argparse.Namespace, registry: Registry) -> None:
    """Read and validate every file the user gave, before any AWS call and before the run directory."""
    from scanner.run.inputs import load_user_files

    ids, paths = _split_catalogs(args.catalog)
    load_user_files(
        registry,
        catalogs=ids,
        catalog_paths=paths,
        org_config=args.org_config,
        exceptions=args.exceptions,
        attestations=args.attestations,
    )


def _scan(args: argparse.Namespace) -> int:
    registry = build_registry()
    _check_inputs(args, registry)
    session = _aws_session(args)  # checked before the run directory is made
    signer = _signer(args, session)
    delivered = deliver.scan(
        args.out,
        lambda out: _scan_config(args, registry, out),
        session,
        _delivery(args, signer),
        deliver.Stores(args.history, args.tables),
        registry=registry,
    )
    _summary(delivered.outcome, delivered.report)
    return _gate(delivered.outcome.results, args.fail_on, registry)


def _assume_offered(values: Sequence[str]) -> frozenset[tuple[str, str | None]]:
    from scanner.aws.service_regions import parse_overrides

    try:
        return parse_overrides(values)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


def _evaluate(args: argparse.Namespace) -> int:
    registry = build_registry()
    outcome = deliver.reevaluate(
        args.source, exceptions=args.exceptions, rendering=_rendering(args), registry=registry
    )
    _summary(outcome)
    return _gate(outcome.results, args.fail_on, registry)


def _report(args: argparse.Namespace) -> int:
    deliver.rerender(args.source, _rendering(args))
    print(f"report: {args.source / 'report.html'}")
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    delivery = _delivery(args, _signer(args))
    delivered = deliver.merge(
        args.shards,
        args.out,
        delivery,
        deliver.Stores(args.history, args.tables),
        rendering=_rendering(args, delivery.signing_key),
    )
    _summary(delivered.outcome, delivered.report)
    return EXIT_OK


def _scan_host(args: argparse.Namespace) -> int:
    from scanner.run.host import HostScanConfig

    root = args.root if args.root is not None or args.docker_bench is not None else Path("/")
    session = _aws_session(args) if args.docker_bench and is_s3_uri(args.docker_bench) else None
    signer = _signer(args, session)
    config = HostScanConfig(args.out, root, args.docker_bench, args.host_name, pdf=not args.no_pdf)
    outcome = deliver.host_scan(config, session=session, delivery=_delivery(args, signer))
    _summary(outcome)
    return EXIT_OK


def _iam_policy(args: argparse.Namespace) -> int:
    from scanner.tools.iam_policy import audit_policy

    print(json.dumps(audit_policy(build_registry()), indent=2))
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from scanner.pack.signing import verify_run

    result = verify_run(args.source, args.public_key)
    check = result.manifest
    for label, names in (("changed", check.changed), ("added", check.added), ("removed", check.removed)):
        for name in names:
            print(f"{label}: {name}")
    print(f"manifest: {check.state}" + (f" ({check.detail})" if check.detail else ""))
    print(f"signature: {result.signature.state.upper()} ({result.signature.detail})")
    return EXIT_OK if result.ok else EXIT_TAMPERED


def _keygen(args: argparse.Namespace) -> int:
    from scanner.pack.signing import generate_keypair

    public = generate_keypair(args.key)
    print(f"private key: {args.key} (keep it secret)\npublic key: {public} (give it to the auditor)")
    return EXIT_OK


def _sign(args: argparse.Namespace) -> int:
    from scanner.pack.signing import write_signature

    signer = _signer(args)
    if signer is None:  # argparse already requires one of them
        raise ConfigError("sign needs --key or --kms-key")
    print(f"signed: {write_signature(args.source, signer)}")
    return EXIT_OK


def _kms_public_key(args: argparse.Namespace) -> int:
    from scanner.pack.kms_signing import export_public_key
    from scanner.pack.signing import fingerprint

    key = export_public_key(_aws_session(args), args.key, args.out)
    print(f"public key: {args.out} ({key.arn}, {key.algorithm}, sha256 {fingerprint(key.public_key)})")
    print("give it to the auditor: controlmap verify PACK --public-key " + str(args.out))
    return EXIT_OK


def _aws_session(args: argparse.Namespace) -> boto3.Session:
    """The standard credential chain, with --profile on the commands that have it, checked once at first
    contact (regions, profile, credentials, endpoint: scanner.aws.preflight) and then reused."""
    session: boto3.Session | None = getattr(args, "checked_session", None)
    if session is None:
        session = checked_session(getattr(args, "profile", None), getattr(args, "regions", ()))
        args.checked_session = session
    return session


def _signer(args: argparse.Namespace, session: boto3.Session | None = None) -> Signer | None:
    """The signer --sign-key or --sign-kms-key names, loaded (or described in KMS) before any run is made, so
    a bad key fails fast; None when the run is not to be signed."""
    if args.sign_key is not None:
        from scanner.pack.signing import ed25519_signer

        return ed25519_signer(args.sign_key)
    if args.sign_kms_key is not None:
        from scanner.pack.kms_signing import kms_signer

        return kms_signer(session or _aws_session(args), args.sign_kms_key)
    return None


def _export(args: argparse.Namespace) -> int:
    from scanner.exports.formats import export_run

    for path in export_run(args.source, args.format):
        print(f"wrote {path}")
    return EXIT_OK


def _pack(args: argparse.Namespace) -> int:
    from scanner.pack.signing import pack_run

    print(f"pack: {pack_run(args.source, args.out)}")
    return EXIT_OK


def run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "demo": _demo,
        "scan": _scan,
        "evaluate": _evaluate,
        "report": _report,
        "merge": _merge,
        "history": _history,
        "diff": _diff,
        "iam-policy": _iam_policy,
        "catalog": run_catalog,
        "verify": _verify,
        "keygen": _keygen,
        "sign": _sign,
        "kms-public-key": _kms_public_key,
        "pack": _pack,
        "export": _export,
        "scan-host": _scan_host,
    }
    return handlers[args.command](args)


def _history(args: argparse.Namespace) -> int:
    if args.s3:
        runs = list_runs(S3Location.parse(args.s3), _aws_session(args))
    else:
        runs = History(args.db or default_history_path()).runs()
    if args.json:
        print(json.dumps(runs, indent=2, sort_keys=True))
        return EXIT_OK
    for run in runs:
        counts = run.get("summary", {}).get("results", {})
        shown = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        print(f"{run['run_id']}  {run['started_at']}  {run['accounts']} accounts  {shown}  {run['path']}")
    if not runs:
        print("no runs recorded")
    return EXIT_OK


def _load_for_diff(ref: str, db: Path | None, staging: Path) -> RunData:
    if is_s3_uri(ref):
        return load_run_dir(download_run(S3Location.parse(ref), staging / "run", checked_session()))
    path = Path(ref)
    if path.is_dir():
        return load_run_dir(path)
    return load_run_dir(History(db or default_history_path()).path_of(ref))


def _diff(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        before = _load_for_diff(args.before, args.db, Path(a))
        after = _load_for_diff(args.after, args.db, Path(b))
    result = diff_runs(before, after)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, sort_keys=True))
    else:
        print(render_diff(result, before.run_id, after.run_id))
    return EXIT_OK


def _gate(results: Sequence[Result], fail_on: str | None, registry: Registry) -> int:
    if fail_on is None:
        return EXIT_OK
    from scanner.evaluate.gate import blocking_failures

    blocking = blocking_failures(results, registry, Severity(fail_on))
    if blocking:
        print(f"controlmap: {len(blocking)} failure(s) at or above {fail_on} severity", file=sys.stderr)
        return EXIT_GATE
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except ControlmapError as exc:
        print(f"controlmap: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:  # Ctrl-C: collection drops its queued work at once (scanner.aws.collect)
        print("controlmap: interrupted" + (f": {exc}" if str(exc) else ""), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last resort: one line and a log file, never a traceback
        print(f"controlmap: {_crash_report(exc)}", file=sys.stderr)
        return EXIT_CRASH


def crash_log_dir() -> Path:
    """Where unexpected errors leave their traceback: $CONTROLMAP_LOG_DIR or ~/.controlmap/logs."""
    configured = os.environ.get("CONTROLMAP_LOG_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".controlmap" / "logs"


def _crash_report(exc: Exception) -> str:
    """Write the traceback to a new log file (in the temp folder if the log folder cannot be written) and
    return one line naming the error and the file."""
    import platform
    import time
    import traceback

    first = (str(exc).strip().splitlines() or [""])[0]
    first = first if len(first) <= 200 else first[:197] + "..."
    summary = f"unexpected error: {type(exc).__name__}" + (f": {first}" if first else "")
    header = f"controlmap {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
    log = header + "".join(traceback.format_exception(exc))
    stamp = time.strftime("%Y%m%dT%H%M%S")
    for folder in (crash_log_dir, lambda: Path(tempfile.gettempdir())):
        try:
            where = folder()
            where.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f"controlmap-{stamp}-", suffix=".log", dir=where)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(log)
        except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home directory
            continue
        return f"{summary} (traceback in {name})"
    return f"{summary} (the traceback could not be written to a log file)"


if __name__ == "__main__":
    sys.exit(main())
