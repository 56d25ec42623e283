"""Shared fixtures. An autouse guard fails any test whose code tries to connect off this machine. Under xdist,
the order in which modules are handed to the workers (see SLOWEST_MODULES)."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from xdist.remote import Producer
    from xdist.workermanage import WorkerController

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkLeakError(AssertionError):
    """A test tried to reach the network beyond loopback (real AWS, the internet)."""


def _is_local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def network_attempts() -> Iterator[list[str]]:
    """Refuse connect() to anything but loopback and DNS for anything but local names; remember each try.

    Session-scoped so it also guards module- and session-scoped fixtures (the demo run, the moto server).
    The list matters: code under test may catch the refusal (the scanner turns any collection failure into
    an ERROR result), so `no_network` fails the test afterwards whatever happened to the exception.
    """
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            attempts.append(f"connect {address!r}")
            raise NetworkLeakError(f"test tried to connect to {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            attempts.append(f"connect {address!r}")
            raise NetworkLeakError(f"test tried to connect to {address!r}")
        return real_connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and not _is_local((name,)):
            attempts.append(f"resolve {name!r}")
            raise NetworkLeakError(f"test tried to resolve {name!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded_connect)
        patch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        patch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
        yield attempts


@pytest.fixture(autouse=True)
def no_network(network_attempts: list[str], request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test during which something tried to leave the machine, even if the error was swallowed."""
    before = len(network_attempts)
    yield
    leaked = network_attempts[before:]
    if leaked and not request.node.get_closest_marker("expects_network_attempt"):
        del network_attempts[before:]
        pytest.fail(f"test tried to reach the network: {', '.join(leaked[:3])}", pytrace=False)
    del network_attempts[before:]


@pytest.fixture(autouse=True, scope="session")
def fake_aws_credentials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never see real credentials, profiles or endpoints from the developer's environment, and never
    write the developer's run history (subprocesses inherit this environment too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONTROLMAP_HISTORY", str(tmp_path_factory.mktemp("history") / "history.sqlite"))
        for name in list(os.environ):
            if name.startswith("AWS_"):
                patch.delenv(name, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_SESSION_TOKEN", "testing")
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        yield


@pytest.fixture(scope="session")
def demo_run_dir(tmp_path_factory: pytest.TempPathFactory, fake_aws_credentials: None) -> Path:
    """One run of the built-in demo (no PDF, no packs: the tests of packs render their own) for the whole
    session: a simulated organization is the slowest thing the suite builds. Read it as it is; a test that
    changes a run works on `copy_of_demo`."""
    from scanner.cli.main import main

    out = tmp_path_factory.mktemp("demo-session") / "run"
    assert main(["demo", "--out", str(out), "--no-pdf", "--pack-by", "none"]) == 0
    return out


def copy_of_demo(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the session's demo run, for a module that re-renders, exports or tampers with it."""
    out = tmp_path_factory.mktemp(name) / "run"
    shutil.copytree(demo_run_dir, out)
    return out


# -- the order of modules under xdist ------------------------------------------------------------------------
#
# CI runs `--dist loadscope`: each module goes whole to one worker, and xdist hands out the modules with the
# most tests first. The slowest modules have few tests (each builds and scans a simulated organization), so
# they would come last and one worker would finish long after the other. Instead they go first, slowest first
# (quiet-machine seconds in the comments); and the modules reading one session fixture that builds the seeded
# organization go to the worker that built it, so that it is built once. Any module missing here is still
# run, in xdist's order; a reader missing from SHARED_BY is run where it lands and builds the fixture there.

SLOWEST_MODULES = (
    "tests/e2e/test_demo.py",  # 95: the session demo run (40) and its PDF (40)
    "tests/pipeline/test_shard_merge.py",  # 55: the seeded organization's runs (45)
    "tests/e2e/test_moto_server_scan.py",  # 50
    "tests/e2e/test_fault_injection.py",  # 30
    "tests/cli/test_first_contact.py",  # 26
    "tests/e2e/test_bare_moto_server.py",  # 24
    "tests/pipeline/test_org_read_faults.py",  # 24
    "tests/pipeline/test_guard_and_errors.py",  # 16
    "tests/pipeline/test_kms_signing.py",  # 11
    "tests/e2e/test_report_browser.py",  # 9
)
SHARED_BY = {  # session fixture -> the modules that use it
    "demo_run_dir": frozenset(
        {
            "tests/contract/test_collectors_declare_calls.py",
            "tests/demo/test_moto_left_as_found.py",
            "tests/e2e/test_demo.py",
            "tests/e2e/test_demo_inheritance.py",
            "tests/e2e/test_report_browser.py",
            "tests/pipeline/test_history_diff.py",
            "tests/pipeline/test_runrecord.py",
            "tests/pipeline/test_standard_exports.py",
            "tests/report/test_inheritance_map.py",
            "tests/report/test_packs.py",
            "tests/report/test_pdf_layout.py",
            "tests/report/test_registers.py",
        }
    ),
    "seeded_runs": frozenset(  # tests/pipeline/conftest.py
        {
            "tests/pipeline/test_scan_from_security_account.py",
            "tests/pipeline/test_shard_merge.py",
        }
    ),
}


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> Any:
    if config.getvalue("dist") != "loadscope":
        return None  # xdist's own choice
    from xdist.scheduler import LoadScopeScheduling

    class SlowestFirst(LoadScopeScheduling):
        """loadscope, handing out SLOWEST_MODULES first and each fixture's SHARED_BY modules to one worker."""

        def __init__(self, config: pytest.Config, log: Producer) -> None:
            super().__init__(config, log)
            self.builder: dict[str, WorkerController] = {}  # fixture -> the worker that took its first user

        def _assign_work_unit(self, node: WorkerController) -> None:
            scope = min(self.workqueue, key=lambda s: self._rank(s, node))  # ties: xdist's order
            for fixture, modules in SHARED_BY.items():
                if scope in modules:
                    self.builder.setdefault(fixture, node)
            self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

        def _rank(self, scope: str, node: WorkerController) -> tuple[int, int]:
            """First the modules sharing a fixture this worker has built, last those another worker has
            built (only when nothing else is left); then the slowest modules first."""
            builders = {self.builder.get(f) for f, modules in SHARED_BY.items() if scope in modules} - {None}
            group = 1 if not builders else 0 if node in builders else 2
            slow = SLOWEST_MODULES.index(scope) if scope in SLOWEST_MODULES else len(SLOWEST_MODULES)
            return group, slow

    return SlowestFirst(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Say so when a module uses a fixture of SHARED_BY without being listed there."""
    for fixture, listed in SHARED_BY.items():
        users = {i.nodeid.split("::")[0] for i in items if fixture in getattr(i, "fixturenames", ())}
        for module in sorted(users - listed):
            warnings.warn(
                f"{module} uses {fixture}: add it to SHARED_BY in tests/conftest.py, so that it runs on "
                "the xdist worker that built the fixture",
                stacklevel=1,
            )
