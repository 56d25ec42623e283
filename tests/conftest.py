"""Shared fixtures. An autouse guard fails any test whose code tries to connect off this machine."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
    """One run of the built-in demo (no PDF) for the whole session: a simulated organization is the slowest
    thing the suite builds. Read it as it is; a test that changes a run works on `copy_of_demo`."""
    from scanner.cli.main import main

    out = tmp_path_factory.mktemp("demo-session") / "run"
    assert main(["demo", "--out", str(out), "--no-pdf"]) == 0
    return out


def copy_of_demo(demo_run_dir: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the session's demo run, for a module that re-renders, exports or tampers with it."""
    out = tmp_path_factory.mktemp(name) / "run"
    shutil.copytree(demo_run_dir, out)
    return out
