"""`controlmap catalog list|show|validate|crosswalk`: read, check and cross-reference control catalogs."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scanner.catalog.model import (
    BUILTIN_DIR,
    Catalog,
    Control,
    LoadedCatalog,
    Treatment,
    catalog_files,
    check_uses,
    load_catalog,
    load_catalogs,
    pending_now_registered,
)
from scanner.errors import ConfigError, ControlmapError

EXIT_OK = 0
EXIT_ERROR = 2  # the same code scanner.cli.main uses for bad input


def add_catalog_parser(subparsers: Any) -> None:
    """Add `catalog` and its subcommands to the top-level parser's subparsers."""
    catalog = subparsers.add_parser(
        "catalog", help="list, show, validate and cross-reference control catalogs"
    )
    sub = catalog.add_subparsers(dest="catalog_command", required=True)
    extra = {
        "action": "append",
        "default": [],
        "type": Path,
        "metavar": "PATH",
        "help": "also load the catalogs in this file or folder (repeatable)",
    }

    listing = sub.add_parser("list", help="every loaded catalog with its groups and controls")
    listing.add_argument("--json", action="store_true", help="machine-readable output for GRC tools")
    listing.add_argument("--catalog", **extra)

    show = sub.add_parser("show", help="one catalog (ID) or one control (CATALOG:CONTROL)")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.add_argument("--catalog", **extra)

    validate = sub.add_parser("validate", help="validate catalog files strictly; exit 2 on the first problem")
    validate.add_argument("paths", type=Path, nargs="+", metavar="PATH")

    crosswalk = sub.add_parser("crosswalk", help="controls across catalogs that rest on the same checks")
    crosswalk.add_argument("--json", action="store_true")
    crosswalk.add_argument(
        "--all", action="store_true", help="every check, not only those shared by two or more catalogs"
    )
    crosswalk.add_argument(
        "--no-pending", action="store_true", help="leave out planned checks that are not registered yet"
    )
    crosswalk.add_argument("--catalog", **extra)


def run_catalog(args: argparse.Namespace) -> int:
    """Run a `catalog` subcommand. Bad input is printed as one `controlmap: ...` line and exits 2."""
    handlers = {"list": _list, "show": _show, "validate": _validate, "crosswalk": _crosswalk}
    try:
        return handlers[args.catalog_command](args)
    except ControlmapError as exc:
        print(f"controlmap: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _known_checks() -> list[str]:
    from scanner.evaluate.registry import build_registry

    return list(build_registry().checks)


def _load(extra: Sequence[Path]) -> list[LoadedCatalog]:
    return load_catalogs([BUILTIN_DIR, *extra], _known_checks())


def control_json(control: Control) -> dict[str, Any]:
    """A control for GRC tools: the documented keys first, optional detail after."""
    data: dict[str, Any] = {
        "id": control.id,
        "title": control.title,
        "phase": control.phase.value,
        "treatment": control.treatment.value,
        "checks": control.all_checks(),
        "pending": list(control.pending),
    }
    if control.inheritance is not None:
        data["inheritance"] = control.inheritance.model_dump()
    if control.attestation is not None:
        data["attestation"] = control.attestation.model_dump()
    if control.justification:
        data["justification"] = control.justification
    if control.cis is not None:
        data["cis"] = control.cis
    if control.evidence_source is not None:
        data["evidence_source"] = control.evidence_source.value
    if control.aws_inherited_on:
        data["aws_inherited_on"] = [p.value for p in control.aws_inherited_on]
    return data


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    data: dict[str, Any] = {"id": catalog.id, "title": catalog.title, "version": catalog.version}
    if catalog.benchmark_version:
        data["benchmark_version"] = catalog.benchmark_version
    data["groups"] = [
        {"id": g.id, "title": g.title, "controls": [control_json(c) for c in g.controls]}
        for g in catalog.groups
    ]
    return data


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2))


def _counts(catalog: Catalog) -> str:
    counts = Counter(control.treatment for _, control in catalog.controls())
    return ", ".join(f"{counts[t]} {t.value}" for t in Treatment if counts[t])


def _list(args: argparse.Namespace) -> int:
    catalogs = _load(args.catalog)
    if args.json:
        _print_json([catalog_json(c.catalog) for c in catalogs])
        return EXIT_OK
    for loaded in catalogs:
        catalog = loaded.catalog
        total = sum(1 for _ in catalog.controls())
        print(f"{catalog.id}  {catalog.version}  {catalog.title}")
        print(f"  {len(catalog.groups)} groups, {total} controls: {_counts(catalog)}")
        print(f"  {loaded.path}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    catalogs = {c.id: c for c in _load(args.catalog)}
    catalog_id, _, control_id = args.id.partition(":")
    if catalog_id not in catalogs:
        raise ConfigError(f"unknown catalog {catalog_id!r}; known: {', '.join(sorted(catalogs))}")
    catalog = catalogs[catalog_id].catalog
    if control_id:
        found = next((c for _, c in catalog.controls() if c.id == control_id), None)
        if found is None:
            raise ConfigError(f"catalog {catalog_id!r} has no control {control_id!r}")
        if args.json:
            _print_json(control_json(found))
        else:
            print("\n".join(_control_lines(found, detail=True)))
        return EXIT_OK
    if args.json:
        _print_json(catalog_json(catalog))
        return EXIT_OK
    bench = f" (benchmark {catalog.benchmark_version})" if catalog.benchmark_version else ""
    print(f"{catalog.id}  {catalog.version}{bench}  {catalog.title}")
    for group in catalog.groups:
        print(f"\n[{group.id}] {group.title}")
        for control in group.controls:
            print("\n".join("  " + line for line in _control_lines(control, detail=False)))
    return EXIT_OK


def _control_lines(control: Control, *, detail: bool) -> list[str]:
    cis = f" [CIS {control.cis}]" if control.cis else ""
    lines = [f"{control.id}{cis}  {control.title}", f"  phase {control.phase}, treatment {control.treatment}"]
    if detail:
        lines.append(f"  {control.summary}")
    if control.checks:
        lines.append(f"  checks: {', '.join(control.checks)}")
    if control.inheritance is not None:
        inh = control.inheritance
        provided = [*inh.provides, *(f"{c} (pending)" for c in inh.provides_pending)]
        owned = [*inh.consumer, *(f"{c} (pending)" for c in inh.consumer_pending)]
        lines.append(f"  inherited from {inh.provider}: {', '.join(provided)}")
        if owned:
            lines.append(f"  each consumer checks: {', '.join(owned)}")
        if inh.consumer_owns:
            lines.append(f"  each consumer owns: {inh.consumer_owns}")
    lines.extend(f"  pending: {entry}" for entry in control.pending)
    if control.attestation is not None:
        lines.append(f"  attestation ({control.attestation.owner}): {control.attestation.statement}")
    if control.justification:
        lines.append(f"  not applicable: {control.justification}")
    return lines


def _validate(args: argparse.Namespace) -> int:
    known = _known_checks()
    for path in args.paths:
        for file in catalog_files(path):
            loaded = load_catalog(file, known)
            catalog = loaded.catalog
            total = sum(1 for _ in catalog.controls())
            print(f"{file}: OK ({catalog.id}, {len(catalog.groups)} groups, {total} controls)")
            for move in pending_now_registered(loaded, known):
                print(f"{file}: note: {move}")
    return EXIT_OK


def crosswalk_rows(
    catalogs: Sequence[LoadedCatalog], known: set[str], *, shared_only: bool, pending: bool
) -> list[dict[str, Any]]:
    """One row per check: the controls (across catalogs) that rest on it."""
    rows = []
    for check_id, all_uses in sorted(check_uses(catalogs).items()):
        uses = all_uses if pending else [u for u in all_uses if u.via != "pending"]
        if not uses or (shared_only and len({u.catalog for u in uses}) < 2):
            continue
        rows.append(
            {
                "check": check_id,
                "registered": check_id in known,
                "controls": [
                    {"catalog": u.catalog, "control": u.control, "title": u.title, "via": u.via} for u in uses
                ],
            }
        )
    return rows


def _crosswalk(args: argparse.Namespace) -> int:
    known = set(_known_checks())
    rows = crosswalk_rows(_load(args.catalog), known, shared_only=not args.all, pending=not args.no_pending)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    for row in rows:
        state = "" if row["registered"] else "  (planned, not registered yet)"
        print(f"{row['check']}{state}")
        for use in row["controls"]:
            print(f"  {use['catalog']}:{use['control']}  [{use['via']}]  {use['title']}")
    if not rows:
        print("no check is shared by controls of two or more catalogs")
    return EXIT_OK
