"""The inheritance map: who provides which control families to whom, where inheritance is broken, and its
picture (well-formed, escaped, legible for a large organization, readable in WeasyPrint's PDF)."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from scanner import rundir
from scanner.catalog.model import Catalog, LoadedCatalog
from scanner.model import Account, ControlResult, ControlStatus
from scanner.report.inheritance_map import (
    MAX_COLUMN_HEIGHT,
    SIZE,
    EdgeKind,
    InheritanceMap,
    _width,
    build_inheritance_map,
    inheritance_table,
    render_inheritance_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
SECURITY, LOGS, TENANT = "111111111111", "222222222222", "333333333333"
ACCOUNTS = (Account(SECURITY, "security"), Account(LOGS, "log-archive"), Account(TENANT, "tenant-a"))
RED, GREEN = "#c62828", "#2e7d32"


def _control(control_id: str, provider: str) -> dict[str, object]:
    return {
        "id": control_id,
        "title": f"control {control_id}",
        "summary": "a control for the test",
        "phase": "both",
        "treatment": "automated",
        "inheritance": {"provider": provider, "provides": ["t.provided"], "consumer": ["t.own"]},
    }


def _catalog(catalog_id: str = "test-csf") -> LoadedCatalog:
    catalog = Catalog.model_validate(
        {
            "id": catalog_id,
            "title": "A test catalog",
            "version": "1",
            "groups": [
                {
                    "id": "11",
                    "title": "Access Control",
                    "controls": [_control("11.a", "security"), _control("11.b", "security")],
                },
                {"id": "logging", "title": "Audit logging", "controls": [_control("12.a", "log-archive")]},
            ],
        }
    )
    return LoadedCatalog(catalog, Path(f"{catalog_id}.yaml"), "0" * 64)


def _row(
    control_id: str,
    status: ControlStatus,
    *,
    consumer: str = TENANT,
    provider: str | None = SECURITY,
    failing: Sequence[str] = (),
    catalog: str = "test-csf",
) -> ControlResult:
    """A control row; `failing` names the accounts whose cited results FAIL (one passing result each side)."""
    cited = [(a, "FAIL") for a in failing] + [(a, "PASS") for a in (provider, consumer) if a]
    results = tuple({"check_id": "t.own", "account_id": a, "status": s} for a, s in cited)
    return ControlResult(
        catalog, control_id, consumer, status, "words", results=results, provider_account_id=provider
    )


def _map(*rows: ControlResult, accounts: Sequence[Account] = ACCOUNTS) -> InheritanceMap:
    return build_inheritance_map([_catalog()], list(rows), accounts)


def _svg(inheritance: InheritanceMap, catalog_id: str | None = None) -> ET.Element:
    return ET.fromstring(render_inheritance_svg(inheritance, catalog_id))


def _lines(root: ET.Element) -> dict[str, ET.Element]:
    """The edges' paths by their title ("kind: provider to consumer")."""
    return {
        title.text or "": path
        for path in root.iter(f"{SVG}path")
        if (title := path.find(f"{SVG}title")) is not None
    }


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


# -- the model -----------------------------------------------------------------------------------------------


def test_working_broken_and_not_evaluated_rows_are_sorted_onto_their_edges_and_families() -> None:
    inheritance = _map(
        _row("11.a", ControlStatus.INHERITED_LIVE),
        _row("11.b", ControlStatus.NOT_SATISFIED, failing=[TENANT]),
        _row("12.a", ControlStatus.NOT_EVALUATED, provider=LOGS),
        _row("11.a", ControlStatus.SATISFIED, consumer=SECURITY, provider=None),
    )
    assert [(p.label, p.roles) for p in inheritance.providers] == [
        ("log-archive (222222222222)", ("log-archive",)),
        ("security (111111111111)", ("security",)),
    ]
    assert [p.label for p in inheritance.consumers] == ["tenant-a (333333333333)"]
    from_logs, from_security = inheritance.edges
    assert (from_logs.provider_id, from_logs.kind) == (LOGS, EdgeKind.NOT_PROVEN)
    assert [f.family for f in from_logs.families] == ["Audit logging"]
    assert (from_security.provider_id, from_security.kind) == (SECURITY, EdgeKind.BROKEN)
    (access,) = from_security.families
    assert (access.family, access.count(EdgeKind.WORKING), access.count(EdgeKind.BROKEN)) == (
        "11 Access Control",
        1,
        1,
    )
    broken = access.controls[1]
    assert (broken.control_id, broken.own_part_fails, broken.provider_fails) == ("11.b", True, False)


def test_which_side_fails_is_read_from_the_results_the_row_cites() -> None:
    inheritance = _map(
        _row("11.a", ControlStatus.NOT_SATISFIED, failing=[SECURITY]),
        _row("11.b", ControlStatus.NOT_SATISFIED, failing=[SECURITY, TENANT]),
        _row("12.a", ControlStatus.NOT_SATISFIED, provider=LOGS),
    )
    rows = {row.family: row for row in inheritance_table(inheritance)}
    assert rows["11 Access Control"].status == (
        "2 broken (the provider's part fails in 2, the consumer's own part fails in 1)"
    )
    assert rows["Audit logging"].status == "1 broken (the provider shows nothing in scope to inherit in 1)"


def test_a_row_naming_its_own_account_as_provider_is_no_edge_but_is_counted() -> None:
    inheritance = _map(
        _row("11.a", ControlStatus.INHERITED, consumer=SECURITY),
        _row("11.b", ControlStatus.INHERITED),
    )
    assert [(e.provider_id, e.consumer_id) for e in inheritance.edges] == [(SECURITY, TENANT)]
    assert inheritance.self_provided == 1
    assert [c.account_id for c in inheritance.consumers] == [TENANT]


def test_a_hybrid_row_whose_attestation_is_due_is_not_proven_never_working() -> None:
    inheritance = _map(_row("11.a", ControlStatus.ATTESTATION_MISSING), _row("11.b", ControlStatus.INHERITED))
    (edge,) = inheritance.edges
    assert edge.kind is EdgeKind.NOT_PROVEN
    (row,) = inheritance_table(inheritance)
    assert (row.working, row.broken, row.status) == (1, 0, "1 inherited; 1 attestation missing")


def test_the_table_counts_every_family_once_per_edge_in_catalog_order_whatever_the_input_order() -> None:
    rows = [
        _row("12.a", ControlStatus.INHERITED, provider=LOGS),
        _row("12.a", ControlStatus.INHERITED, provider=LOGS, consumer=SECURITY),
        _row("11.b", ControlStatus.NOT_SATISFIED, failing=[SECURITY]),
        _row("11.a", ControlStatus.INHERITED),
        _row("11.a", ControlStatus.INHERITED, consumer=LOGS),
    ]
    table = inheritance_table(_map(*rows))
    assert [(r.provider, r.role, r.consumer, r.family, r.working, r.broken) for r in table] == [
        ("log-archive (222222222222)", "log-archive", "security (111111111111)", "Audit logging", 1, 0),
        ("log-archive (222222222222)", "log-archive", "tenant-a (333333333333)", "Audit logging", 1, 0),
        ("security (111111111111)", "security", "log-archive (222222222222)", "11 Access Control", 1, 0),
        ("security (111111111111)", "security", "tenant-a (333333333333)", "11 Access Control", 1, 1),
    ]
    shuffled = list(rows)
    random.Random(7).shuffle(shuffled)
    assert _map(*shuffled) == _map(*rows)


def test_edges_follow_the_provider_column_by_role_then_the_consumer_column_by_label() -> None:
    accounts = (Account(SECURITY, "aa-security"), Account(LOGS, "zz-logs"), Account(TENANT, "tenant-a"))
    rows = [
        _row("11.a", ControlStatus.INHERITED, consumer=LOGS),
        _row("11.a", ControlStatus.INHERITED),
        _row("12.a", ControlStatus.INHERITED, provider=LOGS),
        _row("12.a", ControlStatus.INHERITED, provider=LOGS, consumer=SECURITY),
    ]
    inheritance = _map(*rows, accounts=accounts)
    assert [p.name for p in inheritance.providers] == ["zz-logs", "aa-security"]  # log-archive < security
    assert [p.name for p in inheritance.consumers] == ["aa-security", "tenant-a", "zz-logs"]
    assert [(e.provider_id, e.consumer_id) for e in inheritance.edges] == [
        (LOGS, SECURITY),
        (LOGS, TENANT),
        (SECURITY, TENANT),
        (SECURITY, LOGS),
    ]


def test_a_control_the_loaded_catalog_does_not_hold_is_kept_under_a_family_saying_so() -> None:
    (row,) = inheritance_table(_map(_row("99.gone", ControlStatus.INHERITED)))
    assert (row.family, row.working) == ("(not in the loaded catalog)", 1)


def test_an_account_missing_from_the_run_is_shown_by_its_id() -> None:
    inheritance = _map(_row("11.a", ControlStatus.INHERITED, provider="444444444444"))
    assert [(p.label, p.name) for p in inheritance.providers] == [("444444444444", "444444444444")]


# -- the picture ---------------------------------------------------------------------------------------------


def test_the_picture_is_one_self_contained_svg_with_a_line_per_edge_coloured_by_its_state() -> None:
    root = _svg(
        _map(
            _row("11.a", ControlStatus.INHERITED),
            _row("12.a", ControlStatus.NOT_SATISFIED, provider=LOGS, failing=[LOGS]),
        )
    )
    assert root.tag == f"{SVG}svg"
    everything = list(root.iter())
    assert not [e for e in everything if e.tag.removeprefix(SVG) in ("script", "style", "image", "a", "use")]
    assert not [e for e in everything if "class" in e.attrib or any("href" in k for k in e.attrib)]
    lines = _lines(root)
    working = lines["working: security (111111111111) to tenant-a (333333333333)"]
    broken = lines["broken: log-archive (222222222222) to tenant-a (333333333333)"]
    assert (working.get("stroke"), working.get("stroke-dasharray")) == (GREEN, None)
    assert broken.get("stroke") == RED
    assert broken.get("stroke-dasharray")
    texts = _texts(root)
    assert "security (111111111111)" in texts
    assert "landing zone: log-archive" in texts
    assert "log-archive: 1 control, 1 family; 1 broken: Audit logging" in texts


def test_hostile_account_names_are_text_in_the_svg_never_markup() -> None:
    hostile = '</text><script>alert(1)</script><text x="0">&amp; "q"\x07\x00'
    accounts = (Account(SECURITY, hostile), Account(TENANT, "<b>tenant</b>"))
    svg = render_inheritance_svg(_map(_row("11.a", ControlStatus.INHERITED), accounts=accounts))
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.removeprefix(SVG) in ("script", "b")]
    assert "<script>" not in svg
    texts = _texts(root)
    assert any(t.startswith("</text><script>alert(1)") for t in texts)
    assert "<b>tenant</b> (333333333333)" in texts
    assert list(_lines(root)) == [
        'working: </text><script>alert(1)</script><text x="0">&amp; "q" (111111111111) to <b>tenant</b> '
        "(333333333333)"
    ]


def test_a_map_without_edges_renders_nothing_for_the_caller_to_replace_with_a_sentence() -> None:
    assert render_inheritance_svg(_map()) == ""
    assert render_inheritance_svg(_map(_row("11.a", ControlStatus.INHERITED, consumer=SECURITY))) == ""
    assert render_inheritance_svg(_map(_row("11.a", ControlStatus.INHERITED)), "another-catalog") == ""


def test_one_catalog_of_several_is_drawn_alone() -> None:
    rows = [_row("11.a", ControlStatus.INHERITED), _row("11.a", ControlStatus.NOT_SATISFIED, catalog="other")]
    inheritance = build_inheritance_map([_catalog(), _catalog("other")], rows, ACCOUNTS)
    both = _texts(_svg(inheritance))
    assert "security · test-csf: 1 control, 1 family; 1 inherited" in both
    assert "security · other: 1 control, 1 family; 1 broken: 11 Access Control" in both
    (line,) = _lines(_svg(inheritance, "test-csf")).values()
    assert line.get("stroke") == GREEN
    assert "security: 1 control, 1 family; 1 inherited" in _texts(_svg(inheritance, "test-csf"))


def test_a_large_organization_draws_the_broken_accounts_first_and_counts_the_rest() -> None:
    tenants = [Account(f"{n:012d}", f"tenant-{n:03d}") for n in range(100)]
    broken = {t.account_id for t in tenants[-5:]}  # last by label: drawn only because they are broken
    rows = [
        _row(
            "11.a",
            ControlStatus.NOT_SATISFIED if t.account_id in broken else ControlStatus.INHERITED,
            consumer=t.account_id,
            failing=[t.account_id] if t.account_id in broken else [],
        )
        for t in tenants
    ]
    inheritance = _map(*rows, accounts=(*ACCOUNTS, *tenants))
    root = _svg(inheritance)
    drawn = [t for t in tenants if t.label in _texts(root)]
    assert broken <= {t.account_id for t in drawn}
    assert 5 < len(drawn) < 100
    assert f"and {100 - len(drawn)} more account(s): see the table" in _texts(root)
    assert float(root.get("height", "0")) < MAX_COLUMN_HEIGHT + 200
    assert len(inheritance_table(inheritance)) == 100


def _font_file(pattern: str) -> Path:
    found = (
        shutil.which("fc-match")
        and subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=False
        ).stdout
    )
    assert found and "DejaVu" in found, f"{pattern} is not installed (setup.sh installs fonts-dejavu-core)"
    return Path(found)


@pytest.mark.parametrize(("pattern", "bold"), [("DejaVu Sans", False), ("DejaVu Sans:bold", True)])
def test_the_width_estimate_is_never_short_of_a_character_s_advance_in_dejavu_sans(
    pattern: str, bold: bool
) -> None:
    """Boxes are sized from this estimate: a character wider than estimated would run out of its box."""
    from fontTools.ttLib import TTFont

    font = TTFont(_font_file(pattern))
    cmap, metrics, em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    characters = [chr(c) for c in range(0x20, 0x7F)] + list("·…éßЖ漢")
    short = [
        ch
        for ch in characters
        if ord(ch) in cmap and _width(ch, bold=bold) < SIZE * metrics[cmap[ord(ch)]][0] / em
    ]
    assert not short


# -- the demo, and WeasyPrint ------------------------------------------------------------------------------


def _demo_map(run_dir: Path) -> tuple[InheritanceMap, dict[str, str]]:
    from scanner.evaluate.registry import build_registry
    from scanner.run.pipeline import run_catalogs

    run = rundir.read_run(run_dir)
    catalogs = run_catalogs(build_registry(), run)
    ids = {a.name: a.account_id for a in run.accounts}
    return build_inheritance_map(catalogs, rundir.read_controls(run_dir), run.accounts), ids


def test_the_demo_map_shows_its_landing_zone_providers_and_a_tenant_whose_own_part_fails(
    demo_run_dir: Path,
) -> None:
    inheritance, ids = _demo_map(demo_run_dir)
    roles = {p.name: p.roles for p in inheritance.providers}
    assert roles["security"] == ("security",)
    assert roles["log-archive"] == ("log-archive",)
    edge = next(
        e for e in inheritance.edges if (e.provider_id, e.consumer_id) == (ids["security"], ids["tenant-a"])
    )
    own_part = [
        c for f in edge.families if f.catalog == "hitrust-csf" for c in f.controls if c.own_part_fails
    ]
    assert own_part, "the demo's tenant-a fails its own part of a control the security account provides"
    lines = _lines(_svg(inheritance, "hitrust-csf"))
    line = lines[f"broken: security ({ids['security']}) to tenant-a ({ids['tenant-a']})"]
    assert (line.get("stroke"), line.get("stroke-dasharray")) == (RED, "6 4")


def test_weasyprint_draws_the_picture_with_its_labels_and_no_two_words_overlap(tmp_path: Path) -> None:
    from weasyprint import HTML

    rows = [
        _row("11.a", ControlStatus.INHERITED),
        _row("11.b", ControlStatus.NOT_SATISFIED, failing=[TENANT]),
        _row("12.a", ControlStatus.NOT_EVALUATED, provider=LOGS),
        _row("12.a", ControlStatus.INHERITED, provider=LOGS, consumer=SECURITY),
    ]
    svg = render_inheritance_svg(_map(*rows))
    pdf = tmp_path / "map.pdf"
    HTML(string=f"<html><body><p>Inheritance</p>{svg}</body></html>").write_pdf(str(pdf))
    words = _word_boxes(pdf)
    text = " ".join(w for w, _ in words)
    for label in ("security (111111111111)", "log-archive (222222222222)", "landing zone: security"):
        assert label in text
    overlapping = [
        (a, b) for i, (a, box) in enumerate(words) for b, other in words[i + 1 :] if _overlap(box, other)
    ]
    assert not overlapping


def _word_boxes(pdf: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out.stdout))
    return [("".join(w.itertext()), _box(w)) for w in root.iter("{http://www.w3.org/1999/xhtml}word")]


def _box(word: ET.Element) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(word.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax"))
    return x0, y0, x1, y1


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    shrink = 0.5  # pdftotext's boxes of neighbouring words may touch
    return a[0] + shrink < b[2] and b[0] + shrink < a[2] and a[1] + shrink < b[3] and b[1] + shrink < a[3]
