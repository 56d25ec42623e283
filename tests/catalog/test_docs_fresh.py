"""docs/controls.md and docs/checks.md are generated: they must match what the code generates now."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.tools.docgen import CHECKS_MD, CONTROLS_MD, DOCS_DIR, REGENERATE, controls_markdown, main, render
from tests.catalog.helpers import BUILTIN, REGISTRY


@pytest.mark.parametrize("name", [CONTROLS_MD, CHECKS_MD])
def test_generated_docs_are_fresh(name: str) -> None:
    expected = render(REGISTRY)[name]
    path = DOCS_DIR / name
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    assert current == expected, (
        f"docs/{name} is stale: regenerate it with `{REGENERATE}` and commit the result"
    )


def test_controls_doc_lists_every_control_and_a_summary_by_treatment() -> None:
    text = controls_markdown(list(BUILTIN.values()))
    assert (
        "| catalog | groups | controls | automated | pending | hybrid | attestation | aws-inherited "
        "| not-applicable |" in text
    )
    for catalog in BUILTIN.values():
        for _, control in catalog.catalog.controls():
            assert f"`{control.id}`" in text
    assert "inherited from the **log-archive** account, which must pass" in text
    assert "each consuming account still owns:" in text
    assert "not applicable because:" in text


def test_checks_doc_explains_each_check_and_links_its_controls() -> None:
    text = render(REGISTRY)[CHECKS_MD]
    for check_id, spec in REGISTRY.checks.items():
        assert f"## {check_id}" in text
        assert spec.pass_means in text
    assert "`fsi-athena:dp.results-encrypted` (checks)" in text
    assert "## Planned checks" in text and "`cloudtrail.org-trail`" in text


def test_main_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    written = render(REGISTRY)
    for name, text in written.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    assert f"wrote {tmp_path / CONTROLS_MD}" in capsys.readouterr().out
