"""Without the demo extra: the product runs, and `controlmap demo` says which extra it needs, in one line.

Each test runs a Python whose imports of moto and of moto's server (Flask, werkzeug) fail, as in an
environment installed without the extra."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_INSTALLED = ("moto", "flask", "werkzeug")
WITHOUT_THE_EXTRA = f"""
import importlib.abc
import sys

class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {NOT_INSTALLED!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
"""
CLI = WITHOUT_THE_EXTRA + "from scanner.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
EVERY_PRODUCT_MODULE = f"""{WITHOUT_THE_EXTRA}
import importlib
import pkgutil

import checks
import scanner

for package in (scanner, checks):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name.partition(".")[0] in {NOT_INSTALLED!r}))
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_demo_names_the_extra_it_needs(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = _python(CLI, "demo", "--out", str(out), "--no-pdf")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "controlmap: controlmap demo needs the demo extra: pip install 'controlmap[demo]'\n"
    assert not out.exists()


def test_the_product_needs_no_moto() -> None:
    imported = _python(EVERY_PRODUCT_MODULE)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "[]"
    version = _python(CLI, "--version")
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout.startswith("controlmap ")


def test_an_installation_without_the_demo_package_says_so_in_one_line(tmp_path: Path) -> None:
    """The production image copies scanner, checks and controls only: there `controlmap demo` says so."""
    without_demo = WITHOUT_THE_EXTRA.replace(repr(NOT_INSTALLED), repr(("demo",)))
    out = tmp_path / "demo"
    done = _python(without_demo + CLI.removeprefix(WITHOUT_THE_EXTRA), "demo", "--out", str(out), "--no-pdf")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("controlmap: controlmap demo is not part of this installation")
    assert done.stderr.count("\n") == 1
    assert not out.exists()
