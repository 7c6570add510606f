#!/usr/bin/env python
"""`make bench`: serve the site with gunicorn on loopback and measure it with wrk.

With production settings, each page is measured twice after a 2 s warm-up:
with `--connections` (16) connections for `--duration` seconds (requests/s,
p50, p99, and the CPU it costs), then with one connection (p50 unloaded).
CPU per request is read from /proc (bench/common.py, `CpuMeter`): the
utime+stime of every process of gunicorn's process group (master and workers)
plus those of the PostgreSQL backends connected to the bench database, over
the loaded run, divided by the requests wrk completed; the JSON keeps the app
and database parts apart. SQL queries and bytes per response come from one
Django process on the same database (django.test.Client inside
CaptureQueriesContext, page cache off); the admin changelist is requested by
the bench editor logged in through the real password and second-factor forms
(a TOTP device made for the run), and the bench stops if it answers anything
but the changelist. Errors are non-2xx/3xx responses and socket errors.

Then the limit of this stack: the same gunicorn configuration serving a
trivial WSGI app that returns the story page's bytes (the same columns), and
the same bytes from nginx. Prints one markdown table with each page's
throughput as a share of the trivial app's and its CPU per request as a
multiple of the trivial app's, the memory of each gunicorn worker after the
run, and the mixed read/write scenario (bench/mixed.py). Every process it
starts is stopped at the end, whatever happens.

    python bench/bench.py --articles 100000 --duration 10 --json bench.json
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import mixed
from common import (
    CLK_TCK,
    ROOT,
    CpuMeter,
    cpu_ms_per_request,
    ensure_tool,
    gunicorn,
    log,
    manage,
    process,
    production_env,
    wait_http,
    wait_idle,
    worker_rss_mb,
)
from django_otp.oath import totp

ADMIN_CHANGELIST = "/admin/articles/article/"
TRIVIAL = "LIMIT: trivial WSGI app"
WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)", re.M)
UNITS = {"us": 0.001, "ms": 1, "s": 1000}


def wrk(url, duration, connections, threads=2, cookie=None):
    """One wrk run: requests/s, p50 and p99 in ms, completed requests, errors
    (non-2xx/3xx responses plus socket errors: connect, read, write, timeout)."""
    threads = max(1, min(threads, connections))  # wrk wants a connection per thread
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    run = subprocess.run([*command, url], capture_output=True, text=True, timeout=duration + 60)
    return parse_wrk(run.stdout, url, run.stderr)


def parse_wrk(output, url="", stderr=""):
    """The numbers of wrk's `--latency` report (see `wrk`)."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not (rps and total):
        raise SystemExit(f"wrk gave no result for {url}:\n{output}\n{stderr}")
    latency = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(output)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non2xx = int(bad.group(1)) if bad else 0
    socket_errors = sum(int(g) for g in socket.groups()) if socket else 0
    return {
        "rps": float(rps.group(1)),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "requests": int(total.group(1)),
        "non2xx": non2xx,
        "socket_errors": socket_errors,
        "errors": non2xx + socket_errors,
    }


def measure(url, duration, connections, *, server_pgid=None, database=None, cookie=None):
    """A page's row: warm-up (2 s), `connections` connections for `duration` seconds
    with the CPU of the server's process group and of `database`'s backends, then
    one connection for `duration` seconds (latency unloaded)."""
    wrk(url, 2, connections, cookie=cookie)  # warm-up
    settle(server_pgid, database)
    meter = CpuMeter(server_pgid, database).start() if server_pgid else None
    try:
        loaded = wrk(url, duration, connections, cookie=cookie)
    finally:
        ticks = meter.stop() if meter else None
    settle(server_pgid, database)
    single = wrk(url, duration, 1, cookie=cookie)
    row = {
        **loaded,
        "connections": connections,
        "p50_1conn": single["p50"],
        "p99_1conn": single["p99"],
        "rps_1conn": single["rps"],
        "requests_1conn": single["requests"],
        "errors_1conn": single["errors"],
        "cpu_ticks": ticks,
        "cpu_server_ms": None,
        "cpu_db_ms": None,
        "cpu_ms": None,
    }
    if ticks is not None and loaded["requests"]:
        row["cpu_server_ms"] = cpu_ms_per_request(ticks["server"], loaded["requests"])
        row["cpu_db_ms"] = cpu_ms_per_request(ticks["db"], loaded["requests"])
        row["cpu_ms"] = row["cpu_server_ms"] + row["cpu_db_ms"]
    return row


def settle(server_pgid, database):
    """Let the server finish what the last wrk run left queued before the next one."""
    if server_pgid and not wait_idle(server_pgid, database):
        log("warning: the server is still busy 60 s after wrk stopped")


def http_get(base, path, cookie=None):
    """(status, body) of one GET, redirects not followed."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _form_token(page, url):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise SystemExit(f"No CSRF token on {url}: cannot log in for the admin benchmark.")
    return found.group(1)


def login_cookie(base, username, password, device):
    """A fully verified staff session: the admin's login form (password), then the
    second-factor form with the current code of the editor's authenticator (`device`:
    its hex key, step, t0 and digits). Returns the Cookie header for wrk."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/admin/login/"
    page = opener.open(login).read().decode()
    data = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": _form_token(page, login),
        "next": ADMIN_CHANGELIST,
    }
    request = urllib.request.Request(
        login, data=urllib.parse.urlencode(data).encode(), headers={"Referer": login}
    )
    with opener.open(request) as response:  # redirected to the second factor's page
        second, page = response.geturl(), response.read().decode()
    if 'name="token"' not in page:
        raise SystemExit(
            f"After the password, {second} shows no second-factor form: "
            "the bench editor is not logged in, or has no authenticator."
        )
    code = totp(
        bytes.fromhex(device["key"]), step=device["step"], t0=device["t0"], digits=device["digits"]
    )
    data = {
        "token": f"{code:0{device['digits']}d}",
        "csrfmiddlewaretoken": _form_token(page, second),  # rotated at login
        "next": ADMIN_CHANGELIST,
    }
    request = urllib.request.Request(
        second, data=urllib.parse.urlencode(data).encode(), headers={"Referer": second}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("Could not log in to the admin for the changelist benchmark.")
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    check_changelist(base, cookie)
    return cookie


def check_changelist(base, cookie, when="before measuring"):
    """The admin row must measure the changelist itself, not a redirect to a login or
    second-factor page: fail loudly otherwise."""
    status, body = http_get(base, ADMIN_CHANGELIST, cookie)
    if status != 200 or b'id="changelist"' not in body:
        raise SystemExit(
            f"{ADMIN_CHANGELIST} {when}: HTTP {status}, not the changelist "
            "(the bench editor's session is not fully verified)."
        )


def pick_targets(env):
    """Representative URLs from the data: the busiest region, tag and author."""
    script = r"""
import json
from django.db.models import Count
from taggit.models import Tag
from articles.models import Article, Author, Region
from factcheck.models import Claim
public = Article.objects.published()
story = public.annotate(n=Count("claims")).filter(n__gte=2).order_by("-published_at").first() \
    or public.order_by("-published_at").first()
region = Region.objects.filter(level="region").annotate(
    n=Count("articles")).order_by("-n").first()
tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
words = (story.title.split(" à ")[-1] if " à " in story.title else story.title.split()[0])
# Page 400 of the fact-check index, as its "older" links reach it (a keyset cursor).
from urllib.parse import urlencode
from django.db.models import Exists, OuterRef
from newsroom.pagination import PAGE_SIZE, cursor
checked = public.filter(Exists(Claim.objects.rated().filter(article=OuterRef("pk"))))
deep = checked.order_by("-published_at", "-pk")[399 * PAGE_SIZE - 1:399 * PAGE_SIZE].first()
print(json.dumps({"story": story.get_absolute_url(), "region": region.get_absolute_url(),
    "tag": f"/tags/{tag.slug}/" if tag else "/", "author": author.get_absolute_url(),
    "search": "/recherche/?q=" + words, "count": public.count(),
    "story_slug": story.slug, "region_slug": region.slug,
    "factchecks_400": "/verifications/?" + urlencode({"before": cursor(deep, "published_at")})
        if deep else "/verifications/"}))
"""
    out = manage(env, "shell", "-c", script, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def ensure_bench_user(env):
    """The bench editor, with a new password and a new confirmed authenticator (TOTP)
    each run: (username, password, device), device = the TOTP parameters."""
    script = r"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.twofactor import AUTHENTICATOR_NAME
from newsroom.roles import EDITOR, sync_roles
sync_roles()
User = get_user_model()
user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
user.is_staff = True
user.set_password("%s")
user.save()
user.groups.add(Group.objects.get(name=EDITOR))
# A fresh device: its last used code is unknown, so the code computed now is accepted.
TOTPDevice.objects.filter(user=user).delete()
device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
print("DEVICE " + json.dumps({"key": device.key, "step": device.step, "t0": device.t0,
    "digits": device.digits}))
"""
    password = secrets.token_urlsafe(16)
    out = manage(env, "shell", "-c", script % password, capture=True)
    line = next(x for x in out.splitlines() if x.startswith("DEVICE "))
    return "bench-editor", password, json.loads(line[7:])


# Each path requested twice in one process (the first fills per-process caches, as in
# a warm worker); the second is counted: SQL queries on every database, body bytes.
# Admin paths as the bench editor, logged in and past the second factor (the session
# key django_otp's OTPMiddleware reads), the others as an anonymous reader.
QUERIES_SCRIPT = r"""
import json, os
from contextlib import ExitStack
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
editor = get_user_model().objects.get(username="bench-editor")
device = TOTPDevice.objects.get(user=editor, confirmed=True)
reader = Client(HTTP_HOST="127.0.0.1")
staff = Client(HTTP_HOST="127.0.0.1")
staff.force_login(editor)
session = staff.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
found = {}
for path in json.loads(os.environ["BENCH_PATHS"]):
    client = staff if path.startswith("/admin/") else reader
    client.get(path)
    with ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(connections[alias]))
                    for alias in connections]
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    found[path] = {"status": response.status_code, "bytes": len(body),
                   "queries": sum(len(c) for c in captured)}
print("QUERIES " + json.dumps(found))
"""


def count_queries(env, paths):
    """{path: {"status", "queries", "bytes"}} from one Django process on the same database."""
    env = {**env, "BENCH_PATHS": json.dumps(paths)}
    out = manage(env, "shell", "-c", QUERIES_SCRIPT, capture=True)
    line = next(x for x in out.splitlines() if x.startswith("QUERIES "))
    return json.loads(line[8:])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
        ),
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=int(os.environ.get("BENCH_ARTICLES", 100_000)),
        help="generate stories until the database holds this many",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument(
        "--connections",
        type=int,
        default=16,
        help="wrk connections of the throughput run (each page is also measured with one)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help="the site's port; the trivial app and nginx take the next two",
    )
    parser.add_argument("--redis", action="store_true", help="use Redis as the cache")
    parser.add_argument(
        "--recycle-every",
        type=int,
        default=5000,
        help="also measure the cached page with workers recycled every N requests "
        "(production: 50,000; a tenth of it shows the cost per restart; 0 to skip)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--mixed-duration",
        type=int,
        default=60,
        help="seconds of the mixed read/write scenario (bench/mixed.py; 0 to skip)",
    )
    parser.add_argument("--mixed-stories", type=int, default=5000)
    args = parser.parse_args()

    if not ensure_tool("wrk", "wrk"):
        raise SystemExit("wrk is required (apt-get install wrk).")
    have_nginx = ensure_tool("nginx", "nginx-light")

    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    work.chmod(0o755)  # nginx workers run as another user
    port, trivial_port, static_port = args.port, args.port + 1, args.port + 2
    base = f"http://127.0.0.1:{port}"
    # The file cache of this run only: no page left by an earlier run (or another database).
    env = production_env(args.database_url, base, work, CACHE_DIR=str(work / "cache"))
    if args.redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
    uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
    name = urllib.parse.urlsplit(args.database_url).path.lstrip("/")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    log("migrating…")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    targets = pick_targets(env) if _has_articles(env) else {"count": 0}
    if targets["count"] < args.articles:
        missing = args.articles - targets["count"]
        log(f"generating {missing:,} stories…")
        manage(env, "generate_corpus", "--articles", str(missing), capture=True)
        targets = pick_targets(env)
    username, password, device = ensure_bench_user(env)
    pages = [
        ("front page", "/"),
        ("story page", targets["story"]),
        ("region page", targets["region"]),
        ("tag page", targets["tag"]),
        ("author page", targets["author"]),
        ("fact-check index", "/verifications/"),
        ("fact-check index, page 400", targets["factchecks_400"]),
        ("search", targets["search"]),
        ("RSS feed", "/flux/articles.rss"),
        ("sitemap index", "/sitemap.xml"),
        ("admin changelist", ADMIN_CHANGELIST),
        ("API story list", "/api/v1/stories/"),
        (
            "API sync (updated_since)",
            "/api/v1/stories/?limit=20&updated_since=2000-01-01T00:00:00Z",
        ),
        ("API story detail", f"/api/v1/stories/{targets['story_slug']}/"),
        ("API stories of a region", f"/api/v1/stories/?region={targets['region_slug']}"),
    ]
    log("counting queries per page…")
    counted = count_queries(uncached_env, [path for _label, path in pages])
    counted_cached = count_queries(env, [targets["story"]])[targets["story"]]
    for label, path in pages:
        if counted[path]["status"] != 200:
            log(f"warning: {label} ({path}) answers HTTP {counted[path]['status']}")
    if counted[ADMIN_CHANGELIST]["status"] != 200:
        raise SystemExit(
            f"{ADMIN_CHANGELIST} answers HTTP {counted[ADMIN_CHANGELIST]['status']} to the "
            "verified bench editor: the admin row would not measure the changelist."
        )
    results = []
    memory = {}
    with ExitStack() as stack:
        # 1. The site without its page cache: every request runs Django and SQL.
        uncached = stack.enter_context(
            gunicorn(port, args.workers, uncached_env, work / "site.log")
        )
        wait_http(base + "/")
        cookie = login_cookie(base, username, password, device)
        for label, path in pages:
            use_cookie = cookie if path.startswith("/admin/") else None
            result = measure(
                base + path,
                args.duration,
                args.connections,
                server_pgid=uncached.pid,
                database=name,
                cookie=use_cookie,
            )
            results.append(
                {
                    "page": label + (" (uncached)" if label == "story page" else ""),
                    "path": path,
                    **result,
                    **counted[path],
                }
            )
            log(f"{label:<24} {result['rps']:8.0f} req/s  {result['cpu_ms'] or 0:6.2f} CPU ms")
        check_changelist(base, cookie, when="after its measurement")
        memory["site"] = list(worker_rss_mb(uncached.pid).values())
        story_bytes = urllib.request.urlopen(base + targets["story"]).read()
        stack.close()

    with ExitStack() as stack:
        # 2. The same site with its page cache: anonymous readers' usual case.
        def cached_story(server, label):
            """The cached story page's row, served by `server` (a gunicorn process)."""
            wait_http(base + "/")
            result = measure(
                base + targets["story"],
                args.duration,
                args.connections,
                server_pgid=server.pid,
                database=name,
            )
            results.append({"page": label, "path": targets["story"], **result, **counted_cached})

        cached = stack.enter_context(gunicorn(port, args.workers, env, work / "site.log"))
        cached_story(cached, "story page (cached)")
        memory["site, cached run"] = list(worker_rss_mb(cached.pid).values())
        mixed_result = None
        if args.mixed_duration:
            # Readers over many stories while an editor saves drafts and publishes.
            mixed_result = mixed.run(
                env,
                base,
                stories=args.mixed_stories,
                duration=args.mixed_duration,
                connections=16,
                draft_every=5,
                publish_every=60,
                work=work,
            )

        if args.recycle_every:
            # Worker recycling (gunicorn's max_requests) on the cached page, where it costs
            # most: each restart's share of the time grows with the request rate.
            stack.close()
            recycled = stack.enter_context(
                gunicorn(
                    port,
                    args.workers,
                    {**env, "GUNICORN_MAX_REQUESTS_JITTER": "0"},
                    work / "site.log",
                    max_requests=args.recycle_every,
                )
            )
            cached_story(
                recycled, f"story page (cached), workers recycled every {args.recycle_every:,}"
            )

        # 3. The limit: same gunicorn, trivial WSGI app, same bytes.
        page_file = work / "story.html"
        page_file.write_bytes(story_bytes)
        page_file.chmod(0o644)
        trivial = stack.enter_context(
            gunicorn(
                trivial_port,
                args.workers,
                {**env, "BENCH_PAGE_FILE": str(page_file), "PYTHONPATH": str(ROOT)},
                work / "trivial.log",
                app="bench.trivial_app:application",
            )
        )
        trivial_url = f"http://127.0.0.1:{trivial_port}/"
        wait_http(trivial_url)
        limit = measure(
            trivial_url, args.duration, args.connections, server_pgid=trivial.pid, database=name
        )
        results.append(
            {
                "page": TRIVIAL,
                "path": "/",
                **limit,
                "status": 200,
                "queries": 0,
                "bytes": len(story_bytes),
            }
        )
        memory["trivial app"] = list(worker_rss_mb(trivial.pid).values())

        # 4. The same bytes from a static file server (no Python, no database).
        if have_nginx:
            conf = work / "nginx.conf"
            conf.write_text(NGINX_CONF.format(root=work, port=static_port, workers=args.workers))
            nginx = stack.enter_context(
                process(
                    ["nginx", "-c", str(conf), "-p", str(work), "-g", "daemon off;"],
                    env,
                    work / "nginx.log",
                )
            )
            static_url = f"http://127.0.0.1:{static_port}/story.html"
            wait_http(static_url)
            results.append(
                {
                    "page": "static file (nginx)",
                    "path": "/story.html",
                    **measure(static_url, args.duration, args.connections, server_pgid=nginx.pid),
                    "status": 200,
                    "queries": None,
                    "bytes": len(story_bytes),
                }
            )

    add_ratios(results, limit)
    print_table(results, targets["count"], args, memory)
    if mixed_result:
        print(
            f"mixed read/write (readers over {mixed_result['stories']:,} stories, 16 connections; "
            f"an editor saves a draft every 5 s, publishes every 60 s): hit ratio "
            f"{mixed_result['hit_ratio']:.3f}, {mixed_result['rps']:.0f} req/s, "
            f"{mixed_result['errors']} errors; editor {mixed_result['editor']}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "results": results,
                    "trivial": limit,
                    "memory_mb": memory,
                    "articles": targets["count"],
                    "connections": args.connections,
                    "duration_s": args.duration,
                    "workers": args.workers,
                    "clock_ticks_per_s": CLK_TCK,
                    "mixed": mixed_result,
                },
                indent=2,
            )
        )
    shutil.rmtree(work, ignore_errors=True)


def _has_articles(env):
    try:
        pick_targets(env)
        return True
    except (SystemExit, AttributeError, json.JSONDecodeError):
        return False


NGINX_CONF = """
worker_processes {workers};
error_log {root}/nginx-error.log;
pid {root}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
  server {{ listen 127.0.0.1:{port}; root {root}; default_type text/html; }}
}}
"""


def add_ratios(results, trivial):
    """Each row's throughput as a share of the trivial app's (same connections), and its
    CPU per request as a multiple of the trivial app's."""
    for row in results:
        row["throughput_vs_trivial"] = row["rps"] / trivial["rps"] if trivial["rps"] else None
        row["cpu_vs_trivial"] = (
            row["cpu_ms"] / trivial["cpu_ms"]
            if row.get("cpu_ms") is not None and trivial.get("cpu_ms")
            else None
        )


def _number(value, form, dash="–"):
    return dash if value is None else format(value, form)


def print_table(results, articles, args, memory):
    print()
    print(
        f"{articles:,} public stories · {args.workers} gunicorn workers · "
        f"wrk {args.connections} connections and 1 connection, {args.duration} s each · "
        f"{os.cpu_count()} cores · CPU: gunicorn processes + PostgreSQL backends, per request "
        f"at {args.connections} connections"
    )
    print()
    c = args.connections
    print(
        f"| page | req/s ({c} conn) | p50 ms | p99 ms | p50 ms (1 conn) | CPU ms/req (app + db) "
        "| queries | KB | errors | throughput vs trivial | CPU × trivial |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        page = row["page"]
        if row.get("status") not in (None, 200):
            page += f" (HTTP {row['status']})"
        cpu = "–"
        if row.get("cpu_ms") is not None:
            cpu = f"{row['cpu_ms']:.2f} ({row['cpu_server_ms']:.2f} + {row['cpu_db_ms']:.2f})"
        size = None if row.get("bytes") is None else row["bytes"] / 1024
        print(
            f"| {page} | {row['rps']:.0f} | {_number(row['p50'], '.2f')} | "
            f"{_number(row['p99'], '.2f')} | {_number(row['p50_1conn'], '.2f')} | {cpu} | "
            f"{_number(row.get('queries'), 'd')} | {_number(size, '.1f')} | "
            f"{row['errors'] + row['errors_1conn']} | "
            f"{_number(row['throughput_vs_trivial'], '.0%')} | "
            f"{_number(row['cpu_vs_trivial'], '.1f')}{'×' if row['cpu_vs_trivial'] else ''} |"
        )
    print()
    for label, sizes in memory.items():
        listed = ", ".join(f"{size:.0f}" for size in sizes)
        print(f"worker memory after the run ({label}): {listed} MB")


if __name__ == "__main__":
    main()
