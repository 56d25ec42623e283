"""The Docker daemon's effective configuration: daemon.json parsed as JSON, merged with dockerd flags.

dockerd refuses to start when one setting is given both as a flag and in daemon.json, so such a conflict is
reported rather than resolved.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any

# dockerd flags -> (daemon.json key, kind). "bool" flags take no separate value; "list" flags repeat.
FLAGS: dict[str, tuple[str, str]] = {
    "--icc": ("icc", "bool"),
    "--iptables": ("iptables", "bool"),
    "--tls": ("tls", "bool"),
    "--tlsverify": ("tlsverify", "bool"),
    "--no-new-privileges": ("no-new-privileges", "bool"),
    "--live-restore": ("live-restore", "bool"),
    "--userland-proxy": ("userland-proxy", "bool"),
    "--experimental": ("experimental", "bool"),
    "--log-level": ("log-level", "value"),
    "-l": ("log-level", "value"),
    "--tlscacert": ("tlscacert", "value"),
    "--tlscert": ("tlscert", "value"),
    "--tlskey": ("tlskey", "value"),
    "--userns-remap": ("userns-remap", "value"),
    "--log-driver": ("log-driver", "value"),
    "--data-root": ("data-root", "value"),
    "--graph": ("data-root", "value"),
    "-g": ("data-root", "value"),
    "--config-file": ("config-file", "value"),
    "--host": ("hosts", "list"),
    "-H": ("hosts", "list"),
    "--insecure-registry": ("insecure-registries", "list"),
    "--storage-opt": ("storage-opts", "list"),
    "--authorization-plugin": ("authorization-plugins", "list"),
    "--default-ulimit": ("default-ulimits", "list"),
}


class DaemonJsonError(ValueError):
    """daemon.json is not a JSON object; the message names the file and the position."""


def parse_daemon_json(text: str, path: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DaemonJsonError(
            f"{path}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise DaemonJsonError(f"{path}: the top level is a JSON {type(data).__name__}, not an object")
    return data


def parse_flags(words: list[str]) -> dict[str, Any]:
    """The dockerd settings named on a command line, keyed like daemon.json (lists accumulate)."""
    found: dict[str, Any] = {}
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        name, has_value, inline = word.partition("=")
        spec = FLAGS.get(name)
        if spec is None:
            continue
        key, kind = spec
        if kind == "bool":
            found[key] = inline.lower() != "false" if has_value else True
            continue
        if has_value:
            value = inline
        elif index < len(words):
            value = words[index]
            index += 1
        else:
            continue
        if kind == "list":
            found.setdefault(key, []).append(value)
        else:
            found[key] = value
    return found


def exec_start_words(unit_texts: list[str], environment: dict[str, str]) -> list[str]:
    """The words of the last ExecStart= of a unit and its drop-ins, with $VAR / ${VAR} expanded.

    An empty `ExecStart=` resets the command in systemd; the last non-empty assignment wins.
    """
    command = ""
    for text in unit_texts:
        for line in _logical_lines(text):
            key, sep, value = line.partition("=")
            if sep and key.strip() == "ExecStart":
                command = value.strip()
    words: list[str] = []
    for word in shlex.split(command, comments=False, posix=True) if command else []:
        name = word[2:-1] if word.startswith("${") and word.endswith("}") else word[1:]
        if word.startswith("$") and name in environment:
            words.extend(shlex.split(environment[name]))
        elif not word.startswith("$"):
            words.append(word.lstrip("-@:+!") if word.startswith(("-/", "@/")) else word)
    return words


def environment_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines of a shell-style environment file (/etc/sysconfig/docker, /etc/default/docker)."""
    values: dict[str, str] = {}
    for line in _logical_lines(text):
        key, sep, value = line.removeprefix("export ").partition("=")
        if sep and key.strip().isidentifier():
            parts = shlex.split(value, posix=True) if value.strip() else []
            values[key.strip()] = " ".join(parts)
    return values


def _logical_lines(text: str) -> list[str]:
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not pending and stripped.startswith(("#", ";")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    if pending:
        lines.append(pending)
    return lines


@dataclass(frozen=True)
class EffectiveConfig:
    """Settings as dockerd would see them, where each came from, and settings given twice."""

    settings: dict[str, Any]
    sources: dict[str, str]
    conflicts: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"settings": self.settings, "sources": self.sources, "conflicts": list(self.conflicts)}


def merge(
    file_settings: dict[str, Any], file_label: str, flags: dict[str, Any], flags_label: str
) -> EffectiveConfig:
    settings = dict(file_settings)
    sources = dict.fromkeys(file_settings, file_label)
    conflicts = []
    for key, value in flags.items():
        if key in settings and key != "config-file":
            conflicts.append(key)
        settings[key] = value
        sources[key] = flags_label
    return EffectiveConfig(settings, sources, tuple(sorted(conflicts)))
