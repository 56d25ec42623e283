"""What a collector is: a Dataset spec (calls and their IAM permissions) and the Api it collects through."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from scanner.aws.classify import classify
from scanner.datasets import Dataset
from scanner.errors import Reason, UndeclaredOperationError
from scanner.evidence import Recorder
from scanner.inventory import Item


class Api:
    """A collector's only door to AWS: declared operations only, evidence tracked per resource."""

    def __init__(
        self,
        dataset: Dataset,
        client_for: Callable[[str], Any],
        recorder: Recorder,
        *,
        account_id: str,
        region: str,
    ) -> None:
        self.dataset = dataset
        self.account_id = account_id
        self.region = region
        self._client_for = client_for
        self._recorder = recorder
        self.listing_evidence: list[str] = []

    @property
    def partition(self) -> str:
        return (
            "aws-us-gov"
            if self.region.startswith("us-gov-")
            else ("aws-cn" if self.region.startswith("cn-") else "aws")
        )

    def client(self, service: str | None = None) -> Any:
        return self._client_for(service or self.dataset.service)

    def call(self, operation: str, *, service: str | None = None, **params: Any) -> dict[str, Any]:
        """Call a declared operation (snake_case name). Raises whatever the SDK raises."""
        client = self.client(service)
        self._check_declared(client, operation)
        with self._recorder.capture() as digests:
            try:
                response: dict[str, Any] = getattr(client, operation)(**params)
            finally:
                self.listing_evidence.extend(digests)
        return response

    def optional(
        self, operation: str, *, absent: Iterable[str], service: str | None = None, **params: Any
    ) -> dict[str, Any] | None:
        """Like call, but the named error codes mean "not configured" and return None (that is data)."""
        try:
            return self.call(operation, service=service, **params)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in set(absent):
                return None
            raise

    def paginate(self, operation: str, key: str, *, service: str | None = None, **params: Any) -> list[Any]:
        """Every element of `key` across all pages of a declared operation.

        Uses botocore's paginator where one exists, else follows NextToken (some list operations, such as
        Athena ListWorkGroups, have no paginator in botocore).
        """
        client = self.client(service)
        self._check_declared(client, operation)
        found: list[Any] = []
        with self._recorder.capture() as digests:
            try:
                if client.can_paginate(operation):
                    for page in client.get_paginator(operation).paginate(**params):
                        found.extend(page.get(key, []))
                else:
                    found.extend(_follow_next_token(getattr(client, operation), key, params))
            finally:
                self.listing_evidence.extend(digests)
        return found

    def resource(self, resource_id: str, name: str, data: Mapping[str, Any] | None = None) -> ItemBuilder:
        return ItemBuilder(self, resource_id, name, dict(data or {}))

    def _check_declared(self, client: Any, operation: str) -> None:
        api_name = client.meta.method_to_api_mapping.get(operation, operation)
        if api_name not in self.dataset.calls:
            raise UndeclaredOperationError(
                f"collector {self.dataset.name} called {api_name}, which it does not declare in `calls`"
            )


def _follow_next_token(method: Callable[..., dict[str, Any]], key: str, params: dict[str, Any]) -> list[Any]:
    found: list[Any] = []
    token: str | None = None
    seen: set[str] = set()
    while True:
        page = method(**params, **({"NextToken": token} if token else {}))
        found.extend(page.get(key, []))
        token = page.get("NextToken")
        if not token or token in seen:  # a repeated token would loop forever
            return found
        seen.add(token)


class ItemBuilder:
    """Builds one Item; each aspect is fetched in isolation so one AccessDenied spoils only that aspect."""

    def __init__(self, api: Api, resource_id: str, name: str, data: dict[str, Any]) -> None:
        self._api = api
        self.resource_id = resource_id
        self.name = name
        self.data = data
        self.region = api.region
        self._evidence: list[str] = []
        self._errors: dict[str, Reason] = {}

    def aspect(self, name: str, fetch: Callable[..., Any], *args: Any, **kwargs: Any) -> ItemBuilder:
        """Store `fetch(*args, **kwargs)` under `name`, or the reason it failed; never raises."""
        listing_before = len(self._api.listing_evidence)
        try:
            self.data[name] = fetch(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the error boundary: every failure becomes a Reason
            self._errors[name] = classify(exc)
        # Responses fetched for this aspect belong to this item, not to the listing.
        new = self._api.listing_evidence[listing_before:]
        del self._api.listing_evidence[listing_before:]
        self._evidence.extend(new)
        return self

    def build(self, listing: Iterable[str] | None = None) -> Item:
        evidence = [*(listing if listing is not None else self._api.listing_evidence), *self._evidence]
        return Item(
            resource_id=self.resource_id,
            name=self.name,
            region=self.region,
            data=self.data,
            evidence=tuple(dict.fromkeys(evidence)),
            errors=dict(self._errors),
        )
