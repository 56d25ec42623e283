"""Render the report view to one self-contained HTML file, and the same content to PDF with WeasyPrint."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.view import Report


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_class"] = lambda status: str(status).lower().replace("_", "-")
    env.filters["short"] = lambda digest: str(digest)[:12]
    return env


def _css() -> str:
    return (resources.files("reports") / "static" / "report.css").read_text(encoding="utf-8")


def render_html(report: Report, *, for_pdf: bool = False) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(report=report, css=_css(), for_pdf=for_pdf)


def render_pdf(report: Report, path: Path) -> None:
    from weasyprint import HTML  # imported here: loading pango is slow and only reports need it

    # No base_url and no external references: the PDF renderer fetches nothing.
    HTML(string=render_html(report, for_pdf=True)).write_pdf(str(path))
