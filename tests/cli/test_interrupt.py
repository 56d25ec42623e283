"""Ctrl-C during a slow scan: queued work is dropped, running calls are abandoned, the process exits 130
within seconds with one line, and the run never reaches its manifest. The CLI runs as a separate process
against a local server that answers GetCallerIdentity at once and every other request after two seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from scanner.aws.collect import run_all
from scanner.aws.retries import check_deadline, dataset_deadline
from scanner.errors import CollectionCancelledError
from tests.cli.test_first_contact import GUARD

REPO = Path(__file__).resolve().parents[2]
SLOW_SECONDS = 2.0
EXIT_WITHIN = 10.0
IDENTITY = (
    b"<GetCallerIdentityResponse><GetCallerIdentityResult>"
    b"<Arn>arn:aws:iam::123456789012:user/t</Arn><UserId>AIDA</UserId><Account>123456789012</Account>"
    b"</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
    b"</GetCallerIdentityResponse>"
)


@dataclass
class SlowAws:
    url: str = ""
    slow: list[tuple[float, str]] = field(default_factory=list)  # (arrival, what) of every slow request
    lock: threading.Lock = field(default_factory=threading.Lock)

    def slow_since(self, moment: float) -> list[str]:
        with self.lock:
            return [what for arrived, what in self.slow if arrived >= moment]


@pytest.fixture
def slow_aws() -> Iterator[SlowAws]:
    state = SlowAws()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
            action = parse_qs(body.decode("utf-8", "replace")).get("Action", [""])[0]
            if action == "GetCallerIdentity":
                self._send(200, IDENTITY)
                return
            what = f"{self.command} {self.path} {action or self.headers.get('X-Amz-Target', '')}"
            with state.lock:
                state.slow.append((time.monotonic(), what))
            time.sleep(SLOW_SECONDS)
            self._send(500, b"")  # a bare 500 from a non-AWS endpoint: never retried, so one call = 2 s

        def _send(self, status: int, payload: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the client went away (it was interrupted): nothing to answer
                pass

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, *_: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, *_: object) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _environment(tmp_path: Path, endpoint: str) -> dict[str, str]:
    home, guard = tmp_path / "home", tmp_path / "guard"
    home.mkdir()
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    (home / "aws-config").write_text("")
    (home / "aws-credentials").write_text("")
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k.lower() not in proxies}
    env.update(
        HOME=str(home),
        PYTHONPATH=str(guard),
        AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(home / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ENDPOINT_URL=endpoint,
        NO_PROXY="127.0.0.1,localhost",
        CONTROLMAP_LOG_DIR=str(tmp_path / "logs"),
        CONTROLMAP_HISTORY=str(tmp_path / "history.sqlite"),
        CONTROLMAP_TEST_LEAKS=str(home / "leaks.txt"),
    )
    return env


@pytest.mark.skipif(
    signal.getsignal(signal.SIGINT) is signal.SIG_IGN, reason="SIGINT is ignored here, and so in the child"
)
def test_ctrl_c_during_collection_exits_130_within_seconds_with_one_line(
    tmp_path: Path, slow_aws: SlowAws
) -> None:
    out = tmp_path / "run"
    command = [sys.executable, "-m", "scanner.cli", "scan", "--out", str(out), "--regions", "us-east-1"]
    child = subprocess.Popen(
        [*command, "--no-pdf", "--workers", "4"],
        cwd=REPO,
        env=_environment(tmp_path, slow_aws.url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Collection has started once the slow requests go beyond the region listing (DescribeRegions).
        deadline = time.monotonic() + 60
        while len([w for w in slow_aws.slow_since(0) if "DescribeRegions" not in w]) < 4:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "collection never started"
            time.sleep(0.05)
        time.sleep(0.5)
        interrupted = time.monotonic()
        child.send_signal(signal.SIGINT)
        try:
            stdout, stderr = child.communicate(timeout=EXIT_WITHIN + 20)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running {EXIT_WITHIN + 20:g} s after Ctrl-C")
        seconds = time.monotonic() - interrupted
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert "Traceback" not in stdout + stderr, stderr[-3000:]
    assert child.returncode == 130, stderr[-3000:]
    assert seconds < EXIT_WITHIN, f"exited {seconds:.1f} s after Ctrl-C"
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("controlmap: interrupted"), stderr
    # No request starts once the interrupt is handled (a call already in flight may still arrive a moment
    # later), the run never reaches its manifest, and nothing was logged as a crash.
    assert slow_aws.slow_since(interrupted + 1.0) == []
    assert not (out / "manifest.json").exists()
    assert not (tmp_path / "logs").exists()
    assert not (tmp_path / "home" / "leaks.txt").exists()


def test_run_all_drops_queued_jobs_and_cancels_running_ones_when_interrupted() -> None:
    """In process: an interrupt while waiting sets the cancel event at once and starts nothing more."""
    started: list[int] = []

    def job(number: int) -> Callable[[threading.Event], int]:
        def run(cancel: threading.Event) -> int:
            started.append(number)
            if number > 0:
                cancel.wait(30)  # a slow call: returns once the scan is cancelled
            return number

        return run

    def interrupt(_: int) -> None:
        raise KeyboardInterrupt

    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_all([job(n) for n in range(50)], 2, interrupt)
    assert time.monotonic() - began < 5
    time.sleep(0.3)
    assert len(started) <= 3  # job 0, then one running job per worker; the 47 queued ones never start


def test_run_all_returns_results_in_job_order() -> None:
    jobs = [lambda _cancel, n=n: n * n for n in range(20)]
    assert run_all(jobs, 4) == [n * n for n in range(20)]


def test_a_cancelled_collector_makes_no_further_call() -> None:
    cancel = threading.Event()
    with dataset_deadline(600, cancel=cancel):
        check_deadline()
        cancel.set()
        with pytest.raises(CollectionCancelledError):
            check_deadline()
