"""IAM documents the seeds give the roles they create."""

from __future__ import annotations

import json


def service_trust(service: str) -> str:
    """A trust policy that lets one AWS service (`lambda.amazonaws.com`) assume the role."""
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
