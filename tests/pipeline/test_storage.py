"""The S3 output client writes only objects, and only in the configured results bucket."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from scanner.aws.storage import S3Location, output_client
from scanner.errors import ConfigError, ReadOnlyViolationError


def test_output_client_is_confined_to_object_io_in_its_bucket() -> None:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        session.client("s3").create_bucket(Bucket="results")
        session.client("s3").create_bucket(Bucket="someone-elses")
        client = output_client(session, S3Location.parse("s3://results/runs/"))
        client.put_object(Bucket="results", Key="runs/x.txt", Body=b"ok")
        with pytest.raises(ReadOnlyViolationError, match="outside the output bucket"):
            client.put_object(Bucket="someone-elses", Key="x", Body=b"no")
        with pytest.raises(ReadOnlyViolationError, match="only reads and writes objects"):
            client.delete_bucket_policy(Bucket="results")
        with pytest.raises(ReadOnlyViolationError):
            client.delete_object(Bucket="results", Key="runs/x.txt")


def test_s3_uri_parsing() -> None:
    assert S3Location.parse("s3://b/runs/today") == S3Location("b", "runs/today/")
    assert S3Location.parse("s3://b") == S3Location("b", "")
    with pytest.raises(ConfigError):
        S3Location.parse("s3:///x")
