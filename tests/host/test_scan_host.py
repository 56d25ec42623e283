"""scan-host over fixture host trees: good, bad and mixed hosts give the verdicts their files imply."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanner import rundir
from scanner.cli.main import main
from scanner.host.audit_rules import parse_rules
from scanner.host.collect import _mountinfo
from scanner.host.files import HostFileError, HostFiles
from scanner.model import Status
from tests.host.hosttree import DOCKER_GID, GOOD_DAEMON, IS_ROOT, by_check, good_host, scan, status_of, write

NOT_ROOT = "ownership needs chown, which only root can do"


def test_a_hardened_host_passes_every_host_check(tmp_path: Path) -> None:
    results = scan(good_host(tmp_path / "host"), tmp_path / "run")
    problems = [r for r in results if r.status in (Status.FAIL, Status.ERROR)]
    assert not problems, [(r.check_id, r.message) for r in problems]
    passed = {r.check_id for r in results if r.status is Status.PASS}
    assert {
        "docker.host.tls-verify",
        "docker.host.separate-partition",
        "docker.host.audit.docker-service",
    } <= passed
    assert {
        "docker.host.docker-sock.mode",
        "docker.host.tls-key.mode",
        "docker.host.daemon-json.mode",
    } <= passed
    if IS_ROOT:
        assert {"docker.host.docker-sock.owner", "docker.host.tls-key.owner"} <= passed
    # Optional files that are absent are not applicable, never a pass.
    assert status_of(results, "docker.host.etc-sysconfig-docker.mode") is Status.NOT_APPLICABLE
    assert status_of(results, "docker.host.audit.containerd-shim") is Status.NOT_APPLICABLE


def test_results_name_the_host_and_path_and_fill_a_standard_run_directory(tmp_path: Path) -> None:
    out = tmp_path / "run"
    results = scan(good_host(tmp_path / "host"), out)
    mode = by_check(results)["docker.host.daemon-json.mode"][0]
    assert mode.resource_id == "host:web-1:/etc/docker/daemon.json"
    assert mode.account_id == "host:web-1"
    for name in (rundir.RESULTS, rundir.CONTROLS, rundir.RUN, rundir.MANIFEST, rundir.REPORT_HTML):
        assert (out / name).is_file(), name
    assert rundir.verify_manifest(out).ok
    controls = {c.control_id: c for c in rundir.read_controls(out)}
    assert controls["daemon.live-restore"].status.value == "SATISFIED"
    evidence = "".join(p.read_text() for p in (out / "evidence").glob("*.json"))
    assert "SECRETKEYBYTES" not in evidence  # keys are stat'ed, never read
    assert '\\"live-restore\\": true' in evidence  # daemon.json is stored as read


def test_a_bad_host_fails_what_its_files_imply(tmp_path: Path) -> None:
    root = good_host(
        tmp_path / "host",
        daemon={
            "icc": True,
            "hosts": ["tcp://0.0.0.0:2375"],
            "log-driver": "json-file",
            "live-restore": "true",
        },
    )
    os.chmod(root / "usr/lib/systemd/system/docker.service", 0o666)
    os.chmod(root / "run/docker.sock", 0o666)
    os.chmod(root / "etc/docker", 0o777)
    (root / "etc/audit/rules.d/docker.rules").write_text(
        "# -w /usr/bin/dockerd -k docker\n-w /var/lib/docker/volumes\n"
    )
    (root / "etc/fstab").write_text("/var/lib/docker /var/lib/docker none bind 0 0\n")
    results = scan(root, tmp_path / "run")
    for check_id in (
        "docker.host.daemon-icc-disabled",
        "docker.host.tls-verify",
        "docker.host.log-driver",
        "docker.host.live-restore",  # the string "true" is not a JSON boolean
        "docker.host.no-new-privileges",
        "docker.host.docker-service.mode",
        "docker.host.docker-sock.mode",
        "docker.host.etc-docker.mode",
        "docker.host.audit.dockerd",  # only a commented-out rule
        "docker.host.audit.var-lib-docker",  # a watch on a sub-directory is not a watch on it
        "docker.host.separate-partition",  # a bind mount is no separate partition
    ):
        assert status_of(results, check_id) is Status.FAIL, check_id
    assert "without tlsverify" in by_check(results)["docker.host.tls-verify"][0].message
    # TLS files are no longer configured: not applicable rather than judged.
    assert status_of(results, "docker.host.tls-key.mode") is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (0o617, Status.FAIL),
        (0o600, Status.PASS),
        (0o640, Status.PASS),
        (0o664, Status.FAIL),
        (0o644, Status.PASS),
    ],
)
def test_or_more_restrictive_means_no_bit_outside_the_allowed_mask(
    tmp_path: Path, mode: int, expected: Status
) -> None:
    root = good_host(tmp_path / "host")
    os.chmod(root / "etc/docker/daemon.json", mode)
    assert status_of(scan(root, tmp_path / "run"), "docker.host.daemon-json.mode") is expected


def test_a_mixed_host_reads_flags_from_sysconfig_and_keeps_other_verdicts(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host", daemon={"icc": False, "live-restore": True})
    unit = "[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd $OPTIONS\n"
    (root / "usr/lib/systemd/system/docker.service").write_text(unit)
    flags = "--default-ulimit nofile=32768:65536 --no-new-privileges --live-restore"
    options = f'OPTIONS="{flags}"\nHTTP_PROXY_PASSWORD=hunter2\n'
    write(root, "/etc/sysconfig/docker", options, 0o600)
    out = tmp_path / "run"
    results = scan(root, out)
    assert status_of(results, "docker.host.default-ulimits") is Status.PASS
    assert status_of(results, "docker.host.no-new-privileges") is Status.PASS
    assert status_of(results, "docker.host.daemon-icc-disabled") is Status.PASS
    assert status_of(results, "docker.host.userns-remap") is Status.FAIL
    # live-restore in both daemon.json and the flags: dockerd refuses to start, so it is not a verdict.
    live = by_check(results)["docker.host.live-restore"][0]
    assert live.status is Status.ERROR and "refuses to start" in live.message
    assert status_of(results, "docker.host.etc-sysconfig-docker.mode") is Status.PASS
    evidence = "".join(p.read_text() for p in (out / "evidence").glob("*.json"))
    assert "hunter2" not in evidence


@pytest.mark.skipif(not IS_ROOT, reason=NOT_ROOT)
def test_ownership_is_judged_by_uid_and_gid(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host")
    os.chown(root / "etc/docker/daemon.json", 1000, 0)
    os.chown(root / "run/docker.sock", 0, 0)  # root:root, but CIS wants root:docker
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.daemon-json.owner") is Status.FAIL
    assert status_of(results, "docker.host.docker-sock.owner") is Status.FAIL
    os.chown(root / "run/docker.sock", 0, DOCKER_GID)
    (root / "etc/group").write_text("root:x:0:\n")  # the docker gid no longer has a name
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.docker-sock.owner") is Status.ERROR


def test_malformed_daemon_json_is_an_error_naming_the_file_and_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = good_host(tmp_path / "host")
    (root / "etc/docker/daemon.json").write_text('{\n  "icc": false\n  "live-restore": true\n}\n')
    out = tmp_path / "run"
    assert main(["scan-host", "--root", str(root), "--out", str(out), "--no-pdf"]) == 0
    results = [json.loads(line) for line in (out / rundir.RESULTS).read_text().splitlines()]
    icc = next(r for r in results if r["check_id"] == "docker.host.daemon-icc-disabled")
    assert icc["status"] == "ERROR"
    assert "/etc/docker/daemon.json: not valid JSON at line 3 column 3" in icc["message"]
    assert next(r for r in results if r["check_id"] == "docker.host.tls-ca.mode")["status"] == "ERROR"
    assert "Traceback" not in capsys.readouterr().err


def test_an_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = good_host(tmp_path / "host")
    real_stat = HostFiles.stat

    def denied(self: HostFiles, path: str) -> object:
        if path == "/etc/docker/daemon.json":
            raise HostFileError(f"{path}: cannot stat: Permission denied")
        return real_stat(self, path)

    monkeypatch.setattr(HostFiles, "stat", denied)
    results = scan(root, tmp_path / "run")
    mode = by_check(results)["docker.host.daemon-json.mode"][0]
    assert mode.status is Status.ERROR and "Permission denied" in mode.message


def test_a_missing_required_file_is_an_error_not_a_pass(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host")
    (root / "run/docker.sock").unlink()
    results = scan(root, tmp_path / "run")
    sock = by_check(results)["docker.host.docker-sock.mode"][0]
    assert sock.status is Status.ERROR and "does not exist" in sock.message


def test_an_aws_scan_without_host_facts_is_not_evaluated() -> None:
    from checks.docker_host import live_restore
    from tests.builders import InventoryBuilder, run_check

    results = run_check(live_restore, InventoryBuilder())
    assert [r.status for r in results] == [Status.ERROR]
    assert "scan-host" in results[0].message


def test_audit_rules_parse_watches_and_skip_comments_and_never_rules() -> None:
    text = "\n".join(
        [
            "# -w /usr/bin/runc",
            "-a never,exit -F path=/usr/bin/containerd",
            "-a always,exit -F dir=/etc/docker/ -F perm=wa",
            "-w /usr/bin/dockerd -p r",
            "-w '/var/lib/docker' -k docker # trailing comment",
        ]
    )
    watches = [(w.path, w.permissions) for w in parse_rules(text, "x.rules")]
    assert watches == [("/etc/docker", "wa"), ("/usr/bin/dockerd", "r"), ("/var/lib/docker", "rwxa")]


def test_a_read_only_watch_does_not_audit_changes(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host")
    (root / "etc/audit/rules.d/docker.rules").write_text("-w /usr/bin/dockerd -p r -k docker\n")
    results = scan(root, tmp_path / "run")
    assert status_of(results, "docker.host.audit.dockerd") is Status.FAIL
    assert "only for 'r'" in by_check(results)["docker.host.audit.dockerd"][0].message


def test_mountinfo_compares_the_data_root_device_with_the_root_device() -> None:
    text = (
        "22 1 259:1 / / rw,relatime shared:1 - xfs /dev/nvme0n1p1 rw\n"
        "40 22 259:3 / /var/lib/docker rw,relatime shared:2 - xfs /dev/nvme1n1 rw\n"
    )
    found = _mountinfo(text, "/var/lib/docker")
    assert found["root_device"] == "259:1"
    assert found["data_root_mount"]["device"] == "259:3"


def test_symlinks_resolve_under_the_root(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host")
    files = HostFiles(root)
    assert files.locate("/var/run/docker.sock") == (root / "run/docker.sock").resolve()
    stat = files.stat("/var/run/docker.sock")
    assert stat is not None and f"{stat.mode:o}" == "660"


def test_host_name_is_required_when_the_tree_has_none(tmp_path: Path) -> None:
    root = good_host(tmp_path / "host")
    (root / "etc/hostname").unlink()
    assert main(["scan-host", "--root", str(root), "--out", str(tmp_path / "run"), "--no-pdf"]) == 2
    results = scan(root, tmp_path / "run2", host_name="named")
    assert results[0].account_id == "host:named"
    assert GOOD_DAEMON["icc"] is False
