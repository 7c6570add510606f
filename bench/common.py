"""What the load scripts share: a production-like environment on loopback,
manage.py, gunicorn in its own process group, waiting for HTTP, worker memory.

Used by bench/bench.py (`make bench`), bench/fault.py (`make fault`) and
bench/soak.py (`make soak`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def log(message):
    print(message, file=sys.stderr, flush=True)


def production_env(database_url, base_url, work, **extra):
    """The environment of a production deployment, on loopback and without TLS."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": base_url,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
        # The load generator is one client address: measure the API, not its rate limit.
        "API_ANONYMOUS_RATE": "100000000/min",
    }
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=capture, text=True
    )
    if result.returncode != 0:
        if capture:
            log(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout if capture else ""


TARGETS_SCRIPT = r"""
import json
from django.db.models import Count
from taggit.models import Tag
from articles.models import Article, Author, Region
public = Article.objects.published()
stories = list(public.order_by("-published_at").values_list("slug", flat=True)[:%(n)d])
regions = list(Region.objects.filter(level="region").annotate(n=Count("articles"))
    .order_by("-n").values_list("slug", flat=True)[:%(n)d])
tags = list(Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n")
    .values_list("slug", flat=True)[:%(n)d])
authors = list(Author.objects.annotate(n=Count("bylines")).order_by("-n")
    .values_list("slug", flat=True)[:%(n)d])
words = []
for title in public.order_by("-published_at").values_list("title", flat=True)[:%(n)d]:
    words.append(title.split(" à ")[-1] if " à " in title else title.split()[0])
print(json.dumps({"count": public.count(), "total": Article.objects.count(),
    "stories": stories, "regions": regions, "tags": tags, "authors": authors, "words": words}))
"""


def prepare_database(env, articles):
    """Create and migrate the database, and fill it with `articles` stories if it has fewer."""
    name = urllib.parse.urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    log(f"migrating {name}…")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    count = targets(env, 1)["total"]
    if count < articles:
        log(f"generating {articles - count:,} stories…")
        manage(env, "generate_corpus", "--articles", str(articles - count), capture=True)


def targets(env, n):
    out = manage(env, "shell", "-c", TARGETS_SCRIPT % {"n": n}, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def public_paths(env, n=20):
    """A mix of public pages: front, stories, regions, tags, authors, fact-checks, search, feeds."""
    found = targets(env, n)
    paths = ["/", "/", "/regions/", "/verifications/", "/flux/articles.rss", "/corrections/"]
    paths += [f"/articles/{slug}/" for slug in found["stories"]]
    paths += [f"/regions/{slug}/" for slug in found["regions"]]
    paths += [f"/tags/{slug}/" for slug in found["tags"]]
    paths += [f"/auteurs/{slug}/" for slug in found["authors"]]
    paths += [
        "/recherche/?" + urllib.parse.urlencode({"q": word}) for word in found["words"][: n // 4]
    ]
    return paths, found["count"]


@contextmanager
def process(command, env, log_path):
    """Run `command` in its own process group, output to `log_path`; kill the group on exit."""
    with open(log_path, "ab") as output:
        proc = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        except ProcessLookupError:
            pass


def gunicorn(port, workers, env, log_path, max_requests=0, app="newsroom.wsgi"):
    """gunicorn with the project's configuration (newsroom/gunicorn.py) serving `app`."""
    command = [str(BIN / "gunicorn"), "-c", "python:newsroom.gunicorn"]
    if workers:
        command += ["--workers", str(workers)]
    command += [
        "--bind",
        f"127.0.0.1:{port}",
        "--max-requests",
        str(max_requests),
        app,
    ]
    return process(command, env, log_path)


def wait_http(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def worker_rss_mb(master_pid):
    """{pid: resident memory in MB} of each worker of a gunicorn master."""
    sizes = {}
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if rss:
                sizes[int(child.name)] = int(rss.group(1)) / 1024
    return sizes


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_on_sigterm():
    """Turn SIGTERM/SIGHUP into SystemExit so that every `finally` runs."""

    def handler(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def ensure_tool(name, package):
    """True if `name` is on PATH, installing Debian's `package` first if needed."""
    if shutil.which(name):
        return True
    log(f"{name} is missing: installing Debian's {package}")
    for command in (
        ["apt-get", "install", "-y", package],
        ["sh", "-c", f"apt-get update && apt-get install -y {package}"],
    ):
        if subprocess.run(command, capture_output=True).returncode == 0 and shutil.which(name):
            return True
    return False


def setup_django_in_process(database_url: str, log_level: str = "WARNING") -> None:
    """Django set up in this process on `database_url`, with production-like settings
    (no page cache, no HTTPS redirect), for benches that call views directly."""
    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        PAGE_CACHE_SECONDS="0",
        LOG_LEVEL=log_level,
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
