"""A file that could override the one judged but cannot be read makes every verdict that depends on it
ERROR (issue 20 item 2): the scanner never falls back to a lower-priority copy, a default path or an empty
environment when a higher-priority file exists but is unreadable.

Tests run as root, whom chmod 000 does not stop, so unreadability is simulated by injecting the reader
(as test_scan_host.test_an_unreadable_file_is_an_error does for stat)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner import rundir
from scanner.host.files import HostFileError, HostFiles
from scanner.model import Result, Status
from tests.host.hosttree import GOOD_DAEMON, by_check, good_host, scan, status_of, write

# What the administrator's override does: talk to a registry without TLS and listen on TCP unauthenticated.
INSECURE_UNIT = (
    "[Service]\nExecStart=/usr/bin/dockerd --insecure-registry registry.corp:5000 -H tcp://0.0.0.0:2375\n"
)
SAFE_DAEMON = {k: v for k, v in GOOD_DAEMON.items() if k not in ("hosts", "tlsverify")}
SETTING_CHECKS = (
    "docker.host.insecure-registries",
    "docker.host.tls-verify",
    "docker.host.daemon-icc-disabled",
    "docker.host.live-restore",
    "docker.host.log-driver",
)


def unreadable(monkeypatch: pytest.MonkeyPatch, *denied: str, unlistable: tuple[str, ...] = ()) -> None:
    """The reader raises for these paths (a file that exists but that the scanner may not read)."""
    real_read, real_list = HostFiles.read_text, HostFiles.listdir

    def read_text(self: HostFiles, path: str) -> str | None:
        if path in denied:
            raise HostFileError(f"{path}: cannot read: Permission denied")
        return real_read(self, path)

    def listdir(self: HostFiles, path: str) -> list[str]:
        if path in unlistable:
            raise HostFileError(f"{path}: cannot list: Permission denied")
        return real_list(self, path)

    monkeypatch.setattr(HostFiles, "read_text", read_text)
    monkeypatch.setattr(HostFiles, "listdir", listdir)


def assert_not_evaluated(results: list[Result], path: str) -> None:
    for check_id in SETTING_CHECKS:
        found = by_check(results)[check_id]
        assert [r.status for r in found] == [Status.ERROR], (check_id, found)
        assert path in found[0].message and "Permission denied" in found[0].message, found[0].message


def test_an_unreadable_etc_unit_is_an_error_not_the_packaged_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    write(root, "/etc/systemd/system/docker.service", INSECURE_UNIT)
    unreadable(monkeypatch, "/etc/systemd/system/docker.service")
    out = tmp_path / "run"
    results = scan(root, out)
    assert_not_evaluated(results, "/etc/systemd/system/docker.service")
    # --config-file could name another file: which daemon.json dockerd reads is unknown too.
    for check_id in ("docker.host.daemon-json.mode", "docker.host.separate-partition"):
        assert status_of(results, check_id) is Status.ERROR, by_check(results)[check_id]
    # The audit watch must be on the unit systemd uses (the /etc copy), not on the packaged one.
    audit = by_check(results)["docker.host.audit.docker-service"]
    assert [r.status for r in audit] == [Status.FAIL], audit
    assert "/etc/systemd/system/docker.service" in audit[0].message
    controls = {c.control_id: c for c in rundir.read_controls(out)}
    assert controls["daemon.no-insecure-registries"].status.value != "SATISFIED"


def test_the_etc_unit_overrides_the_packaged_one_when_readable(tmp_path: Path) -> None:
    """The same tree, readable: the override is judged (and fails), so the ERROR above is not noise."""
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    write(root, "/etc/systemd/system/docker.service", INSECURE_UNIT)
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.insecure-registries") is Status.FAIL
    assert status_of(results, "docker.host.tls-verify") is Status.FAIL


def test_an_unreadable_drop_in_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    drop_in = "/etc/systemd/system/docker.service.d/override.conf"
    write(root, drop_in, "[Service]\nExecStart=\n" + INSECURE_UNIT.split("\n", 1)[1])
    unreadable(monkeypatch, drop_in)
    assert_not_evaluated(scan(root, tmp_path / "run"), drop_in)


def test_an_unlistable_drop_in_directory_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    directory = "/etc/systemd/system/docker.service.d"
    write(root, f"{directory}/override.conf", "[Service]\nExecStart=\n" + INSECURE_UNIT.split("\n", 1)[1])
    unreadable(monkeypatch, unlistable=(directory,))
    assert_not_evaluated(scan(root, tmp_path / "run"), directory)


def test_an_unreadable_environment_file_the_unit_expands_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    unit = "[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd $OPTIONS\n"
    (root / "usr/lib/systemd/system/docker.service").write_text(unit)
    write(root, "/etc/sysconfig/docker", 'OPTIONS="--insecure-registry registry.corp:5000"\n', 0o600)
    unreadable(monkeypatch, "/etc/sysconfig/docker")
    assert_not_evaluated(scan(root, tmp_path / "run"), "/etc/sysconfig/docker")


def test_an_unreferenced_unreadable_environment_file_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = good_host(tmp_path / "host")
    write(root, "/etc/default/docker", 'DOCKER_OPTS="--insecure-registry registry.corp:5000"\n')
    unreadable(monkeypatch, "/etc/default/docker")
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.insecure-registries") is Status.PASS


def test_a_malformed_config_file_is_judged_at_its_own_path_not_the_default(tmp_path: Path) -> None:
    """--config-file names the file dockerd reads; when it cannot be parsed, its owner and mode are still
    those of that file, never of /etc/docker/daemon.json."""
    root = good_host(tmp_path / "host")
    unit = "[Service]\nExecStart=/usr/bin/dockerd --config-file /etc/docker/custom.json\n"
    (root / "usr/lib/systemd/system/docker.service").write_text(unit)
    write(root, "/etc/docker/custom.json", '{"icc": false,,}', 0o666)
    results = scan(root, tmp_path / "run")
    mode = by_check(results)["docker.host.daemon-json.mode"]
    assert [r.status for r in mode] == [Status.FAIL], mode
    assert "/etc/docker/custom.json" in mode[0].message
    assert status_of(results, "docker.host.insecure-registries") is Status.ERROR
    assert json.loads((root / "etc/docker/daemon.json").read_text())  # the default file is still there


# Found while fixing the above: files that override the judged unit although they are readable.
INSECURE_DROP_IN = "[Service]\nExecStart=\n" + INSECURE_UNIT.split("\n", 1)[1]
SAFE_DROP_IN = "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n"


def test_drop_ins_apply_in_name_order_whatever_their_directory(tmp_path: Path) -> None:
    """systemd applies drop-ins of every directory sorted by file name, so /etc's 50-*.conf comes after the
    vendor's 10-*.conf and its ExecStart is the one dockerd runs."""
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    write(root, "/etc/systemd/system/docker.service.d/50-local.conf", INSECURE_DROP_IN)
    write(root, "/usr/lib/systemd/system/docker.service.d/10-vendor.conf", SAFE_DROP_IN)
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.insecure-registries") is Status.FAIL
    assert status_of(results, "docker.host.tls-verify") is Status.FAIL


def test_a_drop_in_masks_the_same_name_in_a_lower_priority_directory(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    write(root, "/etc/systemd/system/docker.service.d/override.conf", INSECURE_DROP_IN)
    write(root, "/usr/lib/systemd/system/docker.service.d/override.conf", SAFE_DROP_IN)
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.insecure-registries") is Status.FAIL


def test_a_unit_in_usr_local_lib_overrides_the_packaged_one(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host", daemon=SAFE_DAEMON)
    write(root, "/usr/local/lib/systemd/system/docker.service", INSECURE_UNIT)
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.insecure-registries") is Status.FAIL
    assert status_of(results, "docker.host.docker-service.mode") is Status.PASS  # every copy is stat'ed
