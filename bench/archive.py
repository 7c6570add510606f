#!/usr/bin/env python
"""`make bench-archive`: archive N cited URLs from a local server with one real worker.

Starts a local HTTP server (a mix of pages: most answer 200 with ~20 KiB of HTML,
some redirect, some are 404, 500, slow past the time limit, or redirect to a private
address), migrates a throwaway SQLite database, queues one `archive_evidence` task
per URL, then runs `manage.py db_worker --batch` (the production worker, one
process) until the queue is empty. Prints the throughput, the outcome by reason and
the worker's peak resident memory. Every process it starts is stopped.

    python bench/archive.py --urls 1000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = (
    "<p>Le conseil municipal de Granville a voté l'ouverture du bassin d'eau de mer "
    "pour la saison, après six mois de travaux sur la digue et les pompes.</p>"
)
PAGE = ("<!doctype html><title>Délibération</title><script>x()</script>" + PARAGRAPH * 100).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        n = int(self.path.rsplit("/", 1)[-1] or 0)
        kind = n % 50
        if kind == 1:
            return self._answer(404, b"absent")
        if kind == 2:
            return self._answer(500, b"panne")
        if kind == 3:
            time.sleep(3)
            return self._answer(200, b"trop tard")
        if kind == 4:
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return None
        if kind == 5:
            self.send_response(301)
            self.send_header("Location", f"/page/{n + 1}")
            self.end_headers()
            return None
        return self._answer(200, PAGE + str(n).encode())

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "SECRET_KEY": "bench-only-not-a-secret",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
            "FETCH_TIMEOUT": "1",
            "LOG_LEVEL": "ERROR",
        }
        python = sys.executable
        manage = [python, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
        queue = (
            "from factcheck.evidence import archive_evidence\n"
            f"for n in range({args.urls}):\n"
            f"    archive_evidence.enqueue(url='http://127.0.0.1:{port}/page/%d' % n)\n"
        )
        subprocess.run([*manage, "shell", "-c", queue], env=env, check=True, cwd=ROOT)
        started = time.monotonic()
        subprocess.run(
            [
                *manage,
                "db_worker",
                "--batch",
                "--queue-name",
                "*",
                "--interval",
                "0",
                "--no-startup-delay",
                "--no-reload",
                "-v",
                "0",
            ],
            env=env,
            check=True,
            cwd=ROOT,
        )
        elapsed = time.monotonic() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        report = (
            "from django.db.models import Count\n"
            "from factcheck.models import EvidenceCapture as C\n"
            "rows = C.objects.values('failure', 'status_code').annotate(n=Count('id'))\n"
            "for r in rows.order_by('-n'):\n"
            "    print(f\"  {r['n']:5}  {r['failure'] or 'fetched'} {r['status_code'] or ''}\")\n"
            "print(f'  usable captures: {C.objects.usable().count()}')\n"
        )
        print(
            f"{args.urls} URLs archived by one worker in {elapsed:.1f} s "
            f"({args.urls / elapsed:.1f} URLs/s), worker peak RSS {peak_mib:.0f} MiB"
        )
        print("Outcomes (captures, retries included):")
        subprocess.run([*manage, "shell", "-c", report], env=env, check=True, cwd=ROOT)
    server.shutdown()


if __name__ == "__main__":
    main()
