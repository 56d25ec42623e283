"""CIS Docker container runtime (section 5) and image (section 4) settings read from ECS task definitions:
one result per task definition revision, naming the containers at fault."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from scanner.checkapi import Scope, check
from scanner.evidence import SECRET_NAME
from scanner.inventory import Item
from scanner.model import Result, Severity

TASKS = "ecs.task-definitions"

# Docker's default capability set: adding one of these changes nothing. Anything else widens the container's
# power over the kernel or the host (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, ALL, ...).
DOCKER_DEFAULT_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "NET_RAW",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)

# Sensitive host directories a container must not see (CIS 5.6): these and everything under them, plus "/"
# itself and any parent directory of them.
SENSITIVE_HOST_DIRECTORIES = ("/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", "/var/lib/docker")

# Container runtime sockets (CIS 5.32): whoever reaches one can start a privileged container on the host. A
# mount of "/" or of a parent directory (/run, /var/run, /run/containerd) exposes them too.
CONTAINER_RUNTIME_SOCKETS = (
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
)

# Log drivers that keep the logs on the container instance only (or nowhere).
HOST_ONLY_LOG_DRIVERS = frozenset({"json-file", "local", "journald", "none"})

ROOT_USERS = frozenset({"root", "0"})


def _definition(task: Item) -> dict[str, Any]:
    definition: dict[str, Any] = task["TaskDefinition"]
    return definition


def _containers(task: Item) -> list[dict[str, Any]]:
    return list(_definition(task).get("containerDefinitions", []))


def requires_fargate_only(task: Item) -> bool:
    """True when the task definition can run on Fargate only (requiresCompatibilities is exactly FARGATE)."""
    return set(_definition(task).get("requiresCompatibilities", [])) == {"FARGATE"}


def _names(containers: Iterable[dict[str, Any]]) -> str:
    return ", ".join(str(c.get("name", "?")) for c in containers)


def _per_container(
    task: Item,
    scope: Scope,
    offends: Callable[[dict[str, Any]], str | None],
    *,
    passed: str,
    failed: str,
    platform_enforced: bool = False,
) -> Result:
    """FAIL naming every container for which `offends` returns a reason; PASS otherwise. A PASS on a
    Fargate-only task definition notes when Fargate itself would refuse the setting."""
    reasons = [(c, offends(c)) for c in _containers(task)]
    bad = [f"{c.get('name', '?')} ({why})" for c, why in reasons if why]
    if bad:
        return scope.failed(task, f"{failed}: {'; '.join(bad)}")
    note = (
        " (platform-enforced: Fargate does not allow it)"
        if platform_enforced and requires_fargate_only(task)
        else ""
    )
    return scope.passed(task, f"{passed}{note}")


@check(
    id="ecs.task.privileged",
    title="ECS containers are not privileged",
    for_each=TASKS,
    uses=(),
    severity=Severity.CRITICAL,
    rationale="A privileged container has every capability, sees the host's devices and runs without the "
    "default seccomp profile: escaping to the host is trivial.",
    remediation="Remove `privileged: true` from the container definition and add only the capabilities the "
    "container needs; set ECS_DISABLE_PRIVILEGED=true on container instances.",
)
def privileged(task: Item, scope: Scope) -> Result:
    """PASS when no container definition of the revision sets privileged to true."""
    return _per_container(
        task,
        scope,
        lambda c: "privileged" if c.get("privileged") is True else None,
        passed="no container is privileged",
        failed="privileged containers",
        platform_enforced=True,
    )


@check(
    id="ecs.task.readonly-root",
    title="ECS containers mount their root file system read-only",
    for_each=TASKS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A writable root file system lets an attacker change binaries and configuration inside the "
    "container and persist there.",
    remediation="Set `readonlyRootFilesystem: true` and give the container volumes for the paths it writes.",
)
def readonly_root(task: Item, scope: Scope) -> Result:
    """PASS when every container definition sets readonlyRootFilesystem to true."""
    return _per_container(
        task,
        scope,
        lambda c: None if c.get("readonlyRootFilesystem") is True else "root file system writable",
        passed="every container has a read-only root file system",
        failed="containers with a writable root file system",
    )


def _root_user(container: dict[str, Any]) -> str | None:
    user = str(container.get("user") or "").strip()
    if not user:
        return "no user set: runs as the image's default user, which may be root"
    if user.split(":", 1)[0] in ROOT_USERS:
        return f"user {user}"
    return None


@check(
    id="ecs.task.non-root-user",
    title="ECS containers run as a non-root user",
    for_each=TASKS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="A process running as root inside the container is root on the host if it escapes, and can "
    "change everything inside the container.",
    remediation="Set `user` in the container definition to a non-root user or UID (and build the image with "
    "a USER instruction).",
)
def non_root_user(task: Item, scope: Scope) -> Result:
    """PASS when every container definition sets `user` to something other than root or UID 0 (a user left
    unset is a FAIL: the image's default user is unknown here and is often root)."""
    return _per_container(
        task,
        scope,
        _root_user,
        passed="every container sets a non-root user",
        failed="containers running as root or the image default",
    )


def _host_namespace(task: Item, scope: Scope, mode_key: str, namespace: str) -> Result:
    """FAIL when the task definition sets `mode_key` to host; PASS otherwise (Fargate refuses host modes)."""
    if _definition(task).get(mode_key) == "host":
        return scope.failed(task, f"{mode_key} is host: the task shares the host's {namespace} namespace")
    note = " (platform-enforced on Fargate)" if requires_fargate_only(task) else ""
    return scope.passed(task, f"{mode_key} is not host: the {namespace} namespace is not the host's{note}")


@check(
    id="ecs.task.host-network",
    title="ECS tasks do not use the host network mode",
    for_each=TASKS,
    uses=(),
    severity=Severity.HIGH,
    rationale="A task in host network mode sees every network interface of the instance and can bind to, "
    "sniff or reach services listening only on the host.",
    remediation="Use the awsvpc (or bridge) network mode.",
)
def host_network(task: Item, scope: Scope) -> Result:
    """PASS when the task definition's networkMode is not `host` (PID and IPC modes are judged by their own
    checks)."""
    return _host_namespace(task, scope, "networkMode", "network")


@check(
    id="ecs.task.host-pid",
    title="ECS tasks do not share the host's process namespace",
    for_each=TASKS,
    uses=(),
    severity=Severity.HIGH,
    rationale="A container in the host's PID namespace sees every process on the instance and, with enough "
    "privilege, can signal or trace them.",
    remediation="Leave pidMode unset or set it to `task`.",
)
def host_pid(task: Item, scope: Scope) -> Result:
    """PASS when the task definition's pidMode is not `host` (unset or `task`)."""
    return _host_namespace(task, scope, "pidMode", "PID")


@check(
    id="ecs.task.host-ipc",
    title="ECS tasks do not share the host's IPC namespace",
    for_each=TASKS,
    uses=(),
    severity=Severity.HIGH,
    rationale="A container in the host's IPC namespace can read and write the shared memory and semaphores "
    "of processes on the instance.",
    remediation="Leave ipcMode unset or set it to `task` or `none`.",
)
def host_ipc(task: Item, scope: Scope) -> Result:
    """PASS when the task definition's ipcMode is not `host` (unset, `task` or `none`)."""
    return _host_namespace(task, scope, "ipcMode", "IPC")


def _added_capabilities(container: dict[str, Any]) -> str | None:
    capabilities = (container.get("linuxParameters") or {}).get("capabilities") or {}
    added = sorted({str(c).upper() for c in capabilities.get("add", [])} - DOCKER_DEFAULT_CAPABILITIES)
    return f"adds {', '.join(added)}" if added else None


@check(
    id="ecs.task.added-capabilities",
    title="ECS containers add no Linux capabilities beyond Docker's defaults",
    for_each=TASKS,
    uses=(),
    severity=Severity.HIGH,
    rationale="Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or SYS_MODULE (or ALL) give a container "
    "kernel-level power over the host and other containers.",
    remediation="Remove the capabilities from linuxParameters.capabilities.add; if one is truly needed, "
    "record an accepted exception for that task definition.",
)
def added_capabilities(task: Item, scope: Scope) -> Result:
    """PASS when no container adds a capability outside Docker's default set (AUDIT_WRITE, CHOWN,
    DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID,
    SYS_CHROOT): adding ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or any other is a FAIL. Whether
    containers also drop capabilities is not judged here."""
    return _per_container(
        task,
        scope,
        _added_capabilities,
        passed="no container adds capabilities beyond Docker's defaults",
        failed="containers adding capabilities",
    )


def _limited(task: Item, scope: Scope, key: str, resource: str, container_limit: str) -> Result:
    """PASS when the task definition sets a task-level `key`, or every container sets `key` above 0; FAIL
    naming the containers without it otherwise."""
    task_level = _definition(task).get(key)
    if task_level:
        return scope.passed(task, f"{resource} limited by task-level {key} {task_level}")
    unlimited = [c for c in _containers(task) if not c.get(key)]
    if unlimited:
        return scope.failed(task, f"no task-level {key} and no {container_limit} on {_names(unlimited)}")
    return scope.passed(task, f"{resource} limited by {container_limit}s on every container")


@check(
    id="ecs.task.memory-limit",
    title="ECS tasks limit memory",
    for_each=TASKS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without a hard memory limit one container can take the instance's memory and starve or "
    "crash the others.",
    remediation="Set task-level memory (required on Fargate), or a hard `memory` limit on every container.",
)
def memory_limit(task: Item, scope: Scope) -> Result:
    """PASS when memory is limited: task-level `memory`, or a hard `memory` on every container (a soft
    memoryReservation alone does not count). Fargate requires task-level memory."""
    return _limited(task, scope, "memory", "memory", "hard memory limit")


@check(
    id="ecs.task.cpu-limit",
    title="ECS tasks set CPU units",
    for_each=TASKS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Without CPU units a container competes for CPU with no relative priority and can starve the "
    "others on the instance.",
    remediation="Set task-level cpu (required on Fargate), or `cpu` units above 0 on every container.",
)
def cpu_limit(task: Item, scope: Scope) -> Result:
    """PASS when CPU is limited: task-level `cpu`, or `cpu` above 0 on every container. Fargate requires
    task-level cpu."""
    return _limited(task, scope, "cpu", "CPU", "cpu unit")


def normalise_host_path(path: str) -> str:
    """The absolute, normalised form of a host path: `..`, `.` and repeated slashes resolved, so
    "/etc/../etc/" and "//etc" both read "/etc". (Symbolic links on the host cannot be resolved from here.)"""
    normalised = posixpath.normpath("/" + path.strip())
    return "/" + normalised.lstrip("/")


def host_path_exposure(path: str, protected: Iterable[str]) -> str | None:
    """Which of the `protected` host paths mounting the normalised host `path` exposes, or None: the path
    itself, one under it, a parent directory of it, or "/" (the host's root file system exposes them all)."""
    if path == "/":
        return "the host's root file system"
    for protected_path in protected:
        if path == protected_path or path.startswith(protected_path + "/"):
            return protected_path
        if protected_path.startswith(path + "/"):
            return f"contains {protected_path}"
    return None


def _host_mounts(task: Item) -> Iterator[tuple[dict[str, Any], str, bool]]:
    """(container, normalised host path, read-only) for every mount point whose volume is a host path."""
    volumes = {
        str(v.get("name")): normalise_host_path(str(v["host"]["sourcePath"]))
        for v in _definition(task).get("volumes", [])
        if (v.get("host") or {}).get("sourcePath")
    }
    for container in _containers(task):
        for mount in container.get("mountPoints", []):
            path = volumes.get(str(mount.get("sourceVolume")))
            if path is not None:
                yield container, path, mount.get("readOnly") is True


def _host_mounts_exposing(task: Item, scope: Scope, protected: Iterable[str], *, what: str) -> Result:
    """FAIL naming every container mount of a host path that exposes one of `protected`; PASS otherwise."""
    found: list[str] = []
    for container, path, read_only in _host_mounts(task):
        reason = host_path_exposure(path, protected)
        if reason is not None:
            shown = path if reason == path else f"{path}: {reason}"
            access = "read-only" if read_only else "read-write"
            found.append(f"{container.get('name', '?')} mounts host {shown} ({access})")
    if found:
        return scope.failed(task, "; ".join(found))
    note = " (platform-enforced: Fargate has no host paths)" if requires_fargate_only(task) else ""
    return scope.passed(task, f"no container mounts {what}{note}")


@check(
    id="ecs.task.sensitive-host-mounts",
    title="ECS containers do not mount sensitive host directories",
    for_each=TASKS,
    uses=(),
    severity=Severity.CRITICAL,
    rationale="Mounting the host's /, /etc, /proc, /sys, /dev, /boot, /lib, /usr or Docker's data directory "
    "into a container lets it read or change the host's configuration, kernel interfaces and binaries.",
    remediation="Remove the host volume, or mount a dedicated directory that holds only what the container "
    "needs (read-only where possible).",
)
def sensitive_host_mounts(task: Item, scope: Scope) -> Result:
    """PASS when no volume that a container mounts is a host path equal to "/" or equal to, under, or a
    parent of /boot, /dev, /etc, /lib, /proc, /sys, /usr or /var/lib/docker, after normalising the path.
    Container runtime sockets are judged by ecs.task.docker-socket-mount."""
    return _host_mounts_exposing(task, scope, SENSITIVE_HOST_DIRECTORIES, what="a sensitive host directory")


@check(
    id="ecs.task.docker-socket-mount",
    title="ECS containers do not mount the Docker or containerd socket",
    for_each=TASKS,
    uses=(),
    severity=Severity.CRITICAL,
    rationale="A container that reaches the Docker or containerd socket can start a privileged container "
    "with the host's root file system mounted: it controls the host.",
    remediation="Remove the host volume that exposes the socket; give tools that need container metadata "
    "the ECS task metadata endpoint instead.",
)
def docker_socket_mount(task: Item, scope: Scope) -> Result:
    """PASS when no volume that a container mounts is, after normalising the path, the Docker socket
    (/var/run/docker.sock, /run/docker.sock), the containerd socket (/var/run/containerd/containerd.sock,
    /run/containerd/containerd.sock), or a directory that contains one of them ("/", /run, /var/run, ...)."""
    return _host_mounts_exposing(
        task, scope, CONTAINER_RUNTIME_SOCKETS, what="the Docker or containerd socket"
    )


def _log_gap(container: dict[str, Any]) -> str | None:
    driver = (container.get("logConfiguration") or {}).get("logDriver")
    if not driver:
        return "no log configuration"
    return f"log driver {driver} keeps logs on the host" if driver in HOST_ONLY_LOG_DRIVERS else None


@check(
    id="ecs.task.log-configuration",
    title="ECS containers send their logs off the host",
    for_each=TASKS,
    uses=(),
    severity=Severity.MEDIUM,
    rationale="Logs kept only on the container instance are lost with it and cannot be reviewed centrally.",
    remediation="Set logConfiguration with the awslogs, awsfirelens or splunk driver (or another remote "
    "one).",
)
def log_configuration(task: Item, scope: Scope) -> Result:
    """PASS when every container has a logConfiguration whose driver ships logs off the host (anything but
    json-file, local, journald or none)."""
    return _per_container(
        task,
        scope,
        _log_gap,
        passed="every container sends its logs off the host",
        failed="containers without central logging",
    )


@check(
    id="ecs.task.health-check",
    title="Essential ECS containers have a health check",
    for_each=TASKS,
    uses=(),
    severity=Severity.LOW,
    rationale="Without a health check ECS only notices a container that exits, not one that hangs or stops "
    "serving.",
    remediation="Add a healthCheck command to every essential container definition.",
)
def health_check(task: Item, scope: Scope) -> Result:
    """PASS when every essential container (containers are essential unless `essential` is false) has a
    healthCheck with a command."""
    return _per_container(
        task,
        scope,
        lambda c: (
            None
            if c.get("essential") is False or (c.get("healthCheck") or {}).get("command")
            else "essential, no health check"
        ),
        passed="every essential container has a health check",
        failed="essential containers without a health check",
    )


def _secret_like_environment(container: dict[str, Any]) -> str | None:
    names = sorted(
        str(e.get("name")) for e in container.get("environment", []) if SECRET_NAME.search(str(e.get("name")))
    )
    return f"environment {', '.join(names)}" if names else None


@check(
    id="ecs.task.secrets-in-environment",
    title="ECS containers take secrets from the secrets field, not plain environment variables",
    for_each=TASKS,
    uses=(),
    severity=Severity.HIGH,
    rationale="Plain environment values are readable by anyone who can describe the task definition, and are "
    "copied into every revision.",
    remediation="Move the value to Secrets Manager or Parameter Store and reference it in the container's "
    "`secrets` (valueFrom), then rotate it.",
)
def secrets_in_environment(task: Item, scope: Scope) -> Result:
    """PASS when no container has a plain environment variable whose name looks like a secret (password,
    secret, token, API key, access key, private key, credential, auth: the same names the evidence store
    redacts). Values are never read or reported; environment files in S3 are not inspected."""
    return _per_container(
        task,
        scope,
        _secret_like_environment,
        passed="no secret-like names in plain environment variables",
        failed="secret-like names in plain environment variables (use `secrets`)",
    )
