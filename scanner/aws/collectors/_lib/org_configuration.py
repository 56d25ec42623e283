"""The organization configuration a security service's delegated administrator holds (auto-enable of new
member accounts), shared by the Security Hub, Inspector and Macie collectors. No datasets of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from scanner.aws.collectors.base import Api
from scanner.inventory import Item

# Only the delegated administrator may call DescribeOrganizationConfiguration; every other account is refused
# with one of these codes. Refused is no item: checks judge the setting only in the administrator, where a
# missing item is ERROR (a refusal there is unknown, never a pass).
NOT_THE_ADMINISTRATOR = ("AccessDeniedException", "InvalidAccessException")


def org_configuration_collector(
    absent: tuple[str, ...] = NOT_THE_ADMINISTRATOR,
) -> Callable[[Api], Iterator[Item]]:
    """A collector yielding one item (id `<account>/<region>`) with the DescribeOrganizationConfiguration
    answer, or none when this account is refused (not the administrator)."""

    def collect(api: Api) -> Iterator[Item]:
        answer = api.optional("describe_organization_configuration", absent=absent)
        if answer is None:
            return
        data = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
        yield api.resource(f"{api.account_id}/{api.region}", api.account_id, data).build()

    return collect
