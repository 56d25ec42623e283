"""Evidence capture: a botocore hook stores every API response as redacted canonical JSON named by SHA-256."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

REDACTED = "[REDACTED]"

# Keys whose values are secrets wherever they appear (compared case-insensitively). Names such as
# PasswordLastUsed or MinimumPasswordLength are metadata and are deliberately not listed.
SECRET_KEYS = frozenset(
    {
        "password",
        "encrypted_password",
        "masteruserpassword",
        "secretaccesskey",
        "sessiontoken",
        "secretstring",
        "secretbinary",
        "privatekey",
        "plaintext",
        "clientsecret",
        "authtoken",
        "authorizationtoken",
        "kerberos_keytab",
        "passworddata",
        # Site-to-Site VPN: DescribeVpnConnections returns each tunnel's PreSharedKey and the customer gateway
        # configuration document, which embeds the same keys.
        "presharedkey",
        "customergatewayconfiguration",
    }
)


# Variable names that suggest a secret when they label a value: ECS container environment entries
# ({"name": ..., "value": ...}), Lambda environment variables, Glue job arguments and the like.
SECRET_NAME = re.compile(
    r"(pass(word|wd|phrase)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)", re.I
)
# Maps whose keys are variable names chosen by the resource owner.
VARIABLE_MAPS = frozenset({"variables", "defaultarguments", "arguments", "environmentvariables"})


def redact(value: Any, *, names_are_variables: bool = False) -> Any:
    """Return a copy with secrets replaced by a marker: values of secret-named keys, values of name/value
    pairs whose name looks secret, and secret-looking entries of environment-variable maps."""
    if isinstance(value, dict):
        pair_name = value.get("name", value.get("Name"))
        if (
            isinstance(pair_name, str)
            and SECRET_NAME.search(pair_name)
            and ({"value", "Value"} & value.keys())
        ):
            return {k: (REDACTED if k in ("value", "Value") else v) for k, v in value.items()}
        redacted: dict[Any, Any] = {}
        for key, item in value.items():
            name = str(key)
            if name.lower() in SECRET_KEYS or (names_are_variables and SECRET_NAME.search(name)):
                redacted[key] = REDACTED
            else:
                redacted[key] = redact(item, names_are_variables=name.lower() in VARIABLE_MAPS)
        return redacted
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return str(value)


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no whitespace, datetimes as ISO 8601, bytes as base64."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_encode
    ).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class EvidenceStore:
    """Content-addressed store: evidence/<sha256>.json, written once, safe across threads."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._known: set[str] = set()

    def put(self, record: Any) -> str:
        """Store a record (secrets redacted first: nothing reaches disk unredacted) and return its digest."""
        data = canonical_json(redact(record))
        digest = sha256_hex(data)
        with self._lock:
            if digest not in self._known:
                self.directory.mkdir(parents=True, exist_ok=True)
                (self.directory / f"{digest}.json").write_bytes(data)
                self._known.add(digest)
        return digest

    def get(self, digest: str) -> Any:
        return json.loads((self.directory / f"{digest}.json").read_bytes())

    def __len__(self) -> int:
        return len(self._known)


class Recorder:
    """botocore event handlers that store each API exchange and tell the calling thread its digest.

    One Recorder per run. Digests go to the innermost capture opened on the current thread, so a collector
    can tell which responses built which resource without touching the evidence itself.
    """

    def __init__(self, store: EvidenceStore) -> None:
        self.store = store
        self._local = threading.local()
        self._count_lock = threading.Lock()
        self.calls = 0

    def attach(self, client: Any, account_id: str) -> None:
        events = client.meta.events
        events.register("provide-client-params", self._remember_params)
        events.register("after-call", lambda **kw: self._store_response(account_id, client, **kw))

    @contextmanager
    def capture(self) -> Iterator[list[str]]:
        stack: list[list[str]] = self._stack()
        sink: list[str] = []
        stack.append(sink)
        try:
            yield sink
        finally:
            stack.pop()

    def _stack(self) -> list[list[str]]:
        stack: list[list[str]] | None = getattr(self._local, "stack", None)
        if stack is None:
            stack = []
            self._local.stack = stack
        return stack

    @staticmethod
    def _remember_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["controlmap_params"] = dict(params)

    def _store_response(
        self,
        account_id: str,
        client: Any,
        parsed: dict[str, Any],
        model: Any,
        context: dict[str, Any],
        **_: Any,
    ) -> None:
        response = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        record = {
            "service": client.meta.service_model.service_name,
            "operation": model.name,
            "account_id": account_id,
            "region": client.meta.region_name,
            "request": context.get("controlmap_params", {}),
            "response": response,
        }
        digest = self.store.put(record)
        with self._count_lock:
            self.calls += 1
        for sink in self._stack():
            sink.append(digest)
