"""The test session's network guard (tests/conftest.py): loopback stays open, because a local
Ray instance talks to itself over TCP, and everything else is refused."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkBlocked


@pytest.mark.parametrize(
    "connect",
    [
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),  # TEST-NET-1
        lambda: socket.create_connection(("example.com", 443), timeout=1),
        lambda: socket.getaddrinfo("pypi.org", 443),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(("8.8.8.8", 53)),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect_ex(("10.0.0.1", 80)),
        lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM).connect(("2001:db8::1", 80)),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("0.0.0.0", 80)),
    ],
    ids=["test-net", "hostname", "resolve", "udp-dns", "connect_ex", "ipv6", "any-address"],
)
def test_anything_but_loopback_is_refused(connect: object) -> None:
    with pytest.raises(NetworkBlocked):
        connect()  # type: ignore[operator]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_connections_work(host: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=5) as client:
            conn, _ = server.accept()
            with conn:
                client.sendall(b"ping")
                assert conn.recv(4) == b"ping"
        assert socket.getaddrinfo(host, port)
