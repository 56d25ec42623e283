"""A fault-injecting proxy on 127.0.0.1 in front of a moto server, for scans run as a separate process.

Each request is forwarded unchanged, or answered with an AWS-shaped fault (AccessDenied, throttling, 500, 503)
in the wire format its client expects. Whether a request is faulted depends on the seed, what the request is
(service, region, target or path, body) and how many times that same request was seen. Identical requests from
different accounts share that count, so thread timing can decide which of them a fault hits: the assertions
built on this proxy must hold for any pattern of faults, not only for one.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import random
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
REST_XML = frozenset({"s3", "route53", "cloudfront"})
FAULTS = (
    ("AccessDenied", 403),
    ("Throttling", 400),
    ("InternalError", 500),
    ("ServiceUnavailable", 503),
)


@dataclass
class FaultPlan:
    rate: float
    seed: int
    spared: frozenset[str] = frozenset()  # "service:Operation" never faulted (X-Amz-Target or Action)
    seen: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault_for(self, key: str) -> tuple[str, int] | None:
        if self.rate <= 0:
            return None
        with self.lock:
            self.seen[key] += 1
            attempt = self.seen[key]
        draw = random.Random(f"{self.seed}|{key}|{attempt}")
        if draw.random() >= self.rate:
            return None
        code, status = draw.choice(FAULTS)
        with self.lock:
            self.injected[code] += 1
        return code, status


def _operation(headers: dict[str, str], body: bytes) -> str:
    target = headers.get("x-amz-target", "")
    if target:
        return target.rsplit(".", 1)[-1]
    match = re.search(rb"(?:^|&)Action=([A-Za-z0-9]+)", body)
    return match.group(1).decode() if match else ""


_JSON_CODES = {"AccessDenied": "AccessDeniedException", "Throttling": "ThrottlingException"}


def _fault_body(
    service: str, headers: dict[str, str], body: bytes, code: str
) -> tuple[bytes, dict[str, str]]:
    """The error document the client's protocol parses: JSON with x-amzn-ErrorType, or XML."""
    json_protocol = "x-amz-target" in headers or (
        service not in REST_XML and b"Action=" not in body and service != "ec2"
    )
    if json_protocol:
        name = _JSON_CODES.get(code, code)
        document = json.dumps({"__type": name, "message": "injected fault"}).encode()
        return document, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": name}
    if service == "ec2":
        document = (
            f"<Response><Errors><Error><Code>{code}</Code><Message>injected fault</Message></Error></Errors>"
            "<RequestID>fault</RequestID></Response>"
        )
    elif service in REST_XML:
        document = (
            f"<Error><Code>{code}</Code><Message>injected fault</Message><RequestId>f</RequestId></Error>"
        )
    else:
        document = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected fault</Message>"
            "</Error><RequestId>fault</RequestId></ErrorResponse>"
        )
    return document.encode(), {"Content-Type": "text/xml"}


def _handler(upstream: str, plan: FaultPlan) -> type[BaseHTTPRequestHandler]:
    target = urlsplit(upstream)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            scope = _SCOPE.search(headers.get("authorization", ""))
            region, service = (scope.group(1), scope.group(2)) if scope else ("", "")
            operation = _operation(headers, body)
            key = "|".join(
                (service, region, self.command, self.path, operation, hashlib.sha256(body).hexdigest())
            )
            fault = None if f"{service}:{operation}" in plan.spared else plan.fault_for(key)
            if fault is not None:
                document, extra = _fault_body(service, headers, body, fault[0])
                self._answer(fault[1], extra, document)
                return
            connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=60)
            try:
                connection.request(
                    self.command, self.path, body=body or None, headers=dict(self.headers.items())
                )
                response = connection.getresponse()
                payload = response.read()
                passed = {k: v for k, v in response.getheaders() if k.lower() not in _HOP}
                self._answer(response.status, passed, payload)
            finally:
                connection.close()

        def _answer(self, status: int, headers: dict[str, str], payload: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _relay  # noqa: N815 - http.server names them so

        def log_message(self, *args: object) -> None:
            pass

    return Proxy


_HOP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "server", "date"})


@contextmanager
def fault_proxy(upstream: str, plan: FaultPlan) -> Iterator[str]:
    """Serve the proxy on 127.0.0.1 for the duration of the block; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream, plan))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
