"""The PDF read as a reader sees it: no two words printed over each other, no blank page; and the evidence a
control row rests on printed so a reader can find the file. Controls first show the checker catches an
overprint and a blank page; then a trimmed report of the demo run (every control status, a few pages) is
rendered and read."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from scanner.model import ControlResult
from scanner.report.view import CatalogView, Report
from tests.conftest import copy_of_demo
from tests.report import pdf_layout
from tests.report.pdf_layout import (
    blank,
    describe,
    overlaps,
    overlaps_in,
    page_count,
    page_images,
    sample_pages,
    word_boxes,
)


def _pdf(html: str, path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(path))
    return path


def test_two_words_drawn_over_each_other_are_reported_by_name(tmp_path: Path) -> None:
    html = """<body style="font-size: 14px">
      <span style="position: absolute; left: 40px; top: 40px">INHERITED_FROM_AWS</span>
      <span style="position: absolute; left: 90px; top: 44px">ATTESTED</span></body>"""
    pdf = _pdf(html, tmp_path / "overprint.pdf")
    [(first, second)] = overlaps(word_boxes(pdf, [1])[1])
    assert {first.text, second.text} == {"INHERITED_FROM_AWS", "ATTESTED"}
    assert "page 1: 'INHERITED_FROM_AWS'" in describe([(first, second)])
    assert "overlaps 'ATTESTED'" in describe([(first, second)])


def test_a_paragraph_and_a_table_set_normally_do_not_overlap(tmp_path: Path) -> None:
    cells = "".join(f"<td>NOT_APPLICABLE {n}</td>" for n in range(6))
    html = f"""<body style="font-size: 10px; line-height: 1.2">
      <p>{"Words that sit side by side on a line and lines that sit close below each other. " * 30}</p>
      <table style="border-collapse: collapse">{f"<tr>{cells}</tr>" * 20}</table></body>"""
    pdf = _pdf(html, tmp_path / "normal.pdf")
    boxes = word_boxes(pdf, [1])[1]
    assert len(boxes) > 400  # the page was read
    assert overlaps(boxes) == []


def test_a_blank_page_is_told_from_a_page_with_text(tmp_path: Path) -> None:
    text = "Some text on the page. " * 200
    html = f"""<body><p style="font-size: 12px">One line.</p>
      <p style="page-break-before: always"></p>
      <p style="page-break-before: always; font-size: 14px">{text}</p></body>"""
    pdf = _pdf(html, tmp_path / "pages.pdf")
    assert page_count(pdf) == 3
    images = page_images(pdf, [1, 2, 3], tmp_path / "images")
    assert [p.name for p in images] == ["page-1.png", "page-2.png", "page-3.png"]
    assert [blank(p) for p in images] == [True, True, False]  # a lone line counts as blank, as does nothing


@pytest.mark.parametrize(
    ("count", "first", "sample", "pages"),
    [
        (2, 3, 4, [1, 2]),
        (3, 3, 4, [1, 2, 3]),
        (5, 3, 4, [1, 2, 3, 4, 5]),
        (100, 3, 4, [1, 2, 3, 28, 52, 76, 100]),
        (371, 3, 4, [1, 2, 3, 95, 187, 279, 371]),
        (10, 2, 0, [1, 2]),
    ],
)
def test_sample_pages_are_the_first_pages_and_an_even_spread_ending_on_the_last(
    count: int, first: int, sample: int, pages: list[int]
) -> None:
    assert sample_pages(count, first=first, sample=sample) == pages


# -- the demo run's report, trimmed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trimmed(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    from scanner import rundir
    from scanner.evaluate.registry import build_registry
    from scanner.report.view import build_report
    from scanner.run.pipeline import run_catalogs

    run_dir = copy_of_demo(demo_run_dir, tmp_path_factory, "pdf-layout")
    registry = build_registry()
    run = rundir.read_run(run_dir)
    results, controls = rundir.read_results(run_dir), rundir.read_controls(run_dir)
    report = build_report(run, run_catalogs(registry, run), registry, results, controls, [])
    return pdf_layout.trimmed_report(report)


@pytest.fixture(scope="module")
def trimmed_pdf(trimmed: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scanner.report.render import render_html

    return _pdf(render_html(trimmed, for_pdf=True), tmp_path_factory.mktemp("pdf-layout") / "report.pdf")


def test_the_trimmed_report_shows_every_control_status_in_its_control_tables(trimmed: Report) -> None:
    """What makes the layout test below worth its name: every badge width is on the pages it reads."""
    for catalog in trimmed.catalogs:
        shown = {cr.status.value for cr in _control_results(catalog)}
        assert shown == set(catalog.counts), catalog.catalog_id
    assert len(trimmed.checks) < 10


def test_no_two_words_of_the_report_print_over_each_other(trimmed_pdf: Path, tmp_path: Path) -> None:
    """The status-by-account headers and the status badges used to print over their neighbours. The trimmed
    report is short enough to read every page; a whole pack would be read on `sample_pages`."""
    count = page_count(trimmed_pdf)
    found = overlaps_in(trimmed_pdf, range(1, count + 1))
    assert not found, describe(found)
    sampled = sample_pages(count)
    blanks = [p.name for p in page_images(trimmed_pdf, sampled, tmp_path) if blank(p)]
    assert not blanks, f"blank pages among {sampled}: {blanks}"


def test_the_pdf_prints_whole_digests_and_the_html_links_the_evidence_files(trimmed: Report) -> None:
    from scanner.report.render import render_html

    results = [cr for catalog in trimmed.catalogs for cr in _control_results(catalog)]
    cited = {d for cr in results for ref in cr.results for d in ref.get("evidence", ())}
    assert cited
    pdf_html, html = render_html(trimmed, for_pdf=True), render_html(trimmed)
    printed = set(re.findall(r'class="digest"[^>]*>([0-9a-f]+)</a>', pdf_html))
    assert cited <= printed and all(len(d) == 64 for d in printed)
    for digest in cited:
        assert f'href="evidence/{digest}.json" title="{digest}"' in html


def _control_results(catalog: CatalogView) -> list[ControlResult]:
    return [cr for group in catalog.groups for row in group.controls for cr in row.per_account.values()]


def test_a_result_citing_no_evidence_says_so_instead_of_ending_in_a_colon(trimmed: Report) -> None:
    from scanner.report.render import render_html

    catalog = trimmed.catalogs[0]
    row = catalog.groups[0].controls[0]
    account_id, first = next(iter(row.per_account.items()))
    ref = {"check_id": "x.no-evidence", "account_id": account_id, "status": "NOT_APPLICABLE", "evidence": []}
    bare = dataclasses.replace(row, per_account={account_id: dataclasses.replace(first, results=(ref,))})
    group = dataclasses.replace(catalog.groups[0], controls=[bare])
    report = dataclasses.replace(trimmed, catalogs=[dataclasses.replace(catalog, groups=[group])])
    row_id = f'id="ctl-{catalog.catalog_id}-{row.control_id}-{account_id}"'
    for for_pdf in (False, True):
        html = render_html(report, for_pdf=for_pdf)
        [cells] = re.findall(rf"<tr {row_id}.*?</tr>", html, re.S)
        text = " ".join(re.sub(r"<[^>]+>", " ", cells).split())
        assert "x.no-evidence NOT_APPLICABLE (no evidence cited)" in text
        assert ":" not in text.split("x.no-evidence")[1]
