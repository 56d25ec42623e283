"""Read Linux audit rules files into the file watches they declare (-w PATH, or -a ... -F path=/dir=)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

ALL_PERMISSIONS = "rwxa"  # a watch without -p (or -F perm=) audits every kind of access


@dataclass(frozen=True)
class Watch:
    path: str
    permissions: str
    file: str
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "permissions": self.permissions, "file": self.file, "line": self.line}


def normalise(path: str) -> str:
    return "/" + path.strip("/") if path.strip("/") else "/"


def parse_rules(text: str, file: str) -> list[Watch]:
    """Watches in one rules file. Comments, blank lines and `-a never,...` suppression rules are skipped;
    a line that shlex cannot split (an unbalanced quote) is skipped too, as auditctl would reject it."""
    watches: list[Watch] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        watch = _watch(words, file, number)
        if watch is not None:
            watches.append(watch)
    return watches


def _watch(words: list[str], file: str, number: int) -> Watch | None:
    options: dict[str, str] = {}
    fields: dict[str, str] = {}
    for flag, value in zip(words, [*words[1:], ""], strict=True):
        if flag == "-F":
            name, _, field_value = value.partition("=")
            fields[name] = field_value
        elif flag.startswith("-") and flag not in options:
            options[flag] = value
    if "-w" in options:
        return Watch(normalise(options["-w"]), options.get("-p", ALL_PERMISSIONS), file, number)
    rule = options.get("-a", options.get("-A", ""))
    if rule and "never" not in rule.split(","):
        target = fields.get("path") or fields.get("dir")
        if target:
            return Watch(normalise(target), fields.get("perm", ALL_PERMISSIONS), file, number)
    return None
