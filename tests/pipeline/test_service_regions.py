"""Services AWS does not offer in a region are not called there, and their checks say NOT_APPLICABLE."""

from __future__ import annotations

import botocore.session
import pytest

from checks.macie import macie_enabled
from scanner.aws.collect import AccountPlan, plan_tasks
from scanner.aws.service_regions import ServiceRegions, parse_overrides
from scanner.errors import Reason, ReasonKind
from scanner.evaluate.registry import discover_datasets
from scanner.model import Account, Status
from tests.builders import ACCOUNT, InventoryBuilder, run_check


def _not_offered_pair() -> tuple[str, str]:
    """A (service, region) botocore's endpoint data says AWS does not offer, found in the data itself."""
    session = botocore.session.get_session()
    regions = sorted(session.get_available_regions("ec2"))
    for service in ("macie2", "securitylake", "controltower", "verifiedpermissions", "artifact"):
        listed = set(session.get_available_regions(service))
        missing = [r for r in regions if r not in listed]
        if listed and missing:
            return service, missing[0]
    pytest.fail("botocore's endpoint data lists every region for every service tried")


def test_the_endpoint_data_decides_where_it_can() -> None:
    service, region = _not_offered_pair()
    services = ServiceRegions()
    assert not services.offered(service, region)
    assert services.offered(service, "us-east-1")
    assert "not offered in " + region in services.reason(service, region)


def test_unknown_regions_and_services_count_as_offered() -> None:
    services = ServiceRegions()
    assert services.offered("macie2", "xx-future-9")  # a region newer than the data
    assert services.offered("a-service-botocore-has-no-endpoints-for", "us-east-1")


def test_the_user_override_wins() -> None:
    service, region = _not_offered_pair()
    assert ServiceRegions(assume_offered=parse_overrides([f"{service}:{region}"])).offered(service, region)
    assert ServiceRegions(assume_offered=parse_overrides([service])).offered(service, region)
    with pytest.raises(ValueError, match="SERVICE or SERVICE:REGION"):
        parse_overrides([":eu-west-1"])


def test_a_service_not_offered_is_not_planned_there() -> None:
    service, region = _not_offered_pair()
    datasets = [d for d in discover_datasets().values() if d.service == service and not d.org_level]
    assert datasets
    plan = AccountPlan(Account(ACCOUNT, name="a"), (region, "us-east-1"))
    tasks, known = plan_tasks([plan], datasets, ACCOUNT, ServiceRegions())
    assert {(d.name, r) for d, _, r in tasks if d.reach.value == "regional"} == {
        (d.name, "us-east-1") for d in datasets if d.reach.value == "regional"
    }
    assert {k.region for k in known} == {region}
    reasons = [r.unavailable for r in known.values()]
    assert all(r is not None and r.kind is ReasonKind.NOT_OFFERED for r in reasons)


def test_its_checks_are_not_applicable_there_and_errors_still_win() -> None:
    not_offered = Reason(ReasonKind.NOT_OFFERED, "macie2 is not offered in ap-east-9")
    inventory = InventoryBuilder().unavailable("macie.sessions", not_offered, region="ap-east-9")
    [result] = run_check(macie_enabled, inventory, regions=("ap-east-9",))
    assert result.status is Status.NOT_APPLICABLE
    assert "service not offered" in result.message and "ap-east-9" in result.message
    denied = InventoryBuilder().unavailable("macie.sessions", region="ap-east-9")
    [unknown] = run_check(macie_enabled, denied, regions=("ap-east-9",))
    assert unknown.status is Status.ERROR
