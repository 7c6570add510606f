"""What the load scripts share: a production-like environment on loopback,
manage.py, gunicorn in its own process group, waiting for HTTP, worker memory,
and the CPU time a server and its PostgreSQL backends spend (read from /proc).

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
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
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


# CPU time from /proc: what the server and its database spend per request.
#
# proc(5): /proc/<pid>/stat is one line, "pid (comm) state ppid pgrp …"; comm is
# the command name, up to 15 bytes, and may itself hold spaces and ")". Times are
# in clock ticks (sysconf(_SC_CLK_TCK), usually 100 a second).
CLK_TCK = os.sysconf("SC_CLK_TCK")
# A PostgreSQL backend's title: "postgres: [cluster: ]user database host(port) state".
BACKEND_TITLE = re.compile(r"^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])(?: |$)")
PARALLEL_TITLE = re.compile(r"^postgres: (?:\S+: )?parallel worker for PID (\d+)")


@dataclass(frozen=True)
class ProcStat:
    """The fields of a /proc/<pid>/stat line a CPU measurement needs (times in ticks)."""

    pid: int
    comm: str
    ppid: int
    pgrp: int
    utime: int
    stime: int
    cutime: int
    cstime: int
    starttime: int

    @property
    def ticks(self) -> int:
        """CPU time of the process and of its children it has waited for, in clock ticks."""
        return self.utime + self.stime + self.cutime + self.cstime


def parse_stat(line: str) -> ProcStat:
    """Parse a /proc/<pid>/stat line. The command name sits between the first "(" and
    the LAST ")": it may contain ") " itself, so only the text after that last ")"
    is split into fields (field 3, the state, first)."""
    head, _, tail = line.rpartition(")")
    pid, _, comm = head.partition(" (")
    fields = tail.split()
    # fields[n - 3] is proc(5)'s field n: 4 ppid, 5 pgrp, 14 utime, 15 stime,
    # 16 cutime, 17 cstime, 22 starttime.
    return ProcStat(
        pid=int(pid),
        comm=comm,
        ppid=int(fields[1]),
        pgrp=int(fields[2]),
        utime=int(fields[11]),
        stime=int(fields[12]),
        cutime=int(fields[13]),
        cstime=int(fields[14]),
        starttime=int(fields[19]),
    )


def postgres_title_database(title: str) -> str | None:
    """The database of a PostgreSQL client backend, from its process title; None for
    the postmaster, background processes (autovacuum, checkpointer…) and others."""
    match = BACKEND_TITLE.match(title)
    return match.group(1) if match else None


def parallel_worker_leader(title: str) -> int | None:
    """The PID of the backend a PostgreSQL parallel worker works for, from its title."""
    match = PARALLEL_TITLE.match(title)
    return int(match.group(1)) if match else None


def read_processes(proc=Path("/proc")):
    """[(ProcStat, title)] of every process readable in `proc`. The title (the
    command line, NULs as spaces) is read only for `postgres` processes, the one
    place it is needed: a backend writes its database into it."""
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = parse_stat((entry / "stat").read_text())
            title = ""
            if stat.comm == "postgres":
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                title = title.strip()
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not ours to read
        found.append((stat, title))
    return found


def classify(processes, server_pgid: int, database: str | None):
    """{(pid, starttime): "server" or "db"} for the processes a request costs: every
    process of the server's process group (gunicorn's master and workers), and the
    PostgreSQL backends connected to `database` with their parallel workers."""
    groups = {}
    backends = set()
    for stat, title in processes:
        if stat.pgrp == server_pgid:
            groups[stat.pid, stat.starttime] = "server"
        elif database and stat.comm == "postgres" and postgres_title_database(title) == database:
            groups[stat.pid, stat.starttime] = "db"
            backends.add(stat.pid)
    for stat, title in processes:
        if stat.comm == "postgres" and parallel_worker_leader(title) in backends:
            groups[stat.pid, stat.starttime] = "db"
    return groups


def cpu_ms_per_request(ticks: int, requests: int, clk_tck: int = CLK_TCK) -> float | None:
    """Milliseconds of CPU per request: `ticks` of CPU time spread over `requests`."""
    if not requests:
        return None
    return ticks * 1000 / clk_tck / requests


class CpuMeter:
    """CPU time of a server (its process group) and of its database's PostgreSQL
    backends between `start()` and `stop()`.

    `stop()` returns {"server": ticks, "db": ticks}; `cpu_ms_per_request()` turns
    them into milliseconds of CPU per request. Each process counts from its first
    reading (0 if it started during the measurement) to its last: /proc is sampled
    every `interval` seconds meanwhile, so a backend that exits during the run
    (Django closes a connection past CONN_MAX_AGE) keeps what it spent up to its
    last sample instead of vanishing from the total. A gunicorn worker that exits
    is counted whole by its master's children times. What is not counted: a
    process's last `interval` before it exits, short-lived parallel workers, the
    load generator itself.
    """

    def __init__(self, server_pgid: int, database: str | None, interval: float = 0.5):
        self.server_pgid = server_pgid
        self.database = database
        self.interval = interval
        self._first: dict = {}
        self._last: dict = {}
        self._group: dict = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self, baseline: bool = False) -> None:
        processes = read_processes()
        groups = classify(processes, self.server_pgid, self.database)
        for stat, _title in processes:
            key = (stat.pid, stat.starttime)
            if key not in groups:
                continue
            self._group[key] = groups[key]
            self._first.setdefault(key, stat.ticks if baseline else 0)
            self._last[key] = stat.ticks

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def start(self) -> CpuMeter:
        self._sample(baseline=True)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict[str, int]:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self._sample()
        spent = {"server": 0, "db": 0}
        for key, group in self._group.items():
            spent[group] += self._last[key] - self._first[key]
        return spent


def wait_idle(server_pgid: int, database: str | None = None, quiet=0.5, timeout=60.0) -> bool:
    """Wait until the server's processes and `database`'s backends spend at most one
    clock tick per process in `quiet` seconds; False if they are still busy at `timeout`.

    When wrk stops, requests it sent may still wait in the listen backlog, and a
    sync worker runs each of them to the end: without this, a slow page's
    warm-up would still be running during its measurement."""
    deadline = time.monotonic() + timeout

    def reading():
        processes = read_processes()
        groups = classify(processes, server_pgid, database)
        return {
            (stat.pid, stat.starttime): stat.ticks
            for stat, _title in processes
            if (stat.pid, stat.starttime) in groups
        }

    before = reading()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = reading()
        busy = sum(max(0, ticks - before.get(key, 0)) for key, ticks in now.items())
        if busy <= len(now):
            return True
        before = now
    return False


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
