"""Build Docker host file trees in a temporary directory (modes set at test time: git keeps neither modes
nor owners), and run scan-host over them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scanner.cli.deliver import host_scan
from scanner.model import Result, Status
from scanner.run.host import HostScanConfig

IS_ROOT = os.geteuid() == 0
DOCKER_GID = 994
AUDIT_RULES = "\n".join(
    [
        "-D",
        "-w /usr/bin/dockerd -k docker",
        "-a always,exit -F path=/run/containerd -F perm=war -k docker",
        "-w /var/lib/docker -p wa -k docker",
        "-w /etc/docker -p wa -k docker",
        "-w /lib/systemd/system/docker.service -k docker",
        "-w /run/containerd/containerd.sock -k docker",
        "-w /usr/lib/systemd/system/docker.socket -k docker",
        "-w /etc/docker/daemon.json -k docker",
        "-w /usr/bin/containerd -k docker",
        "-w /usr/bin/runc -k docker",
        "",
    ]
)
GOOD_DAEMON = {
    "icc": False,
    "userns-remap": "default",
    "live-restore": True,
    "userland-proxy": False,
    "no-new-privileges": True,
    "log-driver": "awslogs",
    "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
    "tlsverify": True,
    "tlscacert": "/etc/docker/tls/ca.pem",
    "tlscert": "/etc/docker/tls/server.pem",
    "tlskey": "/etc/docker/tls/server-key.pem",
    "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}},
    "authorization-plugins": ["opa-docker-authz"],
}


def write(root: Path, path: str, text: str = "", mode: int = 0o644, *, uid: int = 0, gid: int = 0) -> Path:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    os.chmod(target, mode)
    if IS_ROOT:
        os.chown(target, uid, gid)
    return target


def good_host(root: Path, *, daemon: dict[str, Any] | None = None) -> Path:
    """A hardened host: every file CIS sections 1-3 name, owned and permissioned as CIS asks."""
    write(root, "/etc/hostname", "web-1\n")
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    write(root, "/etc/group", f"root:x:0:\ndocker:x:{DOCKER_GID}:\n")
    write(root, "/etc/docker/daemon.json", json.dumps(daemon if daemon is not None else GOOD_DAEMON))
    os.chmod(root / "etc/docker", 0o755)
    write(root, "/etc/docker/tls/ca.pem", "CA", 0o444)
    write(root, "/etc/docker/tls/server.pem", "CERT", 0o444)
    write(root, "/etc/docker/tls/server-key.pem", "-----BEGIN PRIVATE KEY-----\nSECRETKEYBYTES\n", 0o400)
    unit = "[Service]\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n"
    write(root, "/usr/lib/systemd/system/docker.service", unit)
    write(root, "/usr/lib/systemd/system/docker.socket", "[Socket]\nListenStream=/run/docker.sock\n")
    (root / "lib").symlink_to("usr/lib")  # merged /usr: a watch on /lib/... is a watch on /usr/lib/...
    (root / "var").mkdir(exist_ok=True)
    (root / "var/run").symlink_to("/run")  # absolute: resolved under the root, never on the scanner
    write(root, "/run/docker.sock", "", 0o660, gid=DOCKER_GID)
    write(root, "/run/containerd/containerd.sock", "", 0o660)
    for binary in ("dockerd", "containerd", "runc"):
        write(root, f"/usr/bin/{binary}", "", 0o755)
    (root / "var/lib/docker").mkdir(parents=True)
    write(root, "/etc/audit/rules.d/docker.rules", AUDIT_RULES, 0o640)
    write(root, "/etc/fstab", "/dev/nvme1n1 /var/lib/docker xfs defaults,nofail 0 2\n")
    return root


def scan(root: Path, out: Path, **options: Any) -> list[Result]:
    outcome = host_scan(HostScanConfig(out=out, root=root, pdf=False, **options))
    return [r for r in outcome.results if r.check_id.startswith("docker.host.")]


def by_check(results: list[Result]) -> dict[str, list[Result]]:
    grouped: dict[str, list[Result]] = {}
    for result in results:
        grouped.setdefault(result.check_id, []).append(result)
    return grouped


def status_of(results: list[Result], check_id: str) -> Status:
    statuses = {r.status for r in by_check(results)[check_id]}
    assert len(statuses) == 1, (check_id, by_check(results)[check_id])
    return statuses.pop()
