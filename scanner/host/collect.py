"""Collect a Docker host's facts from its file system into one inventory record (never writes to the host).

Each file read is stored as evidence (its stat, and its text where the text is the evidence: configuration,
unit files, audit rules, fstab); private keys and certificates are stat'ed only, never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from scanner.errors import Reason, ReasonKind
from scanner.evidence import EvidenceStore
from scanner.host.audit_rules import Watch, normalise, parse_rules
from scanner.host.daemon_config import (
    DaemonJsonError,
    EffectiveConfig,
    environment_file,
    exec_start_words,
    merge,
    parse_daemon_json,
    parse_flags,
)
from scanner.host.files import (
    HostFileError,
    HostFiles,
    mask_environment_secrets,
    mask_url_passwords,
)
from scanner.host.targets import (
    AUDIT_TARGETS,
    CERTS_DIR,
    DEFAULT_DAEMON_JSON,
    DEFAULT_DATA_ROOT,
    DOCKER_BENCH,
    FILE_RULES,
    HOST_FACTS,
    TLS_ROLES,
    UNIT_DIRECTORIES,
    host_account,
    resource_id,
)
from scanner.inventory import DatasetKey, DatasetRecord, Item
from scanner.model import GLOBAL_REGION

AUDIT_RULES_DIR = "/etc/audit/rules.d"
AUDIT_RULES_FILE = "/etc/audit/audit.rules"
MOUNTINFO = "/proc/self/mountinfo"
FSTAB = "/etc/fstab"

__all__ = ["DOCKER_BENCH", "HostCollector", "host_name"]


def host_name(files: HostFiles) -> str | None:
    """The host's name from its etc/hostname (first word), if it has one."""
    try:
        text = files.read_text("/etc/hostname")
    except HostFileError:
        return None
    words = (text or "").split()
    return words[0] if words else None


class HostCollector:
    """Reads one host into Items: file stats, the daemon configuration, audit watches and mounts."""

    def __init__(self, files: HostFiles, host: str, store: EvidenceStore) -> None:
        self.files = files
        self.host = host
        self.store = store

    def record(self) -> DatasetRecord:
        items = list(self._items())
        key = DatasetKey(host_account(self.host), GLOBAL_REGION, HOST_FACTS)
        return DatasetRecord(key, items=tuple(items))

    def _items(self) -> Iterator[Item]:
        units = {unit: self._unit_texts(unit) for unit in ("docker.service", "docker.socket")}
        config_item, config = self._daemon_config(units["docker.service"])
        yield config_item
        for rule in FILE_RULES:
            if rule.role == "registry-certs":
                yield from self._registry_certs()
            elif rule.role in TLS_ROLES.values():
                yield from self._tls_file(rule.role, config)
            elif rule.role == "daemon-json":
                path = str((config.settings.get("config-file") if config else None) or DEFAULT_DAEMON_JSON)
                yield self._file_item(rule.role, path)
            else:
                yield from self._unique_files(rule.role, rule.paths)
        yield self._audit_item(units)
        yield self._mount_item(config)

    # -- files ---------------------------------------------------------------------------------------------

    def _file_item(self, role: str, path: str, *, content: str | None = None) -> Item:
        """One path's stat as an Item (stat None when absent; an unreadable stat is recorded on the item)."""
        data: dict[str, Any] = {"fact": "file", "role": role, "path": path}
        try:
            found = self.files.stat(path)
        except HostFileError as exc:
            return self._item(path, data, errors={"stat": Reason(ReasonKind.ACCESS_DENIED, str(exc))})
        data["stat"] = found.to_json() if found else None
        evidence = {"path": path, "stat": data["stat"]}
        if content is not None:
            evidence["content"] = content
        return self._item(path, data, evidence=[self._evidence(evidence)])

    def _unique_files(self, role: str, paths: tuple[str, ...]) -> Iterator[Item]:
        """Every candidate path that exists (once per real file), or one absent item naming them all."""
        seen: set[str] = set()
        found = False
        for path in paths:
            try:
                real = str(self.files.locate(path))
            except HostFileError:
                real = path
            item = self._file_item(role, path)
            if item.errors or item.data.get("stat") is not None:
                found = True
                if real not in seen:
                    seen.add(real)
                    yield item
        if not found:
            absent = {"fact": "file", "role": role, "path": paths[0], "stat": None, "searched": list(paths)}
            yield self._item(paths[0], absent, evidence=[self._evidence({"absent": list(paths)})])

    def _registry_certs(self) -> Iterator[Item]:
        found = False
        try:
            registries = self.files.listdir(CERTS_DIR)
            for registry in registries:
                for name in self.files.listdir(f"{CERTS_DIR}/{registry}"):
                    item = self._file_item("registry-certs", f"{CERTS_DIR}/{registry}/{name}")
                    if item.errors or (item.data["stat"] or {}).get("type") == "file":
                        found = True
                        yield item
        except HostFileError as exc:
            error = Reason(ReasonKind.ACCESS_DENIED, str(exc))
            yield self._item(CERTS_DIR, {"fact": "file", "role": "registry-certs"}, errors={"stat": error})
            return
        if not found:
            yield self._item(
                CERTS_DIR,
                {"fact": "file", "role": "registry-certs", "path": CERTS_DIR, "stat": None},
                evidence=[self._evidence({"absent": [f"{CERTS_DIR}/*/*"]})],
            )

    def _tls_file(self, role: str, config: EffectiveConfig | None) -> Iterator[Item]:
        if config is None:
            return  # the TLS checks read the configuration item, whose error makes them ERROR
        key = next(k for k, r in TLS_ROLES.items() if r == role)
        path = config.settings.get(key)
        if isinstance(path, str) and path:
            yield self._file_item(role, path)

    # -- daemon configuration ------------------------------------------------------------------------------

    def _unit_texts(self, unit: str) -> list[tuple[str, str]]:
        """(path, text) of the unit file systemd would use, then its drop-ins in name order."""
        texts: list[tuple[str, str]] = []
        for directory in UNIT_DIRECTORIES:
            text = self._read_quietly(f"{directory}/{unit}")
            if text is not None:
                texts.append((f"{directory}/{unit}", text))
                break
        for directory in UNIT_DIRECTORIES:
            drop_ins = f"{directory}/{unit}.d"
            for name in self._list_quietly(drop_ins):
                if name.endswith(".conf"):
                    text = self._read_quietly(f"{drop_ins}/{name}")
                    if text is not None:
                        texts.append((f"{drop_ins}/{name}", text))
        return texts

    def _daemon_config(self, service: list[tuple[str, str]]) -> tuple[Item, EffectiveConfig | None]:
        evidence: list[str] = [
            self._evidence({"path": p, "content": mask_url_passwords(t)}) for p, t in service
        ]
        environment: dict[str, str] = {}
        raw = " ".join(t for _, t in service)
        for env_path, variable in (
            ("/etc/sysconfig/docker", "OPTIONS"),
            ("/etc/default/docker", "DOCKER_OPTS"),
        ):
            env_text = self._read_quietly(env_path)
            if env_text is not None and (f"${variable}" in raw or f"${{{variable}}}" in raw):
                environment.update(environment_file(env_text))
                masked = mask_environment_secrets(env_text)
                evidence.append(self._evidence({"path": env_path, "content": masked}))
        exec_words = exec_start_words([t for _, t in service], environment)
        flags = parse_flags(exec_words)
        flags_label = f"dockerd flags in {service[0][0]}" if service else "dockerd flags"
        path = str(flags.get("config-file") or DEFAULT_DAEMON_JSON)
        data: dict[str, Any] = {"fact": "daemon-config", "path": path, "command_line": exec_words}
        try:
            text = self.files.read_text(path)
            evidence.append(self._evidence({"path": path, "content": mask_url_passwords(text or "")}))
            file_settings = parse_daemon_json(text, path) if text is not None else {}
        except (HostFileError, DaemonJsonError) as exc:
            kind = ReasonKind.ERROR if isinstance(exc, DaemonJsonError) else ReasonKind.ACCESS_DENIED
            error = Reason(kind, str(exc))
            return self._item(path, data, evidence=evidence, errors={"config": error}), None
        config = merge(file_settings, path, flags, flags_label)
        data["daemon_json_present"] = text is not None
        data["config"] = config.to_json()
        return self._item(path, data, evidence=evidence), config

    # -- audit rules ---------------------------------------------------------------------------------------

    def _audit_item(self, units: dict[str, list[tuple[str, str]]]) -> Item:
        data: dict[str, Any] = {"fact": "audit-rules", "path": "/etc/audit"}
        evidence: list[str] = []
        watches: list[Watch] = []
        read: list[str] = []
        try:
            paths = [
                f"{AUDIT_RULES_DIR}/{n}" for n in self.files.listdir(AUDIT_RULES_DIR) if n.endswith(".rules")
            ]
            for path in [*paths, AUDIT_RULES_FILE]:
                text = self.files.read_text(path)
                if text is not None:
                    read.append(path)
                    watches.extend(parse_rules(text, path))
                    evidence.append(self._evidence({"path": path, "content": text}))
        except HostFileError as exc:
            return self._item("/etc/audit", data, evidence=evidence, errors={"watches": _denied(exc)})
        targets: dict[str, dict[str, Any]] = {}
        for target in AUDIT_TARGETS:
            path = units[target.unit][0][0] if target.unit and units[target.unit] else target.path
            exists = bool(path) and self._exists(path)
            targets[target.slug] = {"path": path or None, "exists": exists, "aliases": self._aliases(path)}
        data.update(files=read, watches=[w.to_json() for w in watches], targets=targets)
        return self._item("/etc/audit", data, evidence=evidence)

    # -- mounts --------------------------------------------------------------------------------------------

    def _mount_item(self, config: EffectiveConfig | None) -> Item:
        data: dict[str, Any] = {"fact": "mounts", "path": DEFAULT_DATA_ROOT}
        if config is None:
            reason = Reason(
                ReasonKind.ERROR, "Docker's data root is unknown: the daemon configuration is unreadable"
            )
            return self._item(DEFAULT_DATA_ROOT, data, errors={"mount": reason})
        data_root = normalise(
            str(config.settings.get("data-root") or config.settings.get("graph") or DEFAULT_DATA_ROOT)
        )
        data["path"] = data_root
        evidence: list[str] = []
        try:
            fstab = self.files.read_text(FSTAB)
            if fstab is not None:
                evidence.append(self._evidence({"path": FSTAB, "content": fstab}))
            mount: dict[str, Any] = {"data_root": data_root, "fstab": _fstab_entry(fstab or "", data_root)}
            if self.files.is_live:
                mountinfo = self.files.read_text(MOUNTINFO) or ""
                evidence.append(self._evidence({"path": MOUNTINFO, "content": mountinfo}))
                mount["source"] = MOUNTINFO
                mount["mountinfo"] = _mountinfo(mountinfo, data_root)
            else:
                mount["source"] = FSTAB
        except HostFileError as exc:
            return self._item(data_root, data, evidence=evidence, errors={"mount": _denied(exc)})
        data["mount"] = mount
        return self._item(data_root, data, evidence=evidence)

    # -- helpers -------------------------------------------------------------------------------------------

    def _aliases(self, path: str) -> list[str]:
        """Other spellings of `path` that reach the same file (/var/run and /run, /lib and /usr/lib), so a
        watch written with either counts."""
        if not path:
            return []
        name = PurePosixPath(path).name
        candidates = (
            {f"{d}/{name}" for d in UNIT_DIRECTORIES} if path.endswith((".service", ".socket")) else set()
        )
        for short, long in (("/run/", "/var/run/"), ("/bin/", "/usr/bin/"), ("/lib/", "/usr/lib/")):
            if path.startswith(short):
                candidates.add(long + path[len(short) :])
            elif path.startswith(long):
                candidates.add(short + path[len(long) :])
        try:
            real = self.files.locate(path)
            return sorted({path, *(c for c in candidates if self.files.locate(c) == real)})
        except HostFileError:
            return [path]

    def _exists(self, path: str) -> bool:
        try:
            return self.files.stat(path) is not None
        except HostFileError:
            return True  # it is there, only unreadable: its audit rule is still required

    def _read_quietly(self, path: str) -> str | None:
        """Text of a file whose absence or unreadability only narrows what is known (units, env files)."""
        try:
            return self.files.read_text(path)
        except HostFileError:
            return None

    def _list_quietly(self, path: str) -> list[str]:
        try:
            return self.files.listdir(path)
        except HostFileError:
            return []

    def _evidence(self, record: dict[str, Any]) -> str:
        return self.store.put({"source": "host-files", "host": self.host, **record})

    def _item(
        self,
        path: str,
        data: dict[str, Any],
        *,
        evidence: list[str] | None = None,
        errors: dict[str, Reason] | None = None,
    ) -> Item:
        return Item(
            resource_id=resource_id(self.host, path),
            name=PurePosixPath(path).name or path,
            region=GLOBAL_REGION,
            data=data,
            evidence=tuple(dict.fromkeys(evidence or ())),
            errors=errors or {},
        )


def _denied(exc: HostFileError) -> Reason:
    return Reason(ReasonKind.ACCESS_DENIED, str(exc))


def _fstab_entry(text: str, data_root: str) -> dict[str, str] | None:
    """The fstab line mounting the data root, unless it is a bind mount (which is no separate device)."""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3 and not fields[0].startswith("#") and normalise(fields[1]) == data_root:
            options = fields[3] if len(fields) > 3 else "defaults"
            return {"device": fields[0], "mount_point": fields[1], "type": fields[2], "options": options}
    return None


def _mountinfo(text: str, data_root: str) -> dict[str, Any]:
    """The data root's mount and the root file system's device from /proc/self/mountinfo."""
    found: dict[str, Any] = {"data_root_mount": None, "root_device": None}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 10 or "-" not in fields:
            continue
        separator = fields.index("-")
        entry = {
            "device": fields[2],
            "root": fields[3],
            "mount_point": fields[4],
            "type": fields[separator + 1],
            "source": fields[separator + 2],
        }
        if fields[4] == "/":
            found["root_device"] = fields[2]
        if normalise(fields[4]) == data_root:
            found["data_root_mount"] = entry
    return found
