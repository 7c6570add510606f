"""Where an import finds its images: a local copy of wp-content/uploads, or the web.

`LocalMedia` maps an attachment's address to a file under a directory (the path
after ``wp-content/uploads/``), never outside it. `RemoteMedia` downloads it,
and refuses any address that resolves to a private, loopback, link-local or
otherwise non-public network (the import must not become a way to read the
host's own network), connecting to the address it checked (no second DNS
answer), with a time limit, a size limit and no redirect to follow blindly.
Either way the bytes then go through the site's image validation
(newsroom/images.py) before they become a story's picture.
"""

from __future__ import annotations

import http.client
import ipaddress
import posixpath
import socket
import ssl
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings


class MediaError(Exception):
    """The file cannot be had; the message says why."""


def _upload_path(url: str) -> str:
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        path = path.split(marker, 1)[1]
    return posixpath.normpath(path.lstrip("/"))


class LocalMedia:
    """Files from a directory holding a copy of the site's uploads."""

    def __init__(self, directory: str | Path):
        self.root = Path(directory).resolve()
        if not self.root.is_dir():
            raise MediaError(f"{directory} is not a directory")

    def read(self, url: str) -> bytes:
        relative = _upload_path(url)
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root) or relative.startswith(".."):
            raise MediaError(f"{url}: outside the media directory")
        if not candidate.is_file():
            raise MediaError(f"{url}: no file {relative} in the media directory")
        if candidate.stat().st_size > settings.IMAGE_MAX_BYTES:
            raise MediaError(f"{url}: larger than {settings.IMAGE_MAX_BYTES} bytes")
        return candidate.read_bytes()


def public_address(host: str, port: int, allowed_networks=()) -> str:
    """An IP address of `host` that is safe to connect to, or MediaError.

    Every address the name resolves to must be public (a name with one private
    address among public ones is refused), unless it is inside one of
    `allowed_networks` (tests only: a local server).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise MediaError(f"{host}: cannot be resolved") from exc
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        allowed = any(address in network for network in allowed_networks)
        if not allowed and not address.is_global:
            raise MediaError(f"{host}: resolves to a non-public address ({address}); refused")
        addresses.append(str(address))
    if not addresses:
        raise MediaError(f"{host}: no address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class RemoteMedia:
    """Files downloaded from their public address, within limits."""

    def __init__(self, *, timeout: float = 10.0, max_redirects: int = 3, allowed_networks=()):
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.allowed_networks = tuple(ipaddress.ip_network(n) for n in allowed_networks)

    def read(self, url: str) -> bytes:
        for _attempt in range(self.max_redirects + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise MediaError(f"{url}: not an http(s) address")
            if parts.username or parts.password:
                raise MediaError(f"{url}: addresses with credentials are refused")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = public_address(parts.hostname, port, self.allowed_networks)
            kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
            connection = kind(parts.hostname, port, address, self.timeout)
            try:
                path = parts.path or "/"
                if parts.query:
                    path += "?" + parts.query
                connection.request("GET", path, headers={"User-Agent": "newsroom-import/1"})
                response = connection.getresponse()
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location", "")
                    if not location:
                        raise MediaError(f"{url}: redirect without a location")
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise MediaError(f"{url}: HTTP {response.status}")
                limit = settings.IMAGE_MAX_BYTES
                declared = response.getheader("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise MediaError(f"{url}: larger than {limit} bytes")
                return self._body(url, response, limit)
            except (OSError, http.client.HTTPException) as exc:
                raise MediaError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
            finally:
                connection.close()
        raise MediaError(f"{url}: too many redirects")

    def _body(self, url, response, limit) -> bytes:
        # The socket timeout bounds each read; the deadline bounds a slow trickle.
        deadline = time.monotonic() + self.timeout * 3
        chunks, size = [], 0
        while True:
            chunk = response.read(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise MediaError(f"{url}: larger than {limit} bytes")
            if time.monotonic() > deadline:
                raise MediaError(f"{url}: download too slow")
            chunks.append(chunk)
