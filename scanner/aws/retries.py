"""Retries that end: which failed attempts are worth another, how long to wait, and each dataset's deadline.

botocore's own retries are switched off (one attempt; adaptive mode keeps its client-side rate limiter,
which paces a throttled client's later requests, at worst one every 2 s) and replaced by one `needs-retry`
handler that decides by what failed:

* throttling: retried with exponential back-off and full jitter, up to `throttle_attempts` attempts and at
  most `throttle_wait` seconds of waiting for one call;
* a server error (HTTP 5xx with an AWS error, a dropped connection, a read timeout): at most
  `server_error_retries` more attempts;
* everything else, and anything a retry cannot change: never retried. That covers "not implemented", an
  unknown operation, an endpoint that does not resolve, refuses connections or cannot be reached within the
  connect timeout, and an endpoint that is not AWS answering HTTP 5xx without an AWS error document (a moto
  server lacking a service does exactly that).

Each (account, region, dataset) runs under a deadline (`dataset_timeout`): no request starts and no retry
waits past it, so a dataset that cannot finish gives ERROR "timed out after N s" and the scan moves on. Once
the scan is cancelled (Ctrl-C), no request starts and no retry is made either.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from typing import Any

from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from scanner.aws.classify import NOT_IMPLEMENTED_CODES, THROTTLE_CODES
from scanner.errors import CollectionCancelledError, DatasetTimeoutError

TRANSIENT_CODES = frozenset(
    {"InternalError", "InternalFailure", "ServiceUnavailable", "RequestTimeout", "RequestTimeoutException"}
)
BACKOFF_BASE = 0.5  # seconds; the first retry waits up to this, each further one up to twice as long
BACKOFF_CAP = 20.0  # no single wait is longer than this


class Failure(Enum):
    THROTTLED = "throttled"
    SERVER = "server error"
    FINAL = "final"


@dataclass(frozen=True)
class CallLimits:
    """How long the scanner keeps trying. The defaults suit a scheduled organization scan."""

    throttle_attempts: int = 8
    throttle_wait: float = 60.0
    server_error_retries: int = 2
    dataset_timeout: float = 600.0

    def __post_init__(self) -> None:
        if self.throttle_attempts < 1 or self.server_error_retries < 0:
            raise ValueError("throttle attempts must be at least 1 and server-error retries at least 0")
        if self.throttle_wait < 0 or self.dataset_timeout <= 0:
            raise ValueError("waits and timeouts must be positive")

    def describe(self) -> dict[str, float]:
        return {
            "throttle_attempts": self.throttle_attempts,
            "throttle_wait_seconds": self.throttle_wait,
            "server_error_retries": self.server_error_retries,
            "dataset_timeout_seconds": self.dataset_timeout,
        }


@dataclass(frozen=True)
class _Deadline:
    at: float
    seconds: float
    cancel: threading.Event | None = None  # set: the scan was interrupted


_deadline: ContextVar[_Deadline | None] = ContextVar("controlmap_dataset_deadline", default=None)


@contextlib.contextmanager
def dataset_deadline(
    seconds: float, clock: Callable[[], float] = time.monotonic, *, cancel: threading.Event | None = None
) -> Iterator[None]:
    """Run the body (one dataset's collection, in one thread) under a deadline `seconds` from now, and stop
    it at its next call once `cancel` is set."""
    token = _deadline.set(_Deadline(clock() + seconds, seconds, cancel))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_deadline(clock: Callable[[], float] = time.monotonic) -> None:
    """Raise DatasetTimeoutError when the current dataset's deadline has passed, CollectionCancelledError
    once the scan was cancelled (no-op outside a dataset)."""
    if _cancelled():
        raise CollectionCancelledError("collection was interrupted")
    deadline = _deadline.get()
    if deadline is not None and clock() >= deadline.at:
        raise DatasetTimeoutError(f"timed out after {deadline.seconds:g} s")


def _cancelled() -> bool:
    deadline = _deadline.get()
    return deadline is not None and deadline.cancel is not None and deadline.cancel.is_set()


def _remaining(clock: Callable[[], float]) -> float:
    deadline = _deadline.get()
    return float("inf") if deadline is None else deadline.at - clock()


def failure_of(response: Any, caught: BaseException | None, *, custom_endpoint: bool) -> Failure:
    """What kind of failure one attempt was, judged only by what came back."""
    if caught is not None:
        if isinstance(caught, EndpointConnectionError | ConnectTimeoutError):
            # A name that does not resolve, a refused connection, no connection within the connect timeout:
            # retrying will not change them, and no network then costs seconds, not minutes.
            return Failure.FINAL
        if isinstance(caught, ConnectionClosedError | ReadTimeoutError):
            return Failure.SERVER
        return Failure.FINAL
    if response is None:
        return Failure.FINAL
    http, parsed = response
    status = int(getattr(http, "status_code", 0) or 0)
    error = parsed.get("Error", {}) if isinstance(parsed, Mapping) else {}
    code = str(error.get("Code", ""))
    if code in THROTTLE_CODES or status == 429:
        return Failure.THROTTLED
    if status == 501 or code in NOT_IMPLEMENTED_CODES:
        return Failure.FINAL
    if code in TRANSIENT_CODES:
        return Failure.SERVER
    if status >= 500:
        # An endpoint that is not AWS (AWS_ENDPOINT_URL) answering 5xx without an AWS error code serves no
        # such operation; AWS itself names its errors, and a bare 5xx from it is worth a retry.
        return Failure.FINAL if custom_endpoint and code in ("", str(status)) else Failure.SERVER
    return Failure.FINAL


class RetryHandler:
    """The `needs-retry` handler for one client: returns seconds to wait before the next attempt, or None."""

    def __init__(
        self,
        limits: CallLimits,
        *,
        custom_endpoint: bool,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self.limits = limits
        self.custom_endpoint = custom_endpoint
        self._clock = clock
        self._jitter = jitter

    def __call__(
        self,
        *,
        attempts: int,
        response: Any = None,
        caught_exception: BaseException | None = None,
        request_dict: Mapping[str, Any] | None = None,
        **_: Any,
    ) -> float | None:
        failure = failure_of(response, caught_exception, custom_endpoint=self.custom_endpoint)
        if failure is Failure.FINAL or _cancelled():
            return None
        if failure is Failure.THROTTLED:
            allowed = self.limits.throttle_attempts
        else:
            allowed = self.limits.server_error_retries + 1
        if attempts >= allowed:
            return None
        delay = self._jitter(0.0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempts - 1)))
        context: dict[str, Any] = (request_dict or {}).get("context", {})
        waited = float(context.get("controlmap_waited", 0.0))
        if failure is Failure.THROTTLED and waited + delay > self.limits.throttle_wait:
            return None
        if delay >= _remaining(self._clock):
            return None
        context["controlmap_waited"] = waited + delay
        # botocore reads None and False as "do not retry"; a zero wait must still mean "retry".
        return max(delay, 0.001)


def deadline_guard(**_: Any) -> None:
    """`before-call` handler: no request starts once the current dataset's deadline has passed."""
    check_deadline()


def install(client: Any, limits: CallLimits, *, custom_endpoint: bool) -> None:
    """Put controlmap's retry decision and the dataset deadline on a client made with `botocore_retries`."""
    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register(
        f"needs-retry.{service}",
        RetryHandler(limits, custom_endpoint=custom_endpoint),
        unique_id=f"controlmap-retry-{service}",
    )
    client.meta.events.register("before-call", deadline_guard, unique_id="controlmap-deadline")


def botocore_retries() -> dict[str, Any]:
    """botocore's part: a single attempt each (controlmap's handler decides about more), in adaptive mode for
    its client-side rate limiter."""
    return {"mode": "adaptive", "total_max_attempts": 1}
