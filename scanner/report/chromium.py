"""Print an evidence pack to PDF with headless Chromium, when the machine has it.

The packs are long (a hundred pages or more each). Measured on the demo's three packs (348 pages together):
WeasyPrint laid them out in about 75 s, headless Chromium printed the same HTML in 13.6 s. The short documents
stay with WeasyPrint (executive.pdf, report.pdf): report.pdf's contents page needs CSS paged media that
Chromium does not implement (target-counter, string-set). Without Chromium the packs fall back to WeasyPrint:
the same pages, slower.

The page is a file of our own making in a private temporary folder: no script (its Content-Security-Policy
allows none), no fetch of any kind, a fresh profile, and Chromium's background networking switched off.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from scanner.errors import ControlmapError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PRINT_TIMEOUT_SECONDS = 600


class PrintError(ControlmapError):
    """Chromium could not print a pack; the message names the browser and what it said."""


def find_browser() -> str | None:
    """The first headless-capable Chromium on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def print_pdf(html: str, path: Path, browser: str, *, name: str | None = None) -> None:
    """Print `html` to `path` (A4 landscape and margins come from the page's own @page rules). `name`: the
    document as errors call it, when `path` is a temporary file."""
    name = name or path.name
    with tempfile.TemporaryDirectory(prefix="controlmap-print-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            "--disable-breakpad",
            "--disable-crash-reporter",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={path}",
            page.as_uri(),
        ]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to start its sandbox as root
        returncode, said = _run(command, browser, name)
    if returncode != 0 or not path.is_file() or path.stat().st_size == 0:
        raise PrintError(f"{browser}: printing {name} failed (exit {returncode}): {' | '.join(said)}")


def _run(command: list[str], browser: str, name: str) -> tuple[int, list[str]]:
    """Run the browser in a process group of its own and end the whole group after it (Chromium's crash
    handler would otherwise outlive it). Returns the exit code and the last lines it wrote."""
    try:
        process = subprocess.Popen(  # noqa: S603 - our own page, a browser found on PATH
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
    except OSError as exc:
        raise PrintError(f"{browser}: could not print {name}: {exc}") from None
    try:
        out, err = process.communicate(timeout=PRINT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise PrintError(f"{browser}: printing {name} took over {PRINT_TIMEOUT_SECONDS} s") from None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return process.returncode, (err or out).strip().splitlines()[-3:]
