"""Render the report view to one self-contained HTML file, and the same content to PDF with WeasyPrint."""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from scanner.report.view import Report


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("scanner.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_class"] = lambda status: str(status).lower().replace("_", "-")
    env.filters["short"] = lambda digest: str(digest)[:12]
    env.filters["wrap_at_underscores"] = wrap_at_underscores
    return env


def wrap_at_underscores(name: object) -> Markup:
    """A status name that may break onto a second line after any of its underscores (and only there), for
    narrow columns: ATTESTATION_MISSING stays one word wherever it fits."""
    return Markup("_<wbr>").join(escape(str(name)).split("_"))


def _static(name: str) -> str:
    return (resources.files("scanner.report") / "static" / name).read_text(encoding="utf-8")


def script_source_hash(script: str) -> str:
    """The CSP source allowing exactly this inline script and no other (so injected markup cannot run)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def render_html(report: Report, *, for_pdf: bool = False, **context: Any) -> str:
    """The whole run; `context`: the executive summary, verification sheet and pack index it shows."""
    template = _environment().get_template("report.html.j2")
    script = _static("report.js")
    return template.render(
        report=report,
        css=_static("report.css") + _static("packs.css"),
        script=script,
        script_hash=script_source_hash(script),
        for_pdf=for_pdf,
        **context,
    )


def render_pdf(report: Report, path: Path) -> None:
    write_pdf(render_html(report, for_pdf=True), path)


def render_document(template_name: str, *, for_pdf: bool, **context: Any) -> str:
    """The executive summary or an evidence pack (no script: nothing in them is interactive)."""
    template = _environment().get_template(template_name)
    return template.render(css=_static("report.css") + _static("packs.css"), for_pdf=for_pdf, **context)


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML  # imported here: loading pango is slow and only reports need it

    # No base_url and no external references: the PDF renderer fetches nothing.
    HTML(string=html).write_pdf(str(path))
