"""First contact with AWS as a user meets it, the CLI running as its own process: a missing, unknown,
rejected or unreachable account, or a misspelt region, gives one or two lines that say what is wrong and
what to do (exit 2, quickly, no traceback); an unexpected crash gives one line and the path of a log file
holding the traceback.

Nothing here leaves the machine: every endpoint is on 127.0.0.1 (a stub STS or a closed port), instance
metadata is off, and each child process refuses (and records) any connection or name lookup off loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from scanner.aws.preflight import is_known_region, suggest_region

REPO = Path(__file__).resolve().parents[2]
LIMIT_SECONDS = 15
EXIT_ERROR = 2
EXIT_CRASH = 1

# Loaded by every child Python (PYTHONPATH): connections and lookups beyond loopback are refused and written
# to $CONTROLMAP_TEST_LEAKS, so a test fails even if the refusal is swallowed somewhere.
GUARD = """
import ipaddress, os, socket

_LOCAL = {"localhost", "localhost.localdomain", "ip6-localhost"}
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _local(host):
    if isinstance(host, bytes):
        host = host.decode()
    if host is None or host in _LOCAL:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse(what):
    with open(os.environ["CONTROLMAP_TEST_LEAKS"], "a") as log:
        log.write(what + "\\n")
    raise OSError(f"test guard refused {what}")


def connect(self, address):
    if isinstance(address, tuple) and not _local(address[0]):
        _refuse(f"connect {address!r}")
    return _connect(self, address)


def connect_ex(self, address):
    if isinstance(address, tuple) and not _local(address[0]):
        _refuse(f"connect {address!r}")
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if not _local(host):
        _refuse(f"resolve {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
"""

SOURCE_AND_ROLE_PROFILES = """\
[profile source]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
region = us-east-1

[profile auditor]
role_arn = arn:aws:iam::123456789012:role/ControlmapAudit
source_profile = source
region = us-east-1
"""

STATIC_KEYS = {
    "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    leaks: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


@dataclass
class World:
    """A controlled user environment under tmp_path: empty AWS config files, no AWS_* variables."""

    home: Path
    config: Path
    credentials: Path
    logs: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(self, *args: str, code: str | None = None) -> Finished:
        command = (
            [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "scanner.cli", *args]
        )
        leaks = self.home / "leaks.txt"
        start = time.monotonic()
        done = subprocess.run(
            command, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=90, check=False
        )
        seconds = time.monotonic() - start
        return Finished(
            done.returncode, done.stdout, done.stderr, seconds, leaks.read_text() if leaks.exists() else ""
        )


@pytest.fixture
def world(tmp_path: Path) -> World:
    home = tmp_path / "home"
    guard = tmp_path / "guard"
    home.mkdir()
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    config, credentials = home / "aws-config", home / "aws-credentials"
    config.write_text("")
    credentials.write_text("")
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k.lower() not in proxies}
    env.update(
        HOME=str(home),
        PYTHONPATH=str(guard),
        AWS_CONFIG_FILE=str(config),
        AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_EC2_METADATA_DISABLED="true",
        NO_PROXY="127.0.0.1,localhost",
        CONTROLMAP_LOG_DIR=str(tmp_path / "logs"),
        CONTROLMAP_HISTORY=str(tmp_path / "history.sqlite"),
        CONTROLMAP_TEST_LEAKS=str(home / "leaks.txt"),
    )
    return World(home, config, credentials, tmp_path / "logs", env)


def _scan(world: World, *args: str) -> tuple[Finished, Path]:
    out = world.home / "run"
    return world.run("scan", "--out", str(out), "--no-pdf", *args), out


def _assert_first_contact_error(done: Finished, *needles: str) -> None:
    """Exit 2 within the time limit, one or two lines on stderr naming the problem, no traceback."""
    assert not done.leaks, f"the CLI tried to leave the machine: {done.leaks}"
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    assert done.returncode == EXIT_ERROR, done.stderr[-2000:]
    assert 1 <= len(done.lines) <= 2, done.stderr
    assert done.lines[0].startswith("controlmap: "), done.stderr
    assert done.seconds < LIMIT_SECONDS, f"took {done.seconds:.1f} s"
    for needle in needles:
        assert needle in done.stderr, f"{needle!r} not in {done.stderr!r}"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StubSts:
    """An STS on 127.0.0.1 that answers each action with a query-protocol error, and remembers the actions."""

    errors: dict[str, tuple[int, str, str]]
    actions: list[str] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def stub_sts() -> Iterator[StubSts]:
    stub = StubSts({})

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            action = parse_qs(body).get("Action", [""])[0]
            stub.actions.append(action)
            status, code, message = stub.errors.get(action, (400, "InvalidAction", f"stub: no {action}"))
            answer = (
                "<ErrorResponse><Error><Type>Sender</Type>"
                f"<Code>{code}</Code><Message>{message}</Message></Error>"
                "<RequestId>1</RequestId></ErrorResponse>"
            ).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A server that accepts connections and never answers (a hung proxy or firewall)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        accepted: list[socket.socket] = []
        stop = threading.Event()

        def accept() -> None:
            server.settimeout(0.2)
            while not stop.is_set():
                try:
                    accepted.append(server.accept()[0])
                except OSError:
                    continue

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()


def test_no_credentials(world: World) -> None:
    world.env.update(AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=f"http://127.0.0.1:{_closed_port()}")
    done, out = _scan(world)
    _assert_first_contact_error(done, "no AWS credentials", "aws configure")
    assert not out.exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_unknown_profile(world: World, how: str) -> None:
    world.config.write_text("[profile audit]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n")
    world.env["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{_closed_port()}"
    if how == "option":
        done, out = _scan(world, "--profile", "audti")
    else:
        world.env["AWS_PROFILE"] = "audti"
        done, out = _scan(world)
    _assert_first_contact_error(done, "'audti'", "audit, dev")
    assert ("AWS_PROFILE" in done.stderr) is (how == "environment")
    assert not out.exists()


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("InvalidClientTokenId", "rejected"),
        ("SignatureDoesNotMatch", "rejected"),
        ("ExpiredToken", "expired"),
    ],
)
def test_rejected_credentials(world: World, stub_sts: StubSts, code: str, needle: str) -> None:
    stub_sts.errors["GetCallerIdentity"] = (403, code, "The security token included in the request is bad")
    world.env.update(STATIC_KEYS, AWS_SESSION_TOKEN="token", AWS_ENDPOINT_URL=stub_sts.url)
    done, out = _scan(world)
    _assert_first_contact_error(done, needle, code, "AWS_ACCESS_KEY_ID")
    assert stub_sts.actions == ["GetCallerIdentity"]  # once: no retries
    assert not out.exists()


def test_role_that_cannot_be_assumed(world: World, stub_sts: StubSts) -> None:
    stub_sts.errors["AssumeRole"] = (403, "AccessDenied", "User: source may not AssumeRole")
    world.config.write_text(SOURCE_AND_ROLE_PROFILES)
    world.env["AWS_ENDPOINT_URL"] = stub_sts.url  # the assume-role provider's STS client honours it too
    done, out = _scan(world, "--profile", "auditor")
    _assert_first_contact_error(
        done, "arn:aws:iam::123456789012:role/ControlmapAudit", "'auditor'", "AccessDenied", "trust policy"
    )
    assert stub_sts.actions == ["AssumeRole"]
    assert not out.exists()


def test_no_network(world: World) -> None:
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    world.env.update(STATIC_KEYS, AWS_ENDPOINT_URL=endpoint)
    done, out = _scan(world)
    _assert_first_contact_error(done, f"cannot reach AWS at {endpoint}", "AWS_ENDPOINT_URL")
    assert not out.exists()


def test_no_network_while_assuming_a_role(world: World) -> None:
    endpoint = f"http://127.0.0.1:{_closed_port()}"
    world.config.write_text(SOURCE_AND_ROLE_PROFILES)
    world.env["AWS_ENDPOINT_URL"] = endpoint
    done, out = _scan(world, "--profile", "auditor")
    _assert_first_contact_error(done, f"cannot reach AWS at {endpoint}")
    assert not out.exists()


def test_endpoint_that_never_answers(world: World, silent_endpoint: str) -> None:
    world.env.update(STATIC_KEYS, AWS_ENDPOINT_URL=silent_endpoint)
    done, out = _scan(world)
    _assert_first_contact_error(done, silent_endpoint, "did not answer")
    assert not out.exists()


def test_misspelt_region_option(world: World) -> None:
    world.env.update(STATIC_KEYS, AWS_ENDPOINT_URL=f"http://127.0.0.1:{_closed_port()}")
    done, out = _scan(world, "--regions", "us-east-1,us-eats-1")
    _assert_first_contact_error(done, "'us-eats-1'", "--regions", "did you mean us-east-1?")
    assert not out.exists()


def test_misspelt_region_in_the_environment(world: World) -> None:
    world.env.update(
        STATIC_KEYS, AWS_DEFAULT_REGION="us-eats-1", AWS_ENDPOINT_URL=f"http://127.0.0.1:{_closed_port()}"
    )
    done, out = _scan(world)
    _assert_first_contact_error(done, "'us-eats-1'", "AWS_DEFAULT_REGION", "did you mean us-east-1?")
    assert not out.exists()


def test_misspelt_region_in_the_profile(world: World) -> None:
    world.config.write_text(SOURCE_AND_ROLE_PROFILES.replace("region = us-east-1", "region = eu-wset-1", 1))
    world.env["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{_closed_port()}"
    done, out = _scan(world, "--profile", "source")
    _assert_first_contact_error(done, "'eu-wset-1'", "profile 'source'", "did you mean eu-west-1?")
    assert not out.exists()


def test_region_names_known_and_new() -> None:
    assert is_known_region("us-east-1")
    assert is_known_region("eusc-de-east-1")
    assert is_known_region("us-gov-west-1")
    assert is_known_region("xy-southwest-9")  # a region botocore does not know yet, with the right shape
    assert not is_known_region("us-eats-1")
    assert not is_known_region("us-east-1a")  # an availability zone
    assert not is_known_region("US-EAST-1")
    assert suggest_region("us-eats-1") == "us-east-1"
    assert suggest_region("eu-wset-1") == "eu-west-1"


@pytest.mark.parametrize(
    "args",
    [
        ("kms-public-key", "alias/evidence", "--out", "key.pem"),
        ("history", "--s3", "s3://bucket/runs/"),
    ],
)
def test_other_aws_commands_without_credentials(world: World, args: tuple[str, ...]) -> None:
    world.env.update(AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=f"http://127.0.0.1:{_closed_port()}")
    done = world.run(*args)
    _assert_first_contact_error(done, "no AWS credentials")


CRASH = """
import sys
import scanner.report.build

def crash(*args, **kwargs):
    raise {error}

scanner.report.build.report_run = crash
from scanner.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_unexpected_error_prints_one_line_and_the_log_path(world: World) -> None:
    code = CRASH.format(error='RuntimeError("the disk is on fire\\nsecond line of the message")')
    done = world.run("report", "--from", str(world.home), code=code)
    assert done.returncode == EXIT_CRASH, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert len(done.lines) == 1, done.stderr
    line = done.lines[0]
    assert line.startswith("controlmap: unexpected error: RuntimeError: the disk is on fire (traceback in ")
    logs = list(world.logs.glob("*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    logged = logs[0].read_text()
    assert "second line" not in done.stderr  # a multi-line message is cut to its first line
    assert "Traceback" in logged and "second line of the message" in logged


def test_an_interrupt_still_exits_130(world: World) -> None:
    done = world.run("report", "--from", str(world.home), code=CRASH.format(error="KeyboardInterrupt()"))
    assert done.returncode == 130
    assert done.lines == ["controlmap: interrupted"]
    assert not world.logs.exists()


def test_a_working_account_passes_with_one_guarded_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """In process, against moto: the check passes, its one STS client was behind the read-only guard, and
    the session's clients get their usual settings back (the one-attempt config is only for the check)."""
    from moto import mock_aws

    from scanner.aws import preflight

    guarded: list[str] = []

    def guard(client: Any) -> None:
        guarded.append(client.meta.service_model.service_name)
        real_guard(client)

    real_guard = preflight.guard_client
    monkeypatch.setattr(preflight, "guard_client", guard)
    with mock_aws():
        session = preflight.checked_session(regions=("us-east-1", "eu-west-1"))
    assert guarded == ["sts"]
    assert session.region_name == "us-east-1"
    assert session._session.get_default_client_config() is None
