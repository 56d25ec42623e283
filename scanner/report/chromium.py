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

import os
import shutil
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
        try:
            done = subprocess.run(  # noqa: S603 - our own page, a browser found on PATH
                command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(f"{browser}: could not print {name}: {exc}") from None
    if done.returncode != 0 or not path.is_file() or path.stat().st_size == 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise PrintError(
            f"{browser}: printing {name} failed (exit {done.returncode}): {' | '.join(said)}"
        )
