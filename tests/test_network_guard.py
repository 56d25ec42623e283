"""The leak detector itself: anything that tries to reach a real endpoint is refused and recorded."""

from __future__ import annotations

import socket

import boto3
import pytest

from tests.conftest import NetworkLeakError


@pytest.mark.expects_network_attempt
def test_connecting_off_machine_is_refused(network_attempts: list[str]) -> None:
    with pytest.raises(NetworkLeakError), socket.socket() as sock:
        sock.connect(("203.0.113.10", 443))
    assert any("203.0.113.10" in a for a in network_attempts)


@pytest.mark.expects_network_attempt
def test_resolving_a_public_name_is_refused() -> None:
    with pytest.raises(NetworkLeakError):
        socket.getaddrinfo("sts.amazonaws.com", 443)


@pytest.mark.expects_network_attempt
def test_a_real_aws_call_is_refused_even_when_the_error_is_wrapped(network_attempts: list[str]) -> None:
    client = boto3.client("sts", region_name="us-east-1")
    with pytest.raises(Exception, match="test tried to resolve"):
        client.get_caller_identity()
    assert any("amazonaws.com" in a for a in network_attempts)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
