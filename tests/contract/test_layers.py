"""The package layout is the pipeline's table of contents, and the imports keep to it.

Every product module belongs to one layer; a module imports only from its own layer or the layers below.
Imports inside functions count the same as top-level ones: a lazy import hides a dependency, it does not
remove it. The few plug-in points that reach upward are listed by name, with the reason.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Bottom to top. A module's layer is the longest prefix listed here; "scanner" alone is the ground floor
# (model, errors, inventory, evidence, checkapi, rundir, ...) that every stage stands on.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("scanner", "scanner.policy"),
    ("scanner.catalog",),
    ("scanner.aws",),
    ("scanner.host",),
    ("checks",),
    ("scanner.evaluate",),
    ("scanner.resolve",),
    ("scanner.run",),
    ("scanner.report",),
    ("scanner.exports",),
    ("scanner.pack",),
    ("scanner.tools",),
    ("scanner.cli",),
    ("demo",),
)

# (importer, imported): the intended upward reaches, each a plug-in point reached lazily.
PLUG_INS = {
    # The demo is an optional extra: the CLI's `demo` command imports it when asked for, and says how to
    # install it when it is missing.
    ("scanner.cli.main", "demo.run"),
}


def _layer(module: str) -> int:
    best, depth = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and prefix.count(".") > depth:
                best, depth = index, prefix.count(".")
    return best


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("scanner", "checks", "demo"):
        for path in (REPO / top).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The product modules a file imports, anywhere in it (a name imported from a package counts as the
    submodule when there is one)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module not in known:
                continue
            submodules = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in known]
            yield from submodules or [node.module]


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: set(_imports(path, known)) - {name} for name, path in known.items()}


def test_every_module_has_a_layer() -> None:
    assert [m for m in _modules() if _layer(m) < 0] == []


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = sorted(
        f"{importer} ({LAYERS[_layer(importer)][0]}) imports {imported} ({LAYERS[_layer(imported)][0]})"
        for importer, targets in _graph().items()
        for imported in targets
        if _layer(imported) > _layer(importer) and (importer, imported) not in PLUG_INS
    )
    assert upward == []


def test_no_import_cycle() -> None:
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert [" -> ".join(c) for c in cycles] == []


def test_the_plug_ins_are_still_needed() -> None:
    """An exception that no longer matches an import is a stale rule; drop it."""
    graph = _graph()
    assert sorted(p for p in PLUG_INS if p[1] not in graph.get(p[0], set())) == []


@pytest.mark.parametrize("entry", ["checks", "scanner.evaluate.engine"])
def test_checks_and_the_evaluator_load_no_aws_sdk(entry: str) -> None:
    """Checks are pure functions over collected data, and the evaluator runs them: importing every check
    module, or the evaluator, loads neither boto3 nor botocore (a fresh interpreter, so nothing else has)."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"import {entry}\n"
        "if '{entry}' == 'checks':\n"
        "    import checks\n"
        "    for info in pkgutil.iter_modules(checks.__path__):\n"
        "        importlib.import_module('checks.' + info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'moto')))\n"
    ).replace("{entry}", entry)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# Modules nothing imports on purpose: run as `python -m`, or found by discovery (checks, collectors, seeds).
ENTRY_POINTS = {"scanner.cli.__main__", "scanner.tools.deploy", "scanner.tools.docgen"}
DISCOVERED = ("checks.", "scanner.aws.collectors.", "demo.seeds.")


def test_no_dead_module() -> None:
    """Every product module is imported by another one, run as a program, or found by discovery; a module
    nothing reaches (the old networkx inheritance module was one) is deleted, not kept."""
    graph = _graph()
    packages = {name for name, path in _modules().items() if path.name == "__init__.py"}
    reached = set().union(*graph.values()) | ENTRY_POINTS | packages
    assert sorted(m for m in graph if m not in reached and not m.startswith(DISCOVERED)) == []
