"""Snowball checks: the data on a job's device is encrypted with a customer managed key."""

from __future__ import annotations

from checks.kms import key_manager
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status


@check(
    id="snowball.job.cmk",
    title="Snowball jobs encrypt the data on the device with a customer managed KMS key",
    for_each="snowball.jobs",
    uses=("kms.keys",),
    severity=Severity.MEDIUM,
    rationale="A Snowball device travels outside the organization's premises with a copy of its data; with a "
    "customer managed key the organization decides who may unlock it and sees every use in CloudTrail.",
    remediation="Create new jobs with --kms-key-arn set to a customer managed key; a job's key cannot be "
    "changed once the device has shipped.",
)
def job_cmk(job: Item, scope: Scope) -> Result:
    """PASS when the job's KmsKeyARN (DescribeJob) resolves to a customer managed key (or a key of another
    account); the AWS managed key Snowball uses by default is a FAIL; no key reported, or a key that cannot
    be resolved against this account's collected keys, is an ERROR."""
    reference = job["Job"].get("KmsKeyARN")
    state = job.data.get("JobState") or "unknown state"
    if not reference:
        return scope.on_item(job, Status.ERROR, f"not evaluated: job ({state}) reports no KmsKeyARN")
    verdict = key_manager(str(reference), scope)
    evidence = verdict.key.evidence if verdict.key else ()
    message = f"job ({state}) encrypts with {verdict.description}"
    if verdict.manager == "CUSTOMER":
        return scope.passed(job, message, evidence=evidence)
    if verdict.manager == "AWS":
        return scope.failed(job, message, evidence=evidence)
    return scope.on_item(job, Status.ERROR, f"not evaluated: {message}", evidence=evidence)
