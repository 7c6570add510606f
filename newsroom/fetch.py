"""Fetch a public web page safely: the only way the project requests a URL someone typed.

A cited URL is chosen by a journalist, an importer or a reader: it may point at
the machine itself, the private network or the cloud's metadata service (SSRF).
`fetch()` therefore

- accepts only http and https, on any port;
- resolves the host name itself and refuses it if *any* address it resolves to is
  private, loopback, link-local, multicast, reserved or unspecified (IPv4-mapped
  IPv6 addresses included), then connects to the address it checked, so a DNS
  answer that changes between the check and the connection cannot slip through;
- does the same for every redirect (at most `max_redirects`);
- gives up after `timeout` seconds in all (connecting, each redirect, reading),
  and past `max_bytes` of body; asks for no compression, so the size read is the
  size received;
- sends no cookies and no credentials, and says who it is (User-Agent).

Failures raise `FetchError` with a short `reason` code that callers store; an
HTTP error status (404, 500…) is not a failure of the fetch: it is returned.
`settings.FETCH_ALLOW_NETWORKS` lists networks exempt from the address check
(empty in production; the tests' local servers live on 127.0.0.1).

Hand-written on the standard library: the SSRF-guarding HTTP libraries are
unmaintained, and the rules above fit in this page. Imports no app.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone

REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """The page could not be fetched; `reason` is one of REASONS' keys."""

    REASONS = {
        "scheme": "only http and https addresses are fetched",
        "address": "the address is private, loopback or otherwise not public",
        "dns": "the host name does not resolve",
        "connection": "the connection failed",
        "timeout": "the server took too long",
        "too_large": "the page is larger than the limit",
        "redirects": "too many redirects",
        "protocol": "the server's answer is not valid HTTP",
    }

    def __init__(self, reason: str, detail: str = "", *, url: str = ""):
        self.reason = reason
        self.detail = detail
        self.url = url
        super().__init__(f"{reason}: {detail or self.REASONS.get(reason, '')} ({url})")


@dataclass
class Fetched:
    """A completed HTTP exchange (the last one after redirects)."""

    url: str  # the URL asked for
    final_url: str  # the URL answered, after redirects
    status: int  # HTTP status code of the final answer
    reason: str  # its reason phrase
    headers: list[tuple[str, str]]  # response headers, in order
    body: bytes  # at most max_bytes
    fetched_at: datetime
    redirects: list[str] = field(default_factory=list)  # the URLs redirected from

    @property
    def content_type(self) -> str:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value.split(";")[0].strip().lower()
        return ""


def _allowed_networks():
    return [ipaddress.ip_network(net, strict=False) for net in settings.FETCH_ALLOW_NETWORKS]


def is_public_address(address: str) -> bool:
    """Whether `address` (an IP literal) is on the public internet."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def resolve(host: str, port: int, *, url: str = "") -> str:
    """The address to connect to for `host`, after checking every address it resolves to.

    Raises FetchError("dns") or FetchError("address").
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("dns", str(error), url=url) from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError("dns", url=url)
    allowed = _allowed_networks()
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if any(ip in network for network in allowed):
            continue
        if not is_public_address(address):
            raise FetchError("address", f"{host} resolves to {address}", url=url)
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address, verifying the certificate for the host name."""

    def __init__(self, address, port, *, server_hostname, timeout, context):
        super().__init__(address, port, timeout=timeout, context=context)
        self._server_hostname = server_hostname

    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._server_hostname)


def _one_request(url: str, *, deadline: float, max_bytes: int):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("scheme", url=url)
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchError("scheme", str(error), url=url) from None
    address = resolve(host, port, url=url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("timeout", url=url)
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(
            address,
            port,
            server_hostname=host,
            timeout=remaining,
            context=ssl.create_default_context(),
        )
    else:
        connection = http.client.HTTPConnection(address, port, timeout=remaining)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host_header)
        connection.putheader("User-Agent", settings.FETCH_USER_AGENT)
        connection.putheader("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        connection.putheader("Accept-Encoding", "identity")
        connection.endheaders()
        sock = connection.sock  # the response may take it from the connection
        response = connection.getresponse()
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError("timeout", "reading the body", url=url)
            sock.settimeout(max(deadline - time.monotonic(), 0.01))
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too_large", f"more than {max_bytes} bytes", url=url)
            chunks.append(chunk)
        return response, b"".join(chunks)
    except FetchError:
        raise
    except TimeoutError as error:
        raise FetchError("timeout", str(error), url=url) from None
    except ssl.SSLError as error:
        raise FetchError("connection", f"TLS: {error}", url=url) from None
    except (http.client.HTTPException, ValueError) as error:
        raise FetchError("protocol", str(error), url=url) from None
    except OSError as error:
        raise FetchError("connection", str(error), url=url) from None
    finally:
        connection.close()


def fetch(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int = 5,
) -> Fetched:
    """GET `url` under the rules of this module's docstring.

    `timeout` (seconds, whole exchange) and `max_bytes` default to
    settings.FETCH_TIMEOUT and settings.FETCH_MAX_BYTES. Returns a Fetched
    whatever the HTTP status; raises FetchError otherwise.
    """
    timeout = settings.FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
    deadline = time.monotonic() + timeout
    current, seen = url, []
    while True:
        response, body = _one_request(current, deadline=deadline, max_bytes=max_bytes)
        location = response.getheader("Location")
        if response.status in REDIRECTS and location:
            if len(seen) >= max_redirects:
                raise FetchError("redirects", f"more than {max_redirects}", url=url)
            seen.append(current)
            current = urljoin(current, location.strip())
            continue
        return Fetched(
            url=url,
            final_url=current,
            status=response.status,
            reason=response.reason or "",
            headers=list(response.getheaders()),
            body=body,
            fetched_at=timezone.now(),
            redirects=seen,
        )
