"""The project's exception tree, and the Reason a result carries when something could not be evaluated.

The boundary that turns AWS SDK errors into reasons is scanner/aws/classify.py: this module loads no SDK."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ControlmapError(Exception):
    """Base of every error controlmap raises on purpose; the CLI prints these without a traceback."""


class ConfigError(ControlmapError):
    """Bad user input: a catalog, config file, attestation or command-line value."""


class ReadOnlyViolationError(ControlmapError):
    """An AWS operation that is not a read was about to be sent; the scanner never writes to AWS."""


class UndeclaredOperationError(ControlmapError):
    """A collector called an AWS operation it did not declare (its IAM permissions would be incomplete)."""


class RunDirError(ControlmapError):
    """A run directory is missing, incomplete or not readable."""


class DatasetTimeoutError(ControlmapError):
    """A dataset's collection passed its deadline (aws/retries.py); what it had not read is not evaluated."""


class CollectionCancelledError(ControlmapError):
    """The scan was interrupted (Ctrl-C): a collector still running stops at its next AWS call."""


class RegistryError(ControlmapError):
    """Two checks or datasets share an id, or a check uses a dataset nobody collects."""


class ReasonKind(StrEnum):
    ACCESS_DENIED = "access-denied"
    THROTTLED = "throttled"
    REGION_DISABLED = "region-disabled"
    NOT_IMPLEMENTED = "not-implemented"
    NOT_FOUND = "not-found"
    NOT_OFFERED = "not-offered"  # AWS does not offer the service in the region: nothing can exist there
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    CREDENTIALS = "credentials"
    INVALID_RESPONSE = "invalid-response"
    ERROR = "error"


@dataclass(frozen=True)
class Reason:
    """Why data could not be collected. Always rendered next to the ERROR it causes."""

    kind: ReasonKind
    detail: str
    code: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.detail}" if self.detail else self.kind.value
