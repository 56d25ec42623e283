"""After a whole demo run in this process (`controlmap demo`, the session's run), nothing of the demo is left
in botocore's or moto's classes: no hook among botocore's built-in handlers, which every new session gets, and
no function of the demo's on any moto class."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

from botocore.handlers import BUILTIN_HANDLERS


def _from_the_demo(value: Any) -> bool:
    function = getattr(value, "__func__", value)
    return callable(function) and str(getattr(function, "__module__", "")).startswith("demo.")


def _demo_functions_on_moto_classes() -> list[str]:
    found = []
    for name, module in list(sys.modules.items()):
        if not (name == "moto" or name.startswith("moto.")):
            continue
        for cls in [c for c in vars(module).values() if inspect.isclass(c) and c.__module__ == name]:
            found += [f"{name}.{cls.__qualname__}.{a}" for a, v in vars(cls).items() if _from_the_demo(v)]
    return found


def test_the_demo_leaves_botocore_and_moto_as_it_found_them(demo_run_dir: Path) -> None:
    assert (demo_run_dir / "results.jsonl").is_file()  # the demo ran in this process
    assert "moto.guardduty.models" in sys.modules
    assert [entry for entry in BUILTIN_HANDLERS if _from_the_demo(entry[1])] == []
    assert _demo_functions_on_moto_classes() == []
