"""Shared pieces of the catalog tests: the registry, the built-in catalogs and the planned check ids."""

from __future__ import annotations

from scanner.catalog.model import LoadedCatalog, builtin_catalogs
from scanner.evaluate.registry import build_registry

REGISTRY = build_registry()
BUILTIN: dict[str, LoadedCatalog] = {c.id: c for c in builtin_catalogs(REGISTRY.checks)}

# Check ids other engineers are building now (the check library issue). A `pending` entry names one of
# these, a `docker.host.<cis-topic>` host check (the lead reconciles their spelling), or says
# "not yet planned".
_PLANNED_IDS = """
    s3.bucket.tls-only organizations.scp.deny-unencrypted-s3-uploads s3.bucket.public-access
    s3.bucket.vpc-only-access vpc.endpoint.policy-restricted iam.role.trust-web-identity-scoped
    iam.role.trust-third-party-external-id kms.key.policy-not-public organizations.all-features
    organizations.delegated-admins organizations.landing-zone-accounts
    cloudtrail.log-file-validation cloudtrail.kms-encryption cloudtrail.delivery-to-log-archive
    cloudtrail.data-events-athena-buckets cloudtrail.org-trail cloudtrail.org-trail-visible
    config.recorder-all-resources config.delivery-channel config.aggregator
    config.rule-s3-ssl-requests-only guardduty.enabled guardduty.org-admin guardduty.member
    securityhub.enabled securityhub.org-admin securityhub.member macie.enabled macie.org-admin
    macie.member inspector.enabled inspector.org-admin inspector.member accessanalyzer.enabled
    events.security-findings-forwarded sns.topic-encrypted sns.security-subscription-confirmed
    iam.password-policy iam.root.no-access-keys iam.user.access-key-age iam.user.console-mfa
    iam.user.no-long-lived-keys kms.key.rotation s3.bucket.kms-athena
    s3.bucket.versioning s3.bucket.access-logging athena.workgroup.enforce-configuration
    athena.workgroup.cloudwatch-metrics athena.workgroup.scan-limit
    glue.catalog.encryption-at-rest glue.catalog.connection-password-encryption lakeformation.admins
    vpc.endpoint.s3 vpc.flow-logs
    vpc.default-security-group-closed ec2.ebs-default-encryption backup.plan-exists
    backup.vault-lock acm.certificate-expiry secretsmanager.rotation ecs.task.privileged
    ecs.task.readonly-root ecs.task.non-root-user ecs.task.host-network ecs.task.host-pid ecs.task.host-ipc
    ecs.task.added-capabilities ecs.task.memory-limit ecs.task.cpu-limit ecs.task.sensitive-host-mounts
    ecs.task.docker-socket-mount
    ecs.task.log-configuration ecs.task.health-check ecs.task.secrets-in-environment
    ecr.repository.scan-on-push ecr.repository.tag-immutability ecr.repository.lifecycle-policy
    ecr.image.critical-findings imagebuilder.cis-hardening-pipeline ecs.container-instance.ami-age
    docker.host.daemon-icc-disabled docker.host.userns-remap docker.host.live-restore
    docker.host.userland-proxy-disabled docker.host.no-new-privileges docker.host.log-driver
    docker.host.tls-verify docker.host.default-ulimits docker.host.authorization-plugin
    docker.host.separate-partition
"""
PLANNED = frozenset(_PLANNED_IDS.split())
UNPLANNED_PREFIX = "not yet planned: "
