"""Lake Formation governance of the data lake: table locations registered (not in hybrid access mode),
external data filtering limited to the organization, and the current cross-account sharing version."""

from __future__ import annotations

import re

from checks.glue import catalog_unused
from scanner.checkapi import Scope, check
from scanner.inventory import Item
from scanner.model import Result, Severity, Status

# Cross-account sharing version 3 is the first that shares with IAM principals of other accounts explicitly
# and uses AWS RAM for LF-Tag grants (https://docs.aws.amazon.com/lake-formation/latest/dg/optimize-ram.html);
# the seed post (P05) sets it for its cross-account setup. Without the parameter, version 1 applies.
MINIMUM_CROSS_ACCOUNT_VERSION = 3
_ACCOUNT_ID = re.compile(r"\b(\d{12})\b")


def s3_path(location: object) -> str | None:
    """'bucket/prefix' of an s3:// (s3a://, s3n://) location or of an S3 ARN; None for anything else."""
    text = str(location or "")
    if text.startswith("arn:") and ":s3:::" in text:
        return text.split(":::", 1)[1] or None
    if text.lower().startswith(("s3://", "s3a://", "s3n://")):
        return text.split("://", 1)[1] or None
    return None


def covers(registered: str, location: str) -> bool:
    """True when a registered path covers a location: the same path, or a parent folder of it."""
    parent = registered.rstrip("/")
    return location.rstrip("/") == parent or location.startswith(f"{parent}/")


@check(
    id="lakeformation.table-location-registered",
    title="The S3 locations of Glue tables are registered with Lake Formation, not in hybrid mode",
    for_each="glue.tables",
    uses=("lakeformation.resources",),
    severity=Severity.MEDIUM,
    rationale="Lake Formation permissions (column, row and cell filters, LF-Tags) govern a table's data only "
    "when its S3 location is registered; unregistered, or registered in hybrid access mode, the data is "
    "still readable by anyone whose IAM policy allows S3 reads.",
    remediation="Register the table's S3 location (or a parent prefix) with Lake Formation "
    "(aws lakeformation register-resource --resource-arn arn:aws:s3:::BUCKET/PREFIX --role-arn ROLE), "
    "without hybrid access mode once the IAM-based consumers have been given Lake Formation permissions.",
)
def table_location_registered(table: Item, scope: Scope) -> Result:
    """PASS when the table's S3 location is covered by a location registered with Lake Formation in the
    table's region (the same path or a parent prefix, matched on folder boundaries) that is not in hybrid
    access mode (HybridAccessEnabled, where ListResources reports it). FAIL when no registered location
    covers it or the covering one is in hybrid access mode; a table without an S3 location is not
    applicable."""
    location = s3_path(table.data.get("Location"))
    if location is None:
        return scope.on_item(table, Status.NOT_APPLICABLE, "the table has no S3 location")
    registered = [
        r
        for r in scope.items("lakeformation.resources")
        if (path := s3_path(r.resource_id)) and covers(path, location)
    ]
    if not registered:
        return scope.failed(table, f"s3://{location} is not registered with Lake Formation")
    governed = [r for r in registered if not r.data.get("HybridAccessEnabled")]
    evidence = [d for r in registered for d in r.evidence]
    if governed:
        return scope.passed(
            table,
            f"s3://{location} is governed by Lake Formation (registered as {governed[0].name})",
            evidence=evidence,
        )
    return scope.failed(
        table,
        f"s3://{location} is registered as {registered[0].name} in hybrid access mode, so IAM permissions "
        "still grant access",
        evidence=evidence,
    )


def _principal_accounts(settings: Item) -> dict[str, str | None]:
    """Each allow-listed principal of external data filtering -> its account id (None if it names none)."""
    found: dict[str, str | None] = {}
    for principal in settings.data.get("ExternalDataFilteringAllowList") or []:
        identifier = str(principal.get("DataLakePrincipalIdentifier") or "")
        match = _ACCOUNT_ID.search(identifier)
        found[identifier] = match.group(1) if match else None
    return found


@check(
    id="lakeformation.external-filtering-scoped",
    title="Lake Formation trusts external query engines only from the organization",
    for_each="lakeformation.settings",
    uses=("glue.tables",),
    severity=Severity.MEDIUM,
    rationale="With external data filtering on, the listed accounts' engines (such as EMR) receive "
    "credentials for Lake Formation data and are trusted to apply the row and column filters themselves; "
    "an engine in an account outside the organization would be trusted by nobody who can audit it.",
    remediation="In Lake Formation's application integration settings, list only organization accounts "
    "whose engines are approved (ExternalDataFilteringAllowList), or turn external data filtering off.",
)
def external_filtering_scoped(settings: Item, scope: Scope) -> Result:
    """PASS when the region's data lake holds tables and either external data filtering is off
    (AllowExternalDataFiltering false or absent) or every principal on ExternalDataFilteringAllowList
    belongs to an account of the scanned organization (or this account, without an organization scan); the
    authorized session tag values (the trusted engines) are listed for the reviewer. FAIL for a principal of
    another account; ERROR when the organization was not read and a principal is in another account, or an
    entry names no account. Not applicable where the catalog has no tables."""
    unused = catalog_unused(settings, scope)
    if unused is not None:
        return unused
    if not settings.data.get("AllowExternalDataFiltering"):
        return scope.passed(settings, "external data filtering is off: no external engine is trusted")
    principals = _principal_accounts(settings)
    inside = scope.organization_accounts()
    outsiders = [p for p, account in principals.items() if account is not None and account not in inside]
    engines = ", ".join(str(v) for v in settings.data.get("AuthorizedSessionTagValueList") or []) or "none"
    full_table = settings.data.get("AllowFullTableExternalDataAccess")
    note = f"; engines trusted by session tag: {engines}" + (
        "; full-table access allowed" if full_table else ""
    )
    if outsiders and scope.org is not None:
        return scope.failed(
            settings,
            f"external data filtering trusts accounts outside the organization: {', '.join(outsiders)}{note}",
        )
    unknown = [p for p, account in principals.items() if account is None]
    if outsiders or unknown:
        why = f"{', '.join(outsiders)} (the organization was not read)" if outsiders else ", ".join(unknown)
        return scope.on_item(
            settings, Status.ERROR, f"not evaluated: cannot place allow-listed principals {why}"
        )
    listed = ", ".join(sorted(principals)) or "no account"
    return scope.passed(
        settings, f"external data filtering is limited to organization accounts ({listed}){note}"
    )


@check(
    id="lakeformation.cross-account-version",
    title="Lake Formation uses cross-account sharing version 3 or later",
    for_each="lakeformation.settings",
    uses=("glue.tables",),
    severity=Severity.LOW,
    rationale="Older cross-account versions create one RAM share per grant and cannot share with IAM "
    "principals of other accounts directly; version 3 or later is what current sharing features assume.",
    remediation="In Lake Formation's Data Catalog settings, choose the latest cross-account version (or "
    "put-data-lake-settings with Parameters CROSS_ACCOUNT_VERSION=4) after checking grantors' permissions.",
)
def cross_account_version(settings: Item, scope: Scope) -> Result:
    """PASS when the region's data lake holds tables and its settings' CROSS_ACCOUNT_VERSION parameter is
    at least MINIMUM_CROSS_ACCOUNT_VERSION (3). An absent parameter (version 1 applies) or a lower version
    is a FAIL; a value that is not a number is an ERROR. Not applicable where the catalog has no tables."""
    unused = catalog_unused(settings, scope)
    if unused is not None:
        return unused
    value = (settings.data.get("Parameters") or {}).get("CROSS_ACCOUNT_VERSION")
    if value is None:
        return scope.failed(settings, "no CROSS_ACCOUNT_VERSION set, so the original version 1 applies")
    try:
        version = int(str(value))
    except ValueError:
        return scope.on_item(settings, Status.ERROR, f"not evaluated: CROSS_ACCOUNT_VERSION is {value!r}")
    if version >= MINIMUM_CROSS_ACCOUNT_VERSION:
        return scope.passed(settings, f"cross-account sharing version {version}")
    return scope.failed(
        settings,
        f"cross-account sharing version {version} (at least {MINIMUM_CROSS_ACCOUNT_VERSION} expected)",
    )
