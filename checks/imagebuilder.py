"""EC2 Image Builder: the hardened host images come from a pipeline that applies CIS hardening and tests."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks._lib.security_services import account_label
from scanner.checkapi import Per, Scope, check
from scanner.inventory import AspectUnavailable, Item
from scanner.model import Result, Severity, Status

# The seed's landing zone builds hardened images in its DevSecOps account; organizations without one commonly
# build them in shared services, which is then where the pipeline is looked for.
BUILDER_ROLES = ("devsecops", "shared-services")
AMAZON_OWNER = "aws"
# Words of a component name: "CISDocker", "cis-docker-hardening", "ecs_cis_l1" all give the word "cis";
# "precision" or "cisco" do not.
NAME_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def is_cis_component(component_arn: str, account_id: str) -> bool:
    """A component (arn:aws:imagebuilder:REGION:OWNER:component/NAME/VERSION/BUILD) is taken as CIS hardening
    when its name has the word "cis" and it is Amazon-managed (owner "aws") or the pipeline account's own.
    Components shared from other accounts, or whose name only contains the letters (cisdocker), do not
    count: their content cannot be judged from here."""
    parts = component_arn.split(":", 5)
    if len(parts) < 6 or parts[4] not in (AMAZON_OWNER, account_id):
        return False
    resource = parts[5].split("/")
    if len(resource) < 2 or resource[0] != "component":
        return False
    return "cis" in (word.lower() for word in NAME_WORDS.findall(resource[1]))


def pipeline_problems(pipeline: Item, account_id: str) -> list[str]:
    """What keeps an AMI pipeline from being a tested, scanned CIS hardening pipeline (empty: it is one).
    Reading the recipe may raise AspectUnavailable."""
    data = pipeline.data
    problems = []
    if str(data.get("status", "")).upper() != "ENABLED":
        problems.append(f"status {data.get('status') or 'unknown'}")
    if (data.get("imageTestsConfiguration") or {}).get("imageTestsEnabled") is not True:
        problems.append("image tests are not enabled")
    if (data.get("imageScanningConfiguration") or {}).get("imageScanningEnabled") is not True:
        problems.append("image scanning is not enabled")
    if not data.get("imageRecipeArn"):
        return [*problems, "builds a container image, not an AMI"]
    components = [str(c.get("componentArn", "")) for c in pipeline["Recipe"].get("components") or []]
    if not any(is_cis_component(arn, account_id) for arn in components):
        problems.append("its recipe has no CIS hardening component")
    return problems


@check(
    id="imagebuilder.cis-hardening-pipeline",
    title="An enabled Image Builder pipeline applies CIS hardening and tests and scans its images",
    uses=("imagebuilder.pipelines",),
    per=Per.ACCOUNT,
    severity=Severity.MEDIUM,
    rationale="Container hosts built by a pipeline that applies the CIS Docker hardening, then tests and "
    "scans each image, start hardened every time instead of drifting from a hand-built AMI.",
    remediation="In the DevSecOps account, create (or enable) an Image Builder pipeline whose recipe "
    "includes the CIS hardening component, with image tests and enhanced image scanning enabled.",
)
def cis_hardening_pipeline(scope: Scope) -> Iterator[Result]:
    """In the devsecops account (else the shared-services account; every account when neither role is held):
    PASS when one of its pipelines in
    a scanned region is ENABLED, has image tests and image scanning enabled, and builds an image recipe with
    a CIS hardening component (a component named with the word "cis", Amazon-managed or the account's own).
    ERROR when no pipeline passed and a recipe could not be read; other accounts are not applicable."""
    role, builders = next(
        ((role, found) for role in BUILDER_ROLES if (found := scope.accounts_in_role(role))), ("", [])
    )
    if builders and scope.account_id not in builders:
        names = ", ".join(account_label(scope, a) for a in builders)
        yield scope.result(
            Status.NOT_APPLICABLE,
            scope.account_id,
            f"hardened images are built in the {role} account {names}",
        )
        return
    pipelines = scope.items("imagebuilder.pipelines")
    problems: list[str] = []
    unknown: list[str] = []
    for pipeline in pipelines:
        try:
            found = pipeline_problems(pipeline, scope.account_id)
        except AspectUnavailable as exc:
            unknown.append(f"{pipeline.name}: {exc.aspect} could not be read: {exc.reason}")
            continue
        if not found:
            yield scope.passed(pipeline, f"pipeline {pipeline.name} applies CIS hardening, tests and scans")
            return
        problems.append(f"{pipeline.name} ({pipeline.region}): {', '.join(found)}")
    evidence = [d for p in pipelines for d in p.evidence]
    if unknown:
        yield scope.result(
            Status.ERROR,
            scope.account_id,
            f"not evaluated: no pipeline passed and some recipes could not be read: {'; '.join(unknown)}",
            evidence=evidence,
        )
        return
    found_text = "; ".join(problems) or "there are no image pipelines"
    yield scope.result(
        Status.FAIL,
        scope.account_id,
        f"no enabled pipeline applies CIS hardening with image tests and scanning ({found_text})",
        evidence=evidence,
    )
