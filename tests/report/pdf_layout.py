"""Read a rendered PDF the way a reader sees it: the words poppler finds on a page, with their boxes, and the
page as an image. Used to show that no two words are printed on top of each other and that no sampled page is
blank. Needs poppler-utils (pdftotext, pdftoppm, pdfinfo); setup.sh installs it.

`trimmed_report` cuts a real report's view down to a few pages that still show every control status, so a
test renders it in seconds instead of the whole pack."""

from __future__ import annotations

import dataclasses
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from scanner.report.view import CatalogView, CheckView, ControlRow, Report

TOLERANCE = 1.0  # points: boxes must intersect by more than this both across and down to count as overlapping
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Box:
    """One word as poppler places it on a page, in points from the top left corner."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    def intersection(self, other: Box) -> tuple[float, float]:
        """Width and height of the area both boxes cover (negative when they are apart)."""
        across = min(self.x_max, other.x_max) - max(self.x_min, other.x_min)
        down = min(self.y_max, other.y_max) - max(self.y_min, other.y_min)
        return across, down

    def __str__(self) -> str:
        return f"{self.text!r} at ({self.x_min:.0f}, {self.y_min:.0f})"


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise ValueError(f"pdfinfo reports no page count for {pdf}")


def sample_pages(page_count: int, first: int = 3, sample: int = 4) -> list[int]:
    """The first `first` pages (1-based) and `sample` more spread evenly over the rest, ending on the last."""
    head = list(range(1, min(first, page_count) + 1))
    rest = list(range(len(head) + 1, page_count + 1))
    if not rest or sample <= 0:
        return head
    picks = {rest[(len(rest) - 1) * (i + 1) // sample] for i in range(sample)}
    return head + sorted(picks)


def word_boxes(pdf: Path, pages: Sequence[int]) -> dict[int, list[Box]]:
    """Every word poppler reads on each of the given pages (1-based), with its box."""
    return {page: _words_on(pdf, page) for page in pages}


def _words_on(pdf: Path, page: int) -> list[Box]:
    command = ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    xhtml = subprocess.run(command, check=True, capture_output=True).stdout
    root = ET.fromstring(xhtml)  # poppler's own output for a PDF the test rendered
    return [
        Box(
            page,
            word.text or "",
            float(word.attrib["xMin"]),
            float(word.attrib["yMin"]),
            float(word.attrib["xMax"]),
            float(word.attrib["yMax"]),
        )
        for word in root.iter(f"{_XHTML}word")
    ]


def overlaps(boxes: Sequence[Box], tolerance: float = TOLERANCE) -> list[tuple[Box, Box]]:
    """Pairs of words whose boxes intersect by more than `tolerance` points across and down (words that only
    touch, as neighbours on a line or lines set tight, do not count)."""
    ordered = sorted(boxes, key=lambda b: b.x_min)
    pairs = []
    for i, box in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.x_min >= box.x_max - tolerance:
                break  # sorted by left edge: no later box reaches back far enough
            across, down = box.intersection(other)
            if across > tolerance and down > tolerance:
                pairs.append((box, other))
    return pairs


def overlaps_in(pdf: Path, pages: Sequence[int]) -> list[tuple[Box, Box]]:
    """Every pair of overlapping words on the given pages, page by page."""
    return [pair for boxes in word_boxes(pdf, pages).values() for pair in overlaps(boxes)]


def describe(pairs: Iterable[tuple[Box, Box]], limit: int = 12) -> str:
    """A failure message a reader can act on: "page 7: 'INHERITED_FROM_AWS' ... overlaps 'ATTESTED' ..."."""
    lines = [f"page {a.page}: {a} overlaps {b}" for a, b in pairs]
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def page_images(pdf: Path, pages: Sequence[int], out_dir: Path) -> list[Path]:
    """PNG images of the given pages (1-based) at 60 dpi, one file per page: out_dir/page-<n>.png."""
    out_dir.mkdir(parents=True, exist_ok=True)
    images = []
    for page in pages:
        prefix = out_dir / f"page-{page}"
        command = ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run([*command, str(pdf), str(prefix)], check=True, capture_output=True)
        images.append(prefix.with_suffix(".png"))
    return images


def ink_share(image: Path) -> float:
    """The share of the image's pixels that are clearly darker than white paper."""
    with Image.open(image) as picture:
        grey = picture.convert("L")
        histogram = grey.histogram()
        return sum(histogram[:200]) / (grey.width * grey.height)


def blank(image: Path, min_ink: float = 0.002) -> bool:
    """True when the page carries next to no ink: at most a running header and a page number."""
    return ink_share(image) < min_ink


def trimmed_report(
    report: Report, *, rows_per_status: int = 1, refs_per_row: int = 2, results_per_status: int = 2
) -> Report:
    """The same report cut to a few pages: per catalog, the first controls that show each control status
    (`rows_per_status` of each, in catalog order), each account's row citing its first `refs_per_row`
    results; and the first checks that show each check status, each with `results_per_status` results of each
    status. The executive summary (charts and per-account counts) stays as the whole run has it: its tables
    are the widest in the report."""
    catalogs = [_trimmed_catalog(c, rows_per_status, refs_per_row) for c in report.catalogs]
    checks = [_trimmed_check(c, results_per_status) for c in _checks_showing_each_status(report.checks)]
    result_counts = Counter(r.status.value for check in checks for r in check.results)
    return dataclasses.replace(report, catalogs=catalogs, checks=checks, result_counts=result_counts)


def _trimmed_catalog(catalog: CatalogView, rows_per_status: int, refs_per_row: int) -> CatalogView:
    shown: Counter[str] = Counter()
    groups = []
    for group in catalog.groups:
        kept = [row for row in group.controls if _shows_a_new_status(row, shown, rows_per_status)]
        if kept:
            groups.append(dataclasses.replace(group, controls=[_cut_refs(row, refs_per_row) for row in kept]))
    return dataclasses.replace(catalog, groups=groups)


def _cut_refs(row: ControlRow, refs_per_row: int) -> ControlRow:
    per_account = {
        account_id: dataclasses.replace(cr, results=cr.results[:refs_per_row])
        for account_id, cr in row.per_account.items()
    }
    return dataclasses.replace(row, per_account=per_account)


def _shows_a_new_status(row: ControlRow, shown: Counter[str], limit: int) -> bool:
    statuses = {cr.status.value for cr in row.per_account.values()}
    if all(shown[s] >= limit for s in statuses):
        return False
    shown.update(statuses)
    return True


def _checks_showing_each_status(checks: Sequence[CheckView]) -> list[CheckView]:
    seen: set[str] = set()
    kept = []
    for check in checks:
        statuses = set(check.counts)
        if statuses - seen:
            kept.append(check)
            seen |= statuses
    return kept


def _trimmed_check(check: CheckView, per_status: int) -> CheckView:
    taken: Counter[str] = Counter()
    results = []
    for result in check.results:
        if taken[result.status.value] < per_status:
            taken[result.status.value] += 1
            results.append(result)
    return dataclasses.replace(check, results=results, counts=Counter(r.status.value for r in results))
