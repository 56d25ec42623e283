"""Clients are cached per (account, service, region), but only so many: memory stays flat as accounts grow."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest

from scanner.aws import sessions
from scanner.aws.sessions import SessionProvider
from scanner.evidence import EvidenceStore, Recorder


def test_the_client_cache_is_bounded_and_keeps_the_recently_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessions, "MAX_CACHED_CLIENTS", 3)
    base = boto3.Session(aws_access_key_id="k", aws_secret_access_key="s", region_name="us-east-1")
    provider = SessionProvider(base, Recorder(EvidenceStore(tmp_path)))
    s3 = provider.client(None, "s3", "us-east-1")
    kms = provider.client(None, "kms", "us-east-1")
    for service in ("sts", "iam", "ec2"):
        provider.client(None, service, "us-east-1")
        assert provider.client(None, "s3", "us-east-1") is s3  # used again each time: kept
        assert len(provider._clients) <= 3
    again = provider.client(None, "kms", "us-east-1")  # least recently used, so dropped: made anew
    assert again is not kms
    with pytest.raises(Exception, match="controlmap only reads"):
        again.create_key()  # a client made again is guarded like the first


def test_derived_sessions_do_not_grow_the_shared_loaders_search_paths() -> None:
    """Every account's session shares the caller's model loader; making one must not add a search path."""
    from botocore.credentials import Credentials

    from scanner.aws.sessions import derived_session

    base = boto3.Session(region_name="us-east-1")
    loader = base._session.get_component("data_loader")
    before = list(loader.search_paths)
    for _ in range(3):
        derived_session(base, Credentials("a", "b", "c"), "us-east-1")
    assert loader.search_paths == before
