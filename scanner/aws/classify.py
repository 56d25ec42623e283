"""The single boundary that turns AWS errors into reasons: the only place that inspects AWS error shapes."""

from __future__ import annotations

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError

from scanner.errors import DatasetTimeoutError, Reason, ReasonKind

_ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "AuthFailure",
        "AWSOrganizationsNotInUseException",
        "ForbiddenException",
        "NotAuthorized",
    }
)
THROTTLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "RequestThrottled",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
        "EC2ThrottledException",
    }
)
_REGION_CODES = frozenset({"OptInRequired", "InvalidClientTokenId", "UnrecognizedClientException"})
NOT_IMPLEMENTED_CODES = frozenset({"NotImplemented", "InvalidAction", "UnknownOperationException"})
# What a moto server answers for a route of a service it knows but an operation it does not serve.
_NOT_YET_IMPLEMENTED = "not yet implemented"


def classify(error: BaseException) -> Reason:
    """Map any exception raised by an AWS call to a Reason. The only place that inspects AWS error shapes."""
    if isinstance(error, ClientError):
        err = error.response.get("Error", {})
        code = str(err.get("Code", ""))
        message = str(err.get("Message", "")) or str(error)
        operation = error.operation_name
        detail = f"{operation}: {code}: {message}" if code else f"{operation}: {message}"
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in _ACCESS_DENIED_CODES or status == 403:
            return Reason(ReasonKind.ACCESS_DENIED, detail, code)
        if code in THROTTLE_CODES or status == 429:
            return Reason(ReasonKind.THROTTLED, f"{detail} (still throttled after retries)", code)
        if code in _REGION_CODES:
            return Reason(ReasonKind.REGION_DISABLED, detail, code)
        if code in NOT_IMPLEMENTED_CODES or status == 501 or message.strip().lower() == _NOT_YET_IMPLEMENTED:
            return Reason(ReasonKind.NOT_IMPLEMENTED, detail, code)
        if status and code == str(status) and message.lstrip().startswith("<"):
            # No AWS error document, only an HTML page: an endpoint that is not AWS (a moto server lacking the
            # service answers every call with Flask's generic 500 page) or a proxy in the way.
            return Reason(
                ReasonKind.ERROR,
                f"{operation}: HTTP {status} without an AWS error "
                "(the endpoint does not serve this operation)",
                code,
            )
        return Reason(ReasonKind.ERROR, detail, code)
    if isinstance(error, DatasetTimeoutError):
        return Reason(ReasonKind.TIMEOUT, str(error))
    if isinstance(error, NoCredentialsError):
        return Reason(ReasonKind.CREDENTIALS, str(error))
    if isinstance(error, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError):
        return Reason(ReasonKind.CONNECTION, str(error))
    if isinstance(error, NotImplementedError):
        return Reason(ReasonKind.NOT_IMPLEMENTED, str(error) or type(error).__name__)
    if isinstance(error, ResponseParserError):
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Reason(ReasonKind.ERROR, f"the answer is not an AWS response: {first}")
    if isinstance(error, BotoCoreError):
        return Reason(ReasonKind.ERROR, str(error))
    if isinstance(error, KeyError | TypeError | ValueError | AttributeError):
        return Reason(
            ReasonKind.INVALID_RESPONSE, f"unexpected API response shape: {type(error).__name__}: {error}"
        )
    return Reason(ReasonKind.ERROR, f"{type(error).__name__}: {error}")
