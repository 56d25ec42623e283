"""Policy statements controlmap recommends and writes itself (the demo, the deployment templates), kept in
one place so what we deploy is exactly what our checks prove."""

from __future__ import annotations

from typing import Any


def deny_insecure_transport(bucket_arn: Any, objects_arn: Any) -> dict[str, Any]:
    """The TLS-only statement s3.bucket.tls-only proves: every S3 action, any principal, the bucket and its
    objects, whenever aws:SecureTransport is false. ARNs may be strings or CloudFormation intrinsics."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, objects_arn],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
