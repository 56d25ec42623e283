"""What a Docker host audit looks at: the files CIS Docker v1.6.0 sections 1 and 3 name, owners, modes.

Shared by the collector (which paths to read) and the checks (what each must be). Paths are absolute as seen
on the audited host; the collector resolves them under `--root`.
"""

from __future__ import annotations

from dataclasses import dataclass

HOST_FACTS = "host.docker"  # inventory dataset with the host's file facts (written by scan-host)
DOCKER_BENCH = "host.docker-bench"  # inventory dataset with an ingested docker-bench-security report

DEFAULT_DAEMON_JSON = "/etc/docker/daemon.json"
DEFAULT_DATA_ROOT = "/var/lib/docker"

# systemd unit directories in the order systemd itself prefers them (the first copy found is the one used).
# https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html (unit file load path)
UNIT_DIRECTORIES = (
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
)


@dataclass(frozen=True)
class FileRule:
    """One CIS section 3 pair (ownership, then mode) for one file or set of files.

    `optional` says the file legitimately may not exist (CIS: "if the file exists"): absent is then
    NOT_APPLICABLE. Otherwise absence leaves the recommendation unknown (ERROR), never PASS.
    """

    role: str  # stable key shared by the collector's items and the checks
    label: str
    paths: tuple[str, ...]  # candidate paths; empty when the path comes from the daemon configuration
    owner: str
    group: str
    max_mode: int
    cis_owner: str
    cis_mode: str
    optional: bool
    absent_note: str


FILE_RULES: tuple[FileRule, ...] = (
    FileRule(
        "docker-service",
        "the docker.service unit file",
        tuple(f"{d}/docker.service" for d in UNIT_DIRECTORIES),
        "root",
        "root",
        0o644,
        "3.1",
        "3.2",
        True,
        "Docker is not managed by systemd on this host",
    ),
    FileRule(
        "docker-socket-unit",
        "the docker.socket unit file",
        tuple(f"{d}/docker.socket" for d in UNIT_DIRECTORIES),
        "root",
        "root",
        0o644,
        "3.3",
        "3.4",
        True,
        "the daemon is not socket-activated by systemd",
    ),
    FileRule(
        "etc-docker",
        "/etc/docker",
        ("/etc/docker",),
        "root",
        "root",
        0o755,
        "3.5",
        "3.6",
        True,
        "no Docker configuration directory",
    ),
    FileRule(
        "registry-certs",
        "the registry certificate files under /etc/docker/certs.d",
        (),
        "root",
        "root",
        0o444,
        "3.7",
        "3.8",
        True,
        "no registry certificates are installed",
    ),
    FileRule(
        "tls-ca",
        "the daemon's TLS CA certificate (tlscacert)",
        (),
        "root",
        "root",
        0o444,
        "3.9",
        "3.10",
        True,
        "the daemon configures no tlscacert",
    ),
    FileRule(
        "tls-cert",
        "the daemon's TLS server certificate (tlscert)",
        (),
        "root",
        "root",
        0o444,
        "3.11",
        "3.12",
        True,
        "the daemon configures no tlscert",
    ),
    FileRule(
        "tls-key",
        "the daemon's TLS server key (tlskey)",
        (),
        "root",
        "root",
        0o400,
        "3.13",
        "3.14",
        True,
        "the daemon configures no tlskey",
    ),
    FileRule(
        "docker-sock",
        "the Docker socket",
        ("/var/run/docker.sock", "/run/docker.sock"),
        "root",
        "docker",
        0o660,
        "3.15",
        "3.16",
        False,
        "",
    ),
    FileRule(
        "daemon-json",
        "/etc/docker/daemon.json",
        (DEFAULT_DAEMON_JSON,),
        "root",
        "root",
        0o644,
        "3.17",
        "3.18",
        True,
        "the daemon runs on defaults and flags only",
    ),
    FileRule(
        "etc-default-docker",
        "/etc/default/docker",
        ("/etc/default/docker",),
        "root",
        "root",
        0o644,
        "3.19",
        "3.20",
        True,
        "only Debian-style init scripts read it",
    ),
    FileRule(
        "etc-sysconfig-docker",
        "/etc/sysconfig/docker",
        ("/etc/sysconfig/docker",),
        "root",
        "root",
        0o644,
        "3.21",
        "3.22",
        True,
        "only Red Hat-style hosts (such as Amazon Linux) read it",
    ),
    FileRule(
        "containerd-sock",
        "the containerd socket",
        ("/run/containerd/containerd.sock",),
        "root",
        "root",
        0o660,
        "3.23",
        "3.24",
        False,
        "",
    ),
)
FILE_RULE = {rule.role: rule for rule in FILE_RULES}
CERTS_DIR = "/etc/docker/certs.d"
TLS_ROLES = {"tlscacert": "tls-ca", "tlscert": "tls-cert", "tlskey": "tls-key"}


@dataclass(frozen=True)
class AuditTarget:
    """A path CIS section 1.1 wants watched by the Linux audit subsystem.

    `required` targets are judged even when absent (a Docker host always has them); the others are
    NOT_APPLICABLE when the path does not exist on the host, as CIS scopes them ("if applicable").
    """

    slug: str
    cis: str
    path: str  # "" for the unit files, whose path is wherever systemd's copy is
    required: bool = False
    unit: str = ""


AUDIT_TARGETS: tuple[AuditTarget, ...] = (
    AuditTarget("dockerd", "1.1.3", "/usr/bin/dockerd", required=True),
    AuditTarget("run-containerd", "1.1.4", "/run/containerd"),
    AuditTarget("var-lib-docker", "1.1.5", DEFAULT_DATA_ROOT),
    AuditTarget("etc-docker", "1.1.6", "/etc/docker"),
    AuditTarget("docker-service", "1.1.7", "", unit="docker.service"),
    AuditTarget("containerd-sock", "1.1.8", "/run/containerd/containerd.sock"),
    AuditTarget("docker-socket", "1.1.9", "", unit="docker.socket"),
    AuditTarget("etc-default-docker", "1.1.10", "/etc/default/docker"),
    AuditTarget("daemon-json", "1.1.11", DEFAULT_DAEMON_JSON),
    AuditTarget("containerd-config", "1.1.12", "/etc/containerd/config.toml"),
    AuditTarget("etc-sysconfig-docker", "1.1.13", "/etc/sysconfig/docker"),
    AuditTarget("containerd-bin", "1.1.14", "/usr/bin/containerd"),
    AuditTarget("containerd-shim", "1.1.15", "/usr/bin/containerd-shim"),
    AuditTarget("containerd-shim-runc-v1", "1.1.16", "/usr/bin/containerd-shim-runc-v1"),
    AuditTarget("containerd-shim-runc-v2", "1.1.17", "/usr/bin/containerd-shim-runc-v2"),
    AuditTarget("runc", "1.1.18", "/usr/bin/runc"),
)
AUDIT_TARGET = {target.slug: target for target in AUDIT_TARGETS}


def resource_id(host: str, path: str) -> str:
    """How a host fact is named in results: host:<hostname>:<absolute path>."""
    return f"host:{host}:{path}"


def host_account(host: str) -> str:
    """The "account" a host's results are filed under in the run directory."""
    return f"host:{host}"
