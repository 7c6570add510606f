"""The SSRF-safe fetcher: public addresses only (after DNS and on every redirect), bounded
in time and size; tests use a local server with an explicit allowance for 127.0.0.1."""

import socket

import pytest

from newsroom.fetch import FetchError, fetch, is_public_address


def reason(url, **kwargs):
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    return caught.value.reason


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_only_public_addresses_are_public(address, public):
    """Loopback, private, link-local (cloud metadata), shared, multicast and unspecified
    addresses are refused, in IPv4, IPv6 and IPv4-mapped IPv6."""
    assert is_public_address(address) is public


def test_without_the_allowance_the_local_server_is_refused(settings, evidence_server):
    """By its address, by a name that resolves to it, or by a DNS answer pointing there."""
    settings.FETCH_ALLOW_NETWORKS = []
    assert reason(evidence_server.url("/arrete")) == "address"
    assert reason(f"http://localhost:{evidence_server.port}/arrete") == "address"
    assert evidence_server.requests == []


def test_a_public_looking_name_resolving_to_loopback_is_refused(
    settings, monkeypatch, evidence_server
):
    """DNS tricks: a name whose DNS answer is 127.0.0.1 is refused before any connection."""
    settings.FETCH_ALLOW_NETWORKS = []
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "preuves.example":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    assert reason(f"http://preuves.example:{evidence_server.port}/arrete") == "address"
    assert evidence_server.requests == []


def test_a_page_is_fetched_with_its_status_and_a_clear_user_agent(settings, evidence_server):
    """200 with the body; no cookie sent; our User-Agent; no compression asked."""
    page = fetch(evidence_server.url("/arrete"))
    assert page.status == 200
    assert page.content_type == "text/html"
    assert b"Ouverture du bassin" in page.body
    fetch(evidence_server.url("/arrete"))
    _path, headers = evidence_server.requests[-1]
    assert headers["User-Agent"] == settings.FETCH_USER_AGENT
    assert "Cookie" not in headers
    assert headers["Accept-Encoding"] == "identity"


def test_redirects_are_followed_and_recorded(evidence_server):
    """The final URL after redirects is kept."""
    page = fetch(evidence_server.url("/ancien"))
    assert page.final_url == evidence_server.url("/arrete")
    assert page.redirects == [evidence_server.url("/ancien")]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/vers-prive", "address"),
        ("/vers-metadonnees", "address"),
        ("/vers-local", "address"),
        ("/vers-ftp", "scheme"),
        ("/boucle", "redirects"),
    ],
)
def test_every_redirect_is_checked(evidence_server, path, expected):
    """A redirect to a private address, the metadata service, IPv6 loopback or another
    scheme is refused; a loop stops."""
    assert reason(evidence_server.url(path)) == expected


def test_error_statuses_are_answers_not_failures(evidence_server):
    """404 and 500 come back with their status (the caller decides)."""
    assert fetch(evidence_server.url("/absent")).status == 404
    assert fetch(evidence_server.url("/panne")).status == 500


def test_time_and_size_are_bounded(evidence_server):
    """A server that waits, one that trickles past the deadline, and a huge page all stop."""
    assert reason(evidence_server.url("/lent"), timeout=0.5) == "timeout"
    assert reason(evidence_server.url("/goutte-a-goutte"), timeout=0.5) == "timeout"
    assert reason(evidence_server.url("/enorme"), max_bytes=256 * 1024) == "too_large"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("file:///etc/passwd", "scheme"),
        ("gopher://127.0.0.1/", "scheme"),
        ("http:///sans-hote", "scheme"),
        ("http://nom-qui-n-existe-pas.invalid/", "dns"),
    ],
)
def test_bad_addresses_fail_with_a_reason(url, expected):
    """Other schemes, no host, unknown names: a reason, never an exception of another kind."""
    assert reason(url) == expected
