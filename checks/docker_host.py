"""Docker host checks (CIS Docker v1.6.0 sections 1-3) over the facts `controlmap scan-host` reads.

Host facts are not an AWS dataset: they are the inventory record `host.docker` that scan-host writes for the
host's "account" (host:<hostname>), so these checks declare no datasets and look the record up themselves.
They run only in host runs (`subject=Subject.DOCKER_HOST`; an AWS scan leaves them out, so their controls
show NOT_EVALUATED there). In a host run without the host's files they answer NOT_APPLICABLE when the run
holds a docker-bench-security report instead (whose own checks then judge the host), else ERROR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from scanner.checkapi import Scope, Subject, check
from scanner.host.audit_rules import normalise
from scanner.host.targets import (
    AUDIT_TARGETS,
    DOCKER_BENCH,
    FILE_RULES,
    HOST_FACTS,
    TLS_ROLES,
    AuditTarget,
    FileRule,
)
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

Settings = Mapping[str, Any]
Judge = Callable[[Settings], tuple[bool, str]]
CheckFunction = Callable[[Scope], Iterator[Result]]
LOCAL_LOG_DRIVERS = frozenset({"json-file", "local", "journald", "none"})
UNIX_SCHEMES = ("unix://", "fd://")


def host_facts(scope: Scope, fact: str) -> list[Item] | None:
    """Items of one kind from this host's facts; None when this run did not read the host's files."""
    records = scope.records(HOST_FACTS)
    if not records:
        return None
    return [item for record in records for item in record.items if item.data.get("fact") == fact]


def facts_not_read(scope: Scope) -> Result:
    """ERROR when nothing read this host; NOT_APPLICABLE when a docker-bench-security report stands in."""
    if scope.records(DOCKER_BENCH):
        return scope.result(
            Status.NOT_APPLICABLE,
            scope.account_id,
            "host files were not read in this run; the docker-bench-security report judges this host",
        )
    return scope.result(
        Status.ERROR,
        scope.account_id,
        "not evaluated: Docker host files are read by `controlmap scan-host`; this run did not read any",
    )


# -- daemon configuration (section 2) ----------------------------------------------------------------------


def _boolean(settings: Settings, key: str, default: bool, wanted: bool) -> tuple[bool, str]:
    value = settings.get(key, default)
    if not isinstance(value, bool):
        return False, f"{key} is {value!r}, not a JSON boolean (dockerd rejects it)"
    where = "" if key in settings else " (the default)"
    return value is wanted, f"{key} is {str(value).lower()}{where}"


def _non_empty(settings: Settings, key: str) -> tuple[bool, str]:
    value = settings.get(key)
    if value in (None, "", [], {}):
        return False, f"{key} is not set"
    return True, f"{key} is {value!r}"


def _log_level(settings: Settings) -> tuple[bool, str]:
    level = settings.get("log-level", "info")
    return level == "info", f"log-level is {level!r}" + ("" if "log-level" in settings else " (the default)")


def _insecure_registries(settings: Settings) -> tuple[bool, str]:
    registries = settings.get("insecure-registries") or []
    if not isinstance(registries, list):
        return False, f"insecure-registries is {registries!r}, not a list"
    remote = [r for r in registries if not str(r).startswith(("127.", "localhost", "[::1]", "::1"))]
    if remote:
        return False, f"insecure registries configured: {', '.join(map(str, remote))}"
    return True, "no insecure registry beyond loopback"


def _tls(settings: Settings) -> tuple[bool, str]:
    hosts = settings.get("hosts") or []
    hosts = [hosts] if isinstance(hosts, str) else list(hosts)
    network = [str(h) for h in hosts if not str(h).startswith(UNIX_SCHEMES)]
    if not network:
        return True, "the daemon listens on no TCP socket (hosts: " + (", ".join(hosts) or "default") + ")"
    missing = [k for k in ("tlscacert", "tlscert", "tlskey") if not settings.get(k)]
    if settings.get("tlsverify") is not True:
        return False, f"listens on {', '.join(network)} without tlsverify (no client authentication)"
    if missing:
        return False, f"listens on {', '.join(network)} with tlsverify but no {', '.join(missing)}"
    return True, f"listens on {', '.join(network)} with tlsverify, CA, certificate and key"


def _base_device_size(settings: Settings) -> tuple[bool, str]:
    options = settings.get("storage-opts") or []
    changed = [o for o in options if str(o).replace(" ", "").startswith("dm.basesize")]
    return (False, f"storage-opts sets {changed[0]}") if changed else (True, "dm.basesize is not changed")


def _log_driver(settings: Settings) -> tuple[bool, str]:
    driver = settings.get("log-driver")
    if not driver:
        return False, "log-driver is not set: containers log to local json-file"
    if driver in LOCAL_LOG_DRIVERS:
        return False, f"log-driver {driver!r} keeps logs on the host (nothing ships them off it)"
    return True, f"log-driver {driver!r} sends container logs off the host"


def _setting_check(
    *,
    id: str,
    title: str,
    keys: tuple[str, ...],
    judge: Judge,
    severity: Severity,
    meaning: str,
    rationale: str,
    remediation: str,
) -> CheckFunction:
    """A check over the daemon's effective settings (daemon.json merged with the dockerd flags)."""

    def run(scope: Scope) -> Iterator[Result]:
        items = host_facts(scope, "daemon-config")
        if items is None:
            yield facts_not_read(scope)
            return
        for item in items:
            config = item["config"]
            clash = [k for k in keys if k in config["conflicts"]]
            if clash:
                message = f"not evaluated: {', '.join(clash)} set both in daemon.json and as a flag; dockerd "
                yield scope.on_item(item, Status.ERROR, message + "refuses to start like that")
                continue
            ok, message = judge(config["settings"])
            sources = sorted({config["sources"][k] for k in keys if k in config["sources"]})
            where = f" (from {'; '.join(sources)})" if sources else " (not set in daemon.json or flags)"
            yield scope.on_item(item, Status.PASS if ok else Status.FAIL, message + where)

    run.__doc__ = meaning
    run.__name__ = id.replace(".", "_").replace("-", "_")
    return check(
        id=id,
        title=title,
        uses=(),
        subject=Subject.DOCKER_HOST,
        severity=severity,
        rationale=rationale,
        remediation=remediation,
    )(run)


icc_disabled = _setting_check(
    id="docker.host.daemon-icc-disabled",
    title="Containers on the default bridge cannot talk to each other (CIS 2.2)",
    keys=("icc",),
    judge=lambda s: _boolean(s, "icc", True, False),
    severity=Severity.MEDIUM,
    meaning="PASS when the daemon's effective icc setting is the JSON boolean false.",
    rationale="With icc on, any container on the default bridge reaches every other one's ports.",
    remediation='Set "icc": false in /etc/docker/daemon.json and restart dockerd.',
)
log_level = _setting_check(
    id="docker.host.log-level",
    title="The daemon logs at info level (CIS 2.3)",
    keys=("log-level",),
    judge=_log_level,
    severity=Severity.LOW,
    meaning="PASS when log-level is unset (info) or exactly info.",
    rationale="Lower levels lose security events; debug floods the logs and may record secrets.",
    remediation='Remove log-level or set "log-level": "info" in daemon.json.',
)
iptables = _setting_check(
    id="docker.host.iptables",
    title="Docker may manage iptables (CIS 2.4)",
    keys=("iptables",),
    judge=lambda s: _boolean(s, "iptables", True, True),
    severity=Severity.MEDIUM,
    meaning="PASS when iptables is unset (true) or the JSON boolean true.",
    rationale="Without it, container networking and the host firewall drift apart and ports open unnoticed.",
    remediation="Remove iptables: false from daemon.json and the dockerd flags.",
)
insecure_registries = _setting_check(
    id="docker.host.insecure-registries",
    title="No insecure registries are configured (CIS 2.5)",
    keys=("insecure-registries",),
    judge=_insecure_registries,
    severity=Severity.HIGH,
    meaning="PASS when insecure-registries is empty or names only loopback registries.",
    rationale="An insecure registry is reached without TLS verification, so images can be swapped in "
    "transit.",
    remediation="Remove the registries from insecure-registries and give them trusted TLS certificates.",
)
tls_verify = _setting_check(
    id="docker.host.tls-verify",
    title="A daemon listening on TCP requires TLS client authentication (CIS 2.7)",
    keys=("hosts", "tlsverify", "tlscacert", "tlscert", "tlskey"),
    judge=_tls,
    severity=Severity.CRITICAL,
    meaning="PASS when the daemon's hosts are only unix:// or fd:// sockets, or tlsverify is the JSON "
    "boolean true with tlscacert, tlscert and tlskey all set.",
    rationale="Anyone who reaches an unauthenticated Docker TCP socket is root on the host.",
    remediation="Listen on the Unix socket only, or set tlsverify with tlscacert, tlscert and tlskey.",
)
default_ulimits = _setting_check(
    id="docker.host.default-ulimits",
    title="Default ulimits are set for containers (CIS 2.8)",
    keys=("default-ulimits",),
    judge=lambda s: _non_empty(s, "default-ulimits"),
    severity=Severity.LOW,
    meaning="PASS when default-ulimits (or --default-ulimit) is set; whether the values suit the "
    "workloads is attested.",
    rationale="Without default ulimits one container can exhaust the host's processes or file handles.",
    remediation='Set "default-ulimits" in daemon.json (for example nofile and nproc) to agreed values.',
)
userns_remap = _setting_check(
    id="docker.host.userns-remap",
    title="User namespace remapping is enabled (CIS 2.9)",
    keys=("userns-remap",),
    judge=lambda s: _non_empty(s, "userns-remap"),
    severity=Severity.MEDIUM,
    meaning="PASS when userns-remap names a user (or default).",
    rationale="Without remapping, root in a container is root on the host once it escapes.",
    remediation='Set "userns-remap": "default" (or a dedicated user) in daemon.json.',
)
base_device_size = _setting_check(
    id="docker.host.base-device-size",
    title="The base device size is left at its default (CIS 2.11)",
    keys=("storage-opts",),
    judge=_base_device_size,
    severity=Severity.LOW,
    meaning="PASS when no storage option sets dm.basesize.",
    rationale="A larger base device lets each container consume more of the host's disk.",
    remediation="Remove dm.basesize from storage-opts unless a documented need requires it.",
)
authorization_plugin = _setting_check(
    id="docker.host.authorization-plugin",
    title="An authorization plugin controls client commands (CIS 2.12)",
    keys=("authorization-plugins",),
    judge=lambda s: _non_empty(s, "authorization-plugins"),
    severity=Severity.MEDIUM,
    meaning="PASS when authorization-plugins lists at least one plugin.",
    rationale="Without one, every user of the Docker socket may run any command, including privileged ones.",
    remediation='Install an authorization plugin and list it in "authorization-plugins" in daemon.json.',
)
log_driver = _setting_check(
    id="docker.host.log-driver",
    title="Container logs go to a remote log driver (CIS 2.13)",
    keys=("log-driver",),
    judge=_log_driver,
    severity=Severity.MEDIUM,
    meaning="PASS when log-driver is set to a driver other than json-file, local, journald or none.",
    rationale="Logs kept only on the host are lost with it and can be altered by whoever controls it.",
    remediation='Set "log-driver" to a remote driver (awslogs, syslog, fluentd, splunk, gelf ...).',
)
no_new_privileges = _setting_check(
    id="docker.host.no-new-privileges",
    title="Containers cannot gain new privileges by default (CIS 2.14)",
    keys=("no-new-privileges",),
    judge=lambda s: _boolean(s, "no-new-privileges", False, True),
    severity=Severity.MEDIUM,
    meaning="PASS when no-new-privileges is the JSON boolean true (or --no-new-privileges is given).",
    rationale="Without it, setuid binaries in a container can raise a process's privileges.",
    remediation='Set "no-new-privileges": true in daemon.json.',
)
live_restore = _setting_check(
    id="docker.host.live-restore",
    title="Live restore is enabled (CIS 2.15)",
    keys=("live-restore",),
    judge=lambda s: _boolean(s, "live-restore", False, True),
    severity=Severity.LOW,
    meaning="PASS when live-restore is the JSON boolean true.",
    rationale="Containers keep running while the daemon restarts, so patching the daemon costs no outage.",
    remediation='Set "live-restore": true in daemon.json.',
)
userland_proxy_disabled = _setting_check(
    id="docker.host.userland-proxy-disabled",
    title="The userland proxy is disabled (CIS 2.16)",
    keys=("userland-proxy",),
    judge=lambda s: _boolean(s, "userland-proxy", True, False),
    severity=Severity.LOW,
    meaning="PASS when userland-proxy is the JSON boolean false.",
    rationale="The proxy is one more process exposed on every published port; hairpin NAT does the same job.",
    remediation='Set "userland-proxy": false in daemon.json.',
)
experimental = _setting_check(
    id="docker.host.experimental",
    title="Experimental features are off (CIS 2.18)",
    keys=("experimental",),
    judge=lambda s: _boolean(s, "experimental", False, False),
    severity=Severity.LOW,
    meaning="PASS when experimental is unset or the JSON boolean false.",
    rationale="Experimental features are unsupported and may change or break security behaviour.",
    remediation="Remove experimental from daemon.json and the dockerd flags.",
)


# -- separate partition (1.1.1) ----------------------------------------------------------------------------


@check(
    id="docker.host.separate-partition",
    title="Docker's data root is on its own partition (CIS 1.1.1)",
    uses=(),
    subject=Subject.DOCKER_HOST,
    severity=Severity.MEDIUM,
    rationale="Containers filling Docker's data root would otherwise fill the host's root file system.",
    remediation="Mount a dedicated device (an LVM volume or an EBS volume) at Docker's data root.",
)
def separate_partition(scope: Scope) -> Iterator[Result]:
    """PASS when Docker's data root is a mount point: on a live host (--root /) a mount in
    /proc/self/mountinfo whose device differs from the root file system's; on a file tree, an /etc/fstab
    entry for it that is not a bind mount."""
    items = host_facts(scope, "mounts")
    if items is None:
        yield facts_not_read(scope)
        return
    for item in items:
        mount = item["mount"]
        root = mount["data_root"]
        if mount["source"] == "/proc/self/mountinfo":
            entry = mount["mountinfo"]["data_root_mount"]
            if entry is None:
                fstab = " (an /etc/fstab entry exists but is not mounted)" if mount["fstab"] else ""
                yield scope.failed(item, f"{root} is not a mount point per /proc/self/mountinfo{fstab}")
            elif entry["device"] == mount["mountinfo"]["root_device"]:
                yield scope.failed(
                    item, f"{root} is mounted from the root file system's device {entry['device']}"
                )
            else:
                yield scope.passed(
                    item,
                    f"{root} is mounted from {entry['source']} (device {entry['device']}), "
                    "per /proc/self/mountinfo",
                )
            continue
        entry = mount["fstab"]
        if entry is None:
            yield scope.failed(
                item, f"/etc/fstab has no entry for {root} (read from the tree, not a live host)"
            )
        elif "bind" in entry["options"].split(","):
            yield scope.failed(item, f"/etc/fstab bind-mounts {root}: that is no separate partition")
        else:
            yield scope.passed(item, f"/etc/fstab mounts {entry['device']} ({entry['type']}) at {root}")


# -- audit rules (1.1.3 - 1.1.18) --------------------------------------------------------------------------


def _audit_check(target: AuditTarget) -> CheckFunction:
    what = target.path or f"the {target.unit} unit file"

    def run(scope: Scope) -> Iterator[Result]:
        items = host_facts(scope, "audit-rules")
        if items is None:
            yield facts_not_read(scope)
            return
        for item in items:
            watches = item["watches"]
            place = item["targets"][target.slug]
            path = place["path"] or target.path
            if not place["exists"] and not target.required:
                yield scope.on_item(item, Status.NOT_APPLICABLE, f"{what} does not exist on this host")
                continue
            if not item["files"]:
                yield scope.failed(
                    item, "no audit rules: /etc/audit/rules.d/*.rules and audit.rules are absent"
                )
                continue
            spellings = {normalise(p) for p in (place.get("aliases") or [path])}
            matching = [w for w in watches if w["path"] in spellings]
            writes = [w for w in matching if "w" in w["permissions"]]
            if writes:
                first = writes[0]
                yield scope.passed(item, f"{path} is watched ({first['file']} line {first['line']})")
            elif matching:
                yield scope.failed(
                    item, f"{path} is watched only for '{matching[0]['permissions']}', not writes"
                )
            else:
                yield scope.failed(item, f"no audit rule watches {path}")

    run.__doc__ = (
        f"PASS when an audit rule (-w or -F path=/dir=, in /etc/audit/rules.d/*.rules or audit.rules, not "
        f"commented out) watches exactly {what} for writes; NOT_APPLICABLE when "
        + ("never: it is always required." if target.required else "the path does not exist.")
    )
    return check(
        id=f"docker.host.audit.{target.slug}",
        title=f"The audit subsystem watches {what} (CIS {target.cis})",
        uses=(),
        subject=Subject.DOCKER_HOST,
        severity=Severity.LOW,
        rationale="Without an audit watch, changes to Docker's binaries and configuration leave no trace.",
        remediation=f"Add '-w {path_hint(target)} -p wa -k docker' under /etc/audit/rules.d/ and reload "
        "the rules.",
    )(run)


def path_hint(target: AuditTarget) -> str:
    return target.path or f"/usr/lib/systemd/system/{target.unit}"


# -- file ownership and permissions (section 3) ------------------------------------------------------------


def mode_within(mode: int, allowed: int) -> bool:
    """True when no permission bit outside `allowed` is set (0600 is within 0644; 0617 and 0664 are not)."""
    return mode & ~allowed == 0


def _file_items(scope: Scope, rule: FileRule) -> list[Item] | Result:
    """The rule's existing files, or the Result that stands for all of them (absent, not configured)."""
    if rule.role in TLS_ROLES.values():
        configs = host_facts(scope, "daemon-config")
        if configs is None:
            return facts_not_read(scope)
        settings = configs[0]["config"]["settings"]
        key = next(k for k, r in TLS_ROLES.items() if r == rule.role)
        if not settings.get(key):
            return scope.result(Status.NOT_APPLICABLE, configs[0].resource_id, f"{rule.absent_note}")
    items = host_facts(scope, "file")
    if items is None:
        return facts_not_read(scope)
    mine = [i for i in items if i.data.get("role") == rule.role]
    present = [i for i in mine if i.errors or i.data.get("stat") is not None]
    if present:
        return present
    where = ", ".join(mine[0].data.get("searched") or [mine[0].data.get("path", "")]) if mine else rule.label
    if rule.optional and rule.role not in TLS_ROLES.values():
        return scope.result(
            Status.NOT_APPLICABLE,
            mine[0].resource_id if mine else scope.account_id,
            f"{rule.label} does not exist ({rule.absent_note}); looked at {where}",
        )
    return scope.result(
        Status.ERROR,
        mine[0].resource_id if mine else scope.account_id,
        f"not evaluated: {rule.label} does not exist at {where}"
        + ("" if rule.optional else " (it exists only while the daemon runs: scan the live host)"),
    )


def _owner_check(rule: FileRule) -> CheckFunction:
    def run(scope: Scope) -> Iterator[Result]:
        found = _file_items(scope, rule)
        if isinstance(found, Result):
            yield found
            return
        for item in found:
            info = item["stat"]
            owner_ok = info["uid"] == 0
            if rule.group == "root":
                group_ok, group = info["gid"] == 0, info["group"] or str(info["gid"])
            elif info["group"] is None:
                yield scope.on_item(
                    item,
                    Status.ERROR,
                    f"not evaluated: gid {info['gid']} of {item.data['path']} "
                    "has no name in the host's /etc/group",
                )
                continue
            else:
                group_ok, group = info["group"] == rule.group, info["group"]
            owner = f"{info['user'] or info['uid']}:{group}"
            message = f"{item.data['path']} is owned by {owner} (uid {info['uid']}, gid {info['gid']})"
            yield scope.on_item(item, Status.PASS if owner_ok and group_ok else Status.FAIL, message)

    run.__doc__ = (
        f"PASS when {rule.label} is owned by user root (uid 0) and group {rule.group}"
        + (" (gid 0)" if rule.group == "root" else " (by name, from the host's /etc/group)")
        + ("; NOT_APPLICABLE when it does not exist." if rule.optional else "; ERROR when it does not exist.")
    )
    return check(
        id=f"docker.host.{rule.role}.owner",
        title=f"{rule.label[0].upper()}{rule.label[1:]} is owned by root:{rule.group} (CIS {rule.cis_owner})",
        uses=(),
        subject=Subject.DOCKER_HOST,
        severity=Severity.MEDIUM,
        rationale="A file another user owns can be rewritten by that user to change how the daemon runs.",
        remediation=f"chown root:{rule.group} on {rule.label}.",
    )(run)


def _mode_check(rule: FileRule) -> CheckFunction:
    def run(scope: Scope) -> Iterator[Result]:
        found = _file_items(scope, rule)
        if isinstance(found, Result):
            yield found
            return
        for item in found:
            mode = int(item["stat"]["mode"], 8)
            extra = mode & ~rule.max_mode
            message = f"{item.data['path']} has mode {mode:04o}"
            if extra:
                message += f": bits {extra:04o} are beyond {rule.max_mode:04o}"
            yield scope.on_item(item, Status.FAIL if extra else Status.PASS, message)

    run.__doc__ = (
        f"PASS when {rule.label} sets no permission bit outside {rule.max_mode:04o} "
        f"(mode & ~{rule.max_mode:04o}"
        " == 0, so 0600 passes and 0617 fails)"
        + ("; NOT_APPLICABLE when it does not exist." if rule.optional else "; ERROR when it does not exist.")
    )
    return check(
        id=f"docker.host.{rule.role}.mode",
        title=f"{rule.label[0].upper()}{rule.label[1:]} has mode {rule.max_mode:04o} or stricter "
        f"(CIS {rule.cis_mode})",
        uses=(),
        subject=Subject.DOCKER_HOST,
        severity=Severity.MEDIUM,
        rationale="Group- or world-writable files let other users change the daemon; readable keys leak.",
        remediation=f"chmod {rule.max_mode:o} (or stricter) on {rule.label}.",
    )(run)


# The registry finds checks as module attributes, so each generated check is bound to a name here.
for _rule in FILE_RULES:
    globals()[f"{_rule.role.replace('-', '_')}_owner"] = _owner_check(_rule)
    globals()[f"{_rule.role.replace('-', '_')}_mode"] = _mode_check(_rule)
for _target in AUDIT_TARGETS:
    globals()[f"audit_{_target.slug.replace('-', '_')}"] = _audit_check(_target)
