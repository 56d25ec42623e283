"""Where an account runs its containers: the fact that lets CIS Docker host controls (sections 1-3, marked
`aws_inherited_on: [fargate]`) resolve as operated by AWS. Not a finding by itself: an account that is not
Fargate-only gets NOT_APPLICABLE, and its host controls are judged from host scans as usual."""

from __future__ import annotations

from collections.abc import Iterator

from checks.ecs_runtime import TASKS, requires_fargate_only
from scanner.checkapi import Per, Scope, check
from scanner.model import Result, Severity, Status

CONTAINER_INSTANCES = "ecs.container-instances"


@check(
    id="ecs.account.fargate-only",
    title="The account runs its ECS containers only on Fargate",
    uses=(CONTAINER_INSTANCES, TASKS),
    per=Per.ACCOUNT,
    severity=Severity.INFO,
    rationale="On Fargate AWS operates the host, the container runtime and their files, so the host "
    "controls of CIS Docker sections 1-3 are AWS's side of the shared responsibility model.",
    remediation="Nothing to fix: accounts with container instances have their hosts assessed by scan-host.",
)
def fargate_only(scope: Scope) -> Iterator[Result]:
    """PASS when no ECS container instance (EC2 or ECS Anywhere) is registered in any scanned region of the
    account and at least one task definition used by a service requires FARGATE only. Container instances,
    or no Fargate-only task definition in use, give NOT_APPLICABLE (the hosts are the account's to assess);
    a region whose container instances or task definitions cannot be read gives ERROR."""
    instances = scope.items(CONTAINER_INSTANCES)
    if instances:
        names = ", ".join(sorted(i.name or i.resource_id for i in instances))
        yield scope.result(
            Status.NOT_APPLICABLE,
            scope.account_id,
            f"{len(instances)} ECS container instance(s): the account operates container hosts ({names})",
            evidence=[e for i in instances for e in i.evidence],
        )
        return
    fargate = [t for t in scope.items(TASKS) if t.data.get("UsedByServices") and requires_fargate_only(t)]
    if not fargate:
        yield scope.result(
            Status.NOT_APPLICABLE, scope.account_id, "no service runs a Fargate-only task definition"
        )
        return
    listings = [e for r in scope.records(CONTAINER_INSTANCES) for e in r.evidence]
    families = ", ".join(sorted(t.name or t.resource_id for t in fargate))
    yield scope.result(
        Status.PASS,
        scope.account_id,
        f"no ECS container instances in any scanned region; services run Fargate-only {families}",
        evidence=[*listings, *(e for t in fargate for e in t.evidence)],
    )
