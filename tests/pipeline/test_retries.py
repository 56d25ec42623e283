"""Retries that end: what is retried how often, what never is, and each dataset's deadline.

The end-to-end cases send real requests through botocore to a small HTTP server on 127.0.0.1 that answers
every request the same way, and count how many requests arrived.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from scanner.aws.classify import classify
from scanner.aws.retries import (
    CallLimits,
    Failure,
    RetryHandler,
    check_deadline,
    dataset_deadline,
    failure_of,
)
from scanner.aws.sessions import guarded_client
from scanner.errors import DatasetTimeoutError, ReasonKind

STS_ERROR = (
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
    "<Code>{code}</Code><Message>simulated</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
)
FLASK_500 = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"


def answer(status: int, code: str = "") -> tuple[AWSResponse, dict[str, Any]]:
    parsed: dict[str, Any] = {"Error": {"Code": code or str(status), "Message": "x"}}
    return AWSResponse("http://127.0.0.1:1/", status, {}, None), parsed


@pytest.mark.parametrize(
    ("response", "caught", "custom", "expected"),
    [
        (answer(400, "Throttling"), None, False, Failure.THROTTLED),
        (answer(400, "ThrottlingException"), None, True, Failure.THROTTLED),
        (answer(429), None, False, Failure.THROTTLED),
        (answer(500, "InternalError"), None, False, Failure.SERVER),
        (answer(503, "ServiceUnavailable"), None, True, Failure.SERVER),
        (answer(500), None, False, Failure.SERVER),  # AWS's bare 5xx is worth a retry
        (answer(500), None, True, Failure.FINAL),  # a moto server lacking the service answers just so
        (answer(501), None, False, Failure.FINAL),
        (answer(400, "UnknownOperationException"), None, False, Failure.FINAL),
        (answer(404), None, True, Failure.FINAL),
        (answer(403, "AccessDenied"), None, False, Failure.FINAL),
        (None, EndpointConnectionError(endpoint_url="https://x.invalid"), False, Failure.FINAL),
        (None, ConnectionClosedError(endpoint_url="https://x"), False, Failure.SERVER),
        (None, ReadTimeoutError(endpoint_url="https://x"), False, Failure.SERVER),
    ],
)
def test_what_a_failed_attempt_is(response: Any, caught: Any, custom: bool, expected: Failure) -> None:
    assert failure_of(response, caught, custom_endpoint=custom) is expected


def _no_jitter(low: float, high: float) -> float:
    return high


def _throttled(handler: RetryHandler, attempts: tuple[int, ...]) -> list[float | None]:
    context: dict[str, Any] = {"context": {}}
    return [handler(attempts=n, response=answer(400, "Throttling"), request_dict=context) for n in attempts]


def test_throttling_is_retried_up_to_the_attempt_limit() -> None:
    handler = RetryHandler(CallLimits(throttle_attempts=4), custom_endpoint=False, jitter=_no_jitter)
    delays = _throttled(handler, (1, 2, 3, 4))
    assert delays == [0.5, 1.0, 2.0, None]


def test_throttling_stops_when_the_total_wait_would_pass_its_bound() -> None:
    handler = RetryHandler(CallLimits(throttle_wait=3.0), custom_endpoint=False, jitter=_no_jitter)
    delays = _throttled(handler, (1, 2, 3))
    assert delays == [0.5, 1.0, None]  # 0.5 + 1.0 + 2.0 would be 3.5 s


def test_server_errors_are_retried_a_small_number_of_times() -> None:
    handler = RetryHandler(CallLimits(server_error_retries=2), custom_endpoint=False, jitter=_no_jitter)
    delays = [handler(attempts=n, response=answer(500, "InternalError"), request_dict={}) for n in (1, 2, 3)]
    assert delays == [0.5, 1.0, None]


def test_no_retry_waits_past_the_dataset_deadline() -> None:
    handler = RetryHandler(CallLimits(), custom_endpoint=False, jitter=_no_jitter)
    with dataset_deadline(0.2):
        assert handler(attempts=1, response=answer(400, "Throttling"), request_dict={}) is None
    assert handler(attempts=1, response=answer(400, "Throttling"), request_dict={}) == 0.5


def test_the_deadline_is_per_dataset_and_reported_with_its_length() -> None:
    clock = iter([100.0, 100.0, 131.0]).__next__
    with dataset_deadline(30, clock=clock):
        check_deadline(clock)  # at 100 s: inside
        with pytest.raises(DatasetTimeoutError, match="timed out after 30 s") as raised:
            check_deadline(clock)  # at 131 s: past it
    check_deadline()  # outside any dataset: no deadline
    reason = classify(raised.value)
    assert reason.kind is ReasonKind.TIMEOUT and str(reason) == "timeout: timed out after 30 s"


class _Answering(BaseHTTPRequestHandler):
    status = 500
    body = ""
    requests = 0

    def do_POST(self) -> None:
        type(self).requests += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        payload = self.body.encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "text/xml" if payload.startswith(b"<Error") else "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Answering]]:
    handler = type("Handler", (_Answering,), {"requests": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{server.server_address[1]}")
    yield handler
    server.shutdown()


def _identity(limits: CallLimits, service: str = "sts") -> tuple[ClientError, float]:
    """Call a read (STS GetCallerIdentity, or KMS ListKeys: a JSON protocol) and time its failure."""
    session = boto3.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1")
    client = guarded_client(session, service, "us-east-1", limits=limits)
    started = time.monotonic()
    with pytest.raises(ClientError) as raised:
        client.get_caller_identity() if service == "sts" else client.list_keys()
    return raised.value, time.monotonic() - started


def test_an_aws_server_error_is_sent_at_most_one_plus_the_retries(endpoint: type[_Answering]) -> None:
    endpoint.status, endpoint.body = 500, STS_ERROR.format(code="InternalError")
    error, _ = _identity(CallLimits(server_error_retries=2))
    assert endpoint.requests == 3
    assert classify(error).kind is ReasonKind.ERROR


def test_an_endpoint_that_does_not_serve_the_operation_is_asked_once(endpoint: type[_Answering]) -> None:
    endpoint.status, endpoint.body = 500, FLASK_500
    error, elapsed = _identity(CallLimits(), "kms")
    assert endpoint.requests == 1 and elapsed < 2
    assert "HTTP 500 without an AWS error" in str(classify(error))


def test_an_answer_that_is_not_aws_is_not_retried(endpoint: type[_Answering]) -> None:
    """A query-protocol client cannot even parse an HTML page; that is no reason to ask again."""
    endpoint.status, endpoint.body = 502, FLASK_500
    session = boto3.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1")
    client = guarded_client(session, "sts", "us-east-1")
    with pytest.raises(Exception) as raised:
        client.get_caller_identity()
    assert endpoint.requests == 1
    reason = classify(raised.value)
    assert reason.kind is ReasonKind.ERROR and reason.detail.startswith("the answer is not an AWS response")
    assert "\n" not in reason.detail


def test_throttling_end_to_end_stops_at_the_attempt_limit(endpoint: type[_Answering]) -> None:
    endpoint.status, endpoint.body = 400, STS_ERROR.format(code="Throttling")
    error, elapsed = _identity(CallLimits(throttle_attempts=3))
    # Two back-off waits of at most 0.5 s and 1 s, and adaptive mode's pacing of a throttled client (at
    # worst one request every 2 s, botocore's minimum rate) before each of the two retries.
    assert endpoint.requests == 3 and elapsed < 0.5 + 1.0 + 2 * 2 + 1
    assert classify(error).kind is ReasonKind.THROTTLED


def test_no_request_starts_after_the_deadline(endpoint: type[_Answering]) -> None:
    endpoint.status, endpoint.body = 200, ""
    session = boto3.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1")
    client = guarded_client(session, "sts", "us-east-1")
    with dataset_deadline(0.0), pytest.raises(DatasetTimeoutError):
        client.get_caller_identity()
    assert endpoint.requests == 0


def test_limits_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="at least"):
        CallLimits(throttle_attempts=0)
    with pytest.raises(ValueError, match="positive"):
        CallLimits(dataset_timeout=0)
