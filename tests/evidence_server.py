"""A local web server for the tests that fetch URLs (there is no internet here).

Its pages behave like the web at its worst: redirects (to itself, elsewhere, to private
addresses), slow and huge answers, errors. `pages` can be changed during a test (the link
watch sees a page die or change).
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE = (
    "<!doctype html><html><head><title>Arrêté n° 2024-118 — Mairie de Granville</title>"
    "<script>document.cookie='x'; alert('piège')</script><style>p{color:red}</style></head>"
    "<body><h1>Ouverture du bassin</h1><p>Le bassin d'eau de mer rouvre le 1er juin.</p>"
    "<p>Horaires : 8 h – 20 h &amp; nocturnes le vendredi.</p>"
    '<img src="x" onerror="alert(1)"></body></html>'
)


class EvidenceServer:
    def __init__(self):
        self.pages = {
            "/arrete": (200, "text/html; charset=utf-8", ARTICLE.encode()),
            "/rapport.pdf": (200, "application/pdf", b"%PDF-1.4 rapport"),
            "/absent": (404, "text/html", b"<p>Introuvable</p>"),
            "/panne": (500, "text/html", b"<p>Erreur</p>"),
        }
        self.redirects = {
            "/ancien": "/arrete",
            "/boucle": "/boucle",
            "/vers-prive": "http://10.0.0.7/interne",
            "/vers-metadonnees": "http://169.254.169.254/latest/meta-data/",
            "/vers-local": "http://[::1]/",
            "/vers-ftp": "ftp://example.org/fichier",
        }
        self.requests = []  # (path, headers) of every request
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path == "/lent":
                    time.sleep(3)
                    return self._send(200, "text/html", b"<p>trop tard</p>")
                if self.path == "/goutte-a-goutte":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    for _ in range(40):
                        self.wfile.write(b"<p>.</p>")
                        self.wfile.flush()
                        time.sleep(0.1)
                    return
                if self.path == "/enorme":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    chunk = b"x" * 65536
                    try:
                        for _ in range(400):  # 25 MiB
                            self.wfile.write(chunk)
                    except OSError:
                        pass
                    return
                status, kind, body = server.pages.get(self.path, (404, "text/html", b"?"))
                self._send(status, kind, body)

            def _send(self, status, kind, body):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Set-Cookie", "session=secret")
                self.end_headers()
                self.wfile.write(body)

        return Handler


@pytest.fixture
def evidence_server(settings):
    """The local server, and the test-only allowance to fetch from 127.0.0.1 (only)."""
    settings.FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]
    settings.FETCH_TIMEOUT = 1.0
    settings.FETCH_MAX_BYTES = 1024 * 1024
    server = EvidenceServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
