"""Evidence capture: a botocore hook stores every API response as redacted canonical JSON named by SHA-256.

An evidence file (schema 2) holds the exchange (service, operation, region, request, response) and where it
came from: `account_id` (the account the call was made in), `caller_arn` (the identity that made it: the
scan's own, or the role it assumed there), `run_id` and `collected_at` (when the answer arrived, UTC).
Files written before schema 2 have no `schema_version`, `run_id`, `collected_at` or `caller_arn`, and name
the scan's own account "caller"; they are read as they are (nothing parses them to verify or re-evaluate).

Each file is named by the SHA-256 of its content, so two identical answers share a file only when they
arrived in the same account, region, run and millisecond: the same response in two accounts, two runs or at
two times is a separate fact with its own file (as it was for two accounts before schema 2)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from scanner import atomicfile

REDACTED = "[REDACTED]"
EVIDENCE_SCHEMA_VERSION = 2

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


# Credentials inside values, whatever key or variable name holds them (redact_text). Each pattern keeps what
# is not secret (scheme, user, host, database of a connection string; the key of a key=value pair) readable.
_CREDENTIAL_KEY = (
    r"(?:pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|"
    r"(?:api|access|account|secret|private|shared[_.-]?access)[_.-]?key)"
)
# -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY----- (PKCS#1/#8, EC, OpenSSH, PGP): the body
# goes, also when the END line was cut off.
_PRIVATE_KEY = re.compile(
    r"(?P<begin>-----BEGIN (?P<kind>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----)"
    r"(?:(?!-----END ).)*(?:(?P<end>-----END (?P=kind)-----)|$)",
    re.S,
)
# scheme://user:password@host (postgres, mysql, mongodb+srv, redis, amqp, https, jdbc:...//): the password
# goes, up to the last "@" before the path, so an unencoded "@" in it does not leave a tail behind.
_URL_PASSWORD = re.compile(r"(?P<lead>\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@\[\]]*:)[^\s/?#\[\]]+@")
# key=value and key: value where the key ends in a secret word: JDBC properties (;password=p or ?password=p),
# ODBC/ADO (Password=p; Pwd={p}), URL query parameters (api_key=...), header lines (X-Api-Key: ...), shell
# assignments (DB_PASSWORD=...) and JSON embedded in a string ("password": "...").
_ASSIGNMENT = re.compile(
    r"(?P<lead>(?<![\w.-])(?P<quote>[\"']?)[\w.-]*" + _CREDENTIAL_KEY + r"(?P=quote)"
    r"(?:\s*=\s*|\s*:\s+|(?<=[\"']):\s*))"
    r"(?P<value>\[REDACTED\]|\{[^}]*\}|\"[^\"]*\"|'[^']*'|[^\s;&#,\"'\]}]+)",
    re.I,
)
# Authorization: Bearer <token> / Basic <credentials> (header lines, curl arguments).
_AUTHORIZATION = re.compile(
    r"(?P<lead>\bAuthorization\s*[:=]\s*(?:(?:Bearer|Basic|Digest|Token|Negotiate)\s+)?)"
    r"(?P<value>[^\s\"',;]+)",
    re.I,
)
# A JSON Web Token anywhere; a bearer token of a plausible length; tokens whose shape names their issuer
# (GitHub, Slack, Stripe live keys); the secret last segment of a Slack incoming-webhook URL.
_TOKENS = re.compile(
    r"\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"
    r"|(?<=\bBearer )[A-Za-z0-9._~+/-]{20,}=*"
    r"|\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{40,}|xox[abposr]-[A-Za-z0-9-]{10,}|[sr]k_live_[A-Za-z0-9]{16,})"
    r"|(?<=hooks\.slack\.com/services/)(?P<slack>[A-Z0-9]+/[A-Z0-9]+/)[A-Za-z0-9]+"
)
# An AWS secret access key is 40 base64 characters; such a string is only a secret where an access key id (or
# the words "secret access key") is next to it, since a lone 40-character string could be anything.
_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
_AWS_SECRET_CONTEXT = re.compile(r"secret[_ -]?access[_ -]?key", re.I)
_AWS_SECRET_KEY = re.compile(
    r"(?<![A-Za-z0-9/+=])(?![0-9a-f]{40})(?![0-9A-F]{40})[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
)


def redact_text(text: str, *, aws_context: bool = False) -> str:
    """`text` with credentials inside it replaced by the marker, the rest kept readable: the password of a URL
    or JDBC/ODBC connection string, secret key=value pairs, private key blocks, bearer and known tokens, and
    AWS secret access keys next to an access key id (`aws_context`: one is in a neighbouring value)."""
    if "PRIVATE KEY" in text:
        text = _PRIVATE_KEY.sub(lambda m: f"{m['begin']}{REDACTED}{m['end'] or ''}", text)
    if "://" in text:
        text = _URL_PASSWORD.sub(lambda m: f"{m['lead']}{REDACTED}@", text)
    if "=" in text or ":" in text:
        text = _ASSIGNMENT.sub(lambda m: m["lead"] + _replace_value(m["value"]), text)
        text = _AUTHORIZATION.sub(lambda m: m["lead"] + REDACTED, text)
    text = _TOKENS.sub(lambda m: f"{m['slack']}{REDACTED}" if m["slack"] else REDACTED, text)
    if aws_context or _ACCESS_KEY_ID.search(text) or _AWS_SECRET_CONTEXT.search(text):
        text = _AWS_SECRET_KEY.sub(REDACTED, text)
    return text


def _replace_value(value: str) -> str:
    quote = value[0] if value[:1] in ("'", '"') else ""
    return f"{quote}{REDACTED}{quote}"


def _holds_access_key_id(value: Any) -> bool:
    """True when a string directly inside `value` (or inside one of its dicts, such as the name/value pairs of
    an environment list) is an AWS access key id."""
    children = value.values() if isinstance(value, dict) else value
    for child in children:
        grandchildren = child.values() if isinstance(child, dict) else (child,)
        if any(isinstance(v, str) and _ACCESS_KEY_ID.search(v) for v in grandchildren):
            return True
    return False


def redact(
    value: Any, *, names_are_variables: bool = False, aws_context: bool = False, by_name: bool = True
) -> Any:
    """Return a copy with secrets replaced by a marker: values of secret-named keys, values of name/value
    pairs whose name looks secret, secret-looking entries of environment-variable maps, and credentials
    inside any string value (redact_text). Without `by_name`, only the last: what a name suggests is left to
    the code that shaped the data (the inventory, whose collectors keep only what checks judge, such as
    "literal" for a Lambda variable named like a password, which the checks must still see)."""
    if isinstance(value, dict):
        pair_name = value.get("name", value.get("Name"))
        if (
            by_name
            and isinstance(pair_name, str)
            and SECRET_NAME.search(pair_name)
            and ({"value", "Value"} & value.keys())
        ):
            return {k: (REDACTED if k in ("value", "Value") else v) for k, v in value.items()}
        # An access key id among the values (or in a child's) makes a 40-character neighbour a secret key: the
        # flag reaches this container's own strings and its children's, never deeper.
        near = _holds_access_key_id(value)
        redacted: dict[Any, Any] = {}
        for key, item in value.items():
            name = str(key)
            if by_name and (
                name.lower() in SECRET_KEYS or (names_are_variables and SECRET_NAME.search(name))
            ):
                redacted[key] = REDACTED
            else:
                variables = name.lower() in VARIABLE_MAPS
                redacted[key] = redact(
                    item,
                    names_are_variables=variables,
                    aws_context=near or _str(item, aws_context),
                    by_name=by_name,
                )
        return redacted
    if isinstance(value, list | tuple):
        near = _holds_access_key_id(value)
        return [redact(v, aws_context=near or _str(v, aws_context), by_name=by_name) for v in value]
    if isinstance(value, str):
        return redact_text(value, aws_context=aws_context)
    return value


def _str(value: Any, flag: bool) -> bool:
    """`flag` for a string (inherited from its container's container), False for anything else."""
    return flag and isinstance(value, str)


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
                atomicfile.write_bytes(self.directory / f"{digest}.json", data)
                self._known.add(digest)
        return digest

    def get(self, digest: str) -> Any:
        return json.loads((self.directory / f"{digest}.json").read_bytes())

    def __len__(self) -> int:
        return len(self._known)


@dataclass(frozen=True)
class Principal:
    """Who made a call: the account it was made in and the identity (user, role or assumed role) making it."""

    account_id: str
    arn: str | None


def _utc_now() -> datetime:
    return datetime.now(UTC)


# The one call whose answer names its own caller: recording it needs no identity known beforehand.
_WHO_AM_I = "GetCallerIdentity"


class Recorder:
    """botocore event handlers that store each API exchange and tell the calling thread its digest.

    One Recorder per run. Digests go to the innermost capture opened on the current thread, so a collector
    can tell which responses built which resource without touching the evidence itself.

    The run id is known only once the caller is (it names the caller), so a scan's recorder starts with
    `hold=True`: records made outside any capture (the caller's identity) wait in memory until `name_run`.
    A record made inside a capture before that is written at once, without a run id (its digest is needed).
    """

    def __init__(
        self,
        store: EvidenceStore,
        *,
        run_id: str | None = None,
        hold: bool = False,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.store = store
        self.run_id = run_id
        self._clock = clock
        self._held: list[dict[str, Any]] | None = [] if hold and run_id is None else None
        self._local = threading.local()
        self._count_lock = threading.Lock()
        self.calls = 0

    def name_run(self, run_id: str) -> None:
        """Give every record from now on, and every one held so far, this run id."""
        with self._count_lock:
            self.run_id = run_id
            held, self._held = self._held or [], None
        for record in held:
            self.store.put({**record, "run_id": run_id})

    def attach(self, client: Any, principal: Callable[[], Principal] | str) -> None:
        """Record every call `client` makes; `principal` says who makes them (asked at each call, so an
        identity learnt later, such as the scan's own, is named correctly). An account id alone names the
        account but no caller (a client outside a scan, such as a test's)."""
        if isinstance(principal, str):
            principal = partial(Principal, principal, None)
        events = client.meta.events
        events.register("provide-client-params", self._remember_params)
        events.register("after-call", lambda **kw: self._store_response(principal, client, **kw))

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
        principal: Callable[[], Principal],
        client: Any,
        parsed: dict[str, Any],
        model: Any,
        context: dict[str, Any],
        **_: Any,
    ) -> None:
        response = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        caller = _answered_identity(model.name, response) or principal()
        record = {
            "schema_version": EVIDENCE_SCHEMA_VERSION,
            "collected_at": self._clock().astimezone(UTC).isoformat(timespec="milliseconds"),
            "account_id": caller.account_id,
            "caller_arn": caller.arn,
            "service": client.meta.service_model.service_name,
            "operation": model.name,
            "region": client.meta.region_name,
            "request": context.get("controlmap_params", {}),
            "response": response,
        }
        sinks = self._stack()
        with self._count_lock:
            self.calls += 1
            if self._held is not None and not sinks:
                self._held.append(record)
                return
            run_id = self.run_id
        digest = self.store.put({**record, "run_id": run_id})
        for sink in sinks:
            sink.append(digest)


def _answered_identity(operation: str, response: dict[str, Any]) -> Principal | None:
    """The caller named by a GetCallerIdentity answer (its own evidence of who asked), else None."""
    if operation != _WHO_AM_I or "Account" not in response or "Arn" not in response:
        return None
    return Principal(str(response["Account"]), str(response["Arn"]))
