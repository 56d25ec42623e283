"""Collect a Docker host's facts from its file system into one inventory record (never writes to the host).

Each file read is stored as evidence (its stat, and its text where the text is the evidence: configuration,
unit files, audit rules, fstab); private keys and certificates are stat'ed only, never read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class UnitFiles:
    """A systemd unit as systemd would load it: the unit file of the first directory that has one, then its
    drop-ins. `error` says which of those files exist but could not be read: the unit is then unknown, never
    the lower-priority copy or the drop-ins that happened to be readable."""

    path: str | None  # the unit file systemd uses; None when no directory has one
    texts: list[tuple[str, str]] = field(default_factory=list)
    error: Reason | None = None


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
        config_item, config, daemon_json = self._daemon_config(units["docker.service"])
        yield config_item
        for rule in FILE_RULES:
            if rule.role == "registry-certs":
                yield from self._registry_certs()
            elif rule.role in TLS_ROLES.values():
                yield from self._tls_file(rule.role, config)
            elif rule.role == "daemon-json":
                yield self._daemon_json_item(daemon_json, config_item)
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

    def _daemon_json_item(self, path: str | None, config_item: Item) -> Item:
        """The stat of the daemon.json dockerd reads; unknown (an error) when the unit that could name
        another one with --config-file could not be read."""
        if path is not None:
            return self._file_item("daemon-json", path)
        reason = config_item.errors["config"]
        why = Reason(reason.kind, f"which daemon.json dockerd reads is unknown: {reason.detail}", reason.code)
        data = {"fact": "file", "role": "daemon-json", "path": DEFAULT_DAEMON_JSON}
        return self._item(
            DEFAULT_DAEMON_JSON, data, evidence=list(config_item.evidence), errors={"stat": why}
        )

    def _tls_file(self, role: str, config: EffectiveConfig | None) -> Iterator[Item]:
        if config is None:
            return  # the TLS checks read the configuration item, whose error makes them ERROR
        key = next(k for k, r in TLS_ROLES.items() if r == role)
        path = config.settings.get(key)
        if isinstance(path, str) and path:
            yield self._file_item(role, path)

    # -- daemon configuration ------------------------------------------------------------------------------

    def _unit_texts(self, unit: str) -> UnitFiles:
        """(path, text) of the unit file systemd would use, then its drop-ins in the order systemd applies.

        A unit file or drop-in that exists but cannot be read (or a drop-in directory that cannot be listed)
        could override everything else, so the unit is then unknown: no lower-priority copy stands in.
        """
        path: str | None = None
        texts: list[tuple[str, str]] = []
        problems: list[str] = []
        for directory in UNIT_DIRECTORIES:
            candidate = f"{directory}/{unit}"
            try:
                text = self.files.read_text(candidate)
            except HostFileError as exc:  # it is there (as for _exists), so it is the copy systemd uses
                path = candidate
                problems.append(str(exc))
                break
            if text is not None:
                path = candidate
                texts.append((candidate, text))
                break
        # systemd applies the drop-ins of all directories sorted by file name; of two with the same name only
        # the one in the higher-priority directory counts (it masks the other).
        drop_ins: dict[str, tuple[str, str] | None] = {}
        for directory in UNIT_DIRECTORIES:
            folder = f"{directory}/{unit}.d"
            try:
                names = self.files.listdir(folder)
            except HostFileError as exc:
                problems.append(str(exc))
                continue
            for name in names:
                if not name.endswith(".conf") or name in drop_ins:
                    continue
                try:
                    text = self.files.read_text(f"{folder}/{name}")
                except HostFileError as exc:
                    problems.append(str(exc))
                    drop_ins[name] = None
                    continue
                if text is not None:
                    drop_ins[name] = (f"{folder}/{name}", text)
        texts.extend(entry for _, entry in sorted(drop_ins.items()) if entry is not None)
        error = None
        if problems:
            error = Reason(ReasonKind.ACCESS_DENIED, f"the {unit} unit is unknown: {'; '.join(problems)}")
        return UnitFiles(path, texts, error)

    def _daemon_config(self, service: UnitFiles) -> tuple[Item, EffectiveConfig | None, str | None]:
        """The daemon-config item, the effective configuration, and the path of the daemon.json dockerd
        reads (None when unknown: the unit that could name another one could not be read)."""
        evidence: list[str] = [
            self._evidence({"path": p, "content": mask_url_passwords(t)}) for p, t in service.texts
        ]
        data: dict[str, Any] = {"fact": "daemon-config", "path": DEFAULT_DAEMON_JSON}
        if service.error is not None:
            item = self._item(DEFAULT_DAEMON_JSON, data, evidence=evidence, errors={"config": service.error})
            return item, None, None
        environment: dict[str, str] = {}
        raw = " ".join(t for _, t in service.texts)
        for env_path, variable in (
            ("/etc/sysconfig/docker", "OPTIONS"),
            ("/etc/default/docker", "DOCKER_OPTS"),
        ):
            if f"${variable}" not in raw and f"${{{variable}}}" not in raw:
                continue  # the unit does not expand it: whatever the file says does not reach dockerd
            try:
                env_text = self.files.read_text(env_path)
            except HostFileError as exc:
                reason = Reason(
                    ReasonKind.ACCESS_DENIED, f"the dockerd flags in ${variable} are unknown: {exc}"
                )
                item = self._item(DEFAULT_DAEMON_JSON, data, evidence=evidence, errors={"config": reason})
                return item, None, None
            if env_text is not None:
                environment.update(environment_file(env_text))
                masked = mask_environment_secrets(env_text)
                evidence.append(self._evidence({"path": env_path, "content": masked}))
        exec_words = exec_start_words([t for _, t in service.texts], environment)
        flags = parse_flags(exec_words)
        flags_label = f"dockerd flags in {service.texts[0][0]}" if service.texts else "dockerd flags"
        path = str(flags.get("config-file") or DEFAULT_DAEMON_JSON)
        data.update(path=path, command_line=exec_words)
        try:
            text = self.files.read_text(path)
            evidence.append(self._evidence({"path": path, "content": mask_url_passwords(text or "")}))
            file_settings = parse_daemon_json(text, path) if text is not None else {}
        except (HostFileError, DaemonJsonError) as exc:
            kind = ReasonKind.ERROR if isinstance(exc, DaemonJsonError) else ReasonKind.ACCESS_DENIED
            error = Reason(kind, str(exc))
            return self._item(path, data, evidence=evidence, errors={"config": error}), None, path
        config = merge(file_settings, path, flags, flags_label)
        data["daemon_json_present"] = text is not None
        data["config"] = config.to_json()
        return self._item(path, data, evidence=evidence), config, path

    # -- audit rules ---------------------------------------------------------------------------------------

    def _audit_item(self, units: dict[str, UnitFiles]) -> Item:
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
            path = (units[target.unit].path if target.unit else target.path) or ""
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
