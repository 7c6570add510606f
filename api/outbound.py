"""POST to a subscriber's address, never to a private one.

A webhook address is typed by a newsroom admin, but the name it holds is
resolved by DNS, which an attacker controls: `hooks.example.org` may point at
127.0.0.1, a cloud metadata service (169.254.169.254) or the office network.
So the name is resolved once, every address it gives must be public (not
private, loopback, link-local, multicast, reserved or unspecified), and the
connection goes to the address that was checked (no second lookup for a
rebinding answer to slip into). HTTPS still checks the certificate against
the name. Redirects are not followed: a 3xx is a failed delivery.

Tests run a local receiver: `WEBHOOK_ALLOWED_NETWORKS` (settings, empty by
default) lists networks allowed despite the rule, e.g. ["127.0.0.1/32"].
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class AddressRefused(Exception):
    """The address is not one a delivery may reach; the message says why."""


@dataclass
class Reply:
    status: int
    body: bytes


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if any(address in ipaddress.ip_network(net) for net in settings.WEBHOOK_ALLOWED_NETWORKS):
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified
    )


def resolve_public(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, checked IP) for `url`, or AddressRefused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused("only http and https addresses can receive webhooks")
    if parts.username or parts.password:
        raise AddressRefused("credentials in the address are not allowed")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise AddressRefused(f"bad port: {error}") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(f"cannot resolve {parts.hostname}: {error}") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    refused = [str(a) for a in addresses if not _allowed(a)]
    if not addresses or refused:
        raise AddressRefused(
            f"{parts.hostname} resolves to a private address ({', '.join(refused)})"
        )
    return parts.scheme, parts.hostname, port, str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, ip, **kwargs):
        super().__init__(host, port, **kwargs)
        self._ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, ip, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._ip = ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post_json(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Reply:
    """POST `body` to `url` after checking where it goes; raises AddressRefused or OSError."""
    scheme, host, port, ip = resolve_public(url)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(host, port, ip, timeout=timeout)
    try:
        connection.request(
            "POST",
            target,
            body=body,
            headers={"Content-Type": "application/json", **headers},
        )
        response = connection.getresponse()
        return Reply(status=response.status, body=response.read(2048))
    finally:
        connection.close()
