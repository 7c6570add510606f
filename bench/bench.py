#!/usr/bin/env python
"""`make bench`: serve the site with gunicorn on loopback and measure it with wrk.

Measures each page's requests/s, p50 and p99 with production settings, then
the limit of this stack: the same gunicorn configuration serving a trivial
WSGI app that returns the story page's bytes, and the same bytes from nginx.
Prints one table with each page's ratio to the trivial-app limit, and the
memory of each gunicorn worker after the run. Every process it starts is
stopped at the end, whatever happens.

    python bench/bench.py --articles 100000 --duration 10
"""

from __future__ import annotations

import argparse
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
    ROOT,
    ensure_tool,
    gunicorn,
    log,
    manage,
    process,
    production_env,
    wait_http,
    worker_rss_mb,
)

WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)", re.M)
UNITS = {"us": 0.001, "ms": 1, "s": 1000}


def wrk(url, duration, connections, threads=2, cookie=None):
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
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=duration + 60
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(output)}
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(g) for g in socket.groups()) if socket else 0
    )
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "requests": total,
        "errors": errors,
    }


def login_cookie(base, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/admin/login/"
    page = opener.open(login).read().decode()  # noqa: S310 - loopback
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
    ).encode()
    request = urllib.request.Request(login, data=data, headers={"Referer": login})
    opener.open(request).read()  # noqa: S310 - loopback
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit("Could not log in to the admin for the changelist benchmark.")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


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
print(json.dumps({"story": story.get_absolute_url(), "region": region.get_absolute_url(),
    "tag": f"/tags/{tag.slug}/" if tag else "/", "author": author.get_absolute_url(),
    "search": "/recherche/?q=" + words, "count": public.count(),
    "story_slug": story.slug, "region_slug": region.slug}))
"""
    out = manage(env, "shell", "-c", script, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def ensure_bench_user(env):
    script = r"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from newsroom.roles import EDITOR, sync_roles
sync_roles()
User = get_user_model()
user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
user.is_staff = True
user.set_password("%s")
user.save()
user.groups.add(Group.objects.get(name=EDITOR))
"""
    password = secrets.token_urlsafe(16)
    manage(env, "shell", "-c", script % password, capture=True)
    return "bench-editor", password


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
        default=2,
        help="wrk connections; one per worker measures service latency",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--redis", action="store_true", help="use Redis as the cache")
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
    port, trivial_port, static_port = 8765, 8766, 8767
    base = f"http://127.0.0.1:{port}"
    env = production_env(args.database_url, base, work)
    if args.redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
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
    username, password = ensure_bench_user(env)
    pages = [
        ("front page", "/"),
        ("story page", targets["story"]),
        ("region page", targets["region"]),
        ("tag page", targets["tag"]),
        ("author page", targets["author"]),
        ("fact-check index", "/verifications/"),
        ("search", targets["search"]),
        ("RSS feed", "/flux/articles.rss"),
        ("sitemap index", "/sitemap.xml"),
        ("admin changelist", "/admin/articles/article/"),
        ("API story list", "/api/v1/stories/"),
        (
            "API sync (updated_since)",
            "/api/v1/stories/?limit=20&updated_since=2000-01-01T00:00:00Z",
        ),
        ("API story detail", f"/api/v1/stories/{targets['story_slug']}/"),
        ("API stories of a region", f"/api/v1/stories/?region={targets['region_slug']}"),
    ]
    results = []
    memory = {}
    with ExitStack() as stack:
        # 1. The site without its page cache: every request runs Django and SQL.
        uncached = stack.enter_context(
            gunicorn(port, args.workers, {**env, "PAGE_CACHE_SECONDS": "0"}, work / "site.log")
        )
        wait_http(base + "/")
        cookie = login_cookie(base, username, password)
        for label, path in pages:
            use_cookie = cookie if path.startswith("/admin/") else None
            wrk(base + path, 2, args.connections, cookie=use_cookie)  # warm-up
            result = wrk(base + path, args.duration, args.connections, cookie=use_cookie)
            results.append(
                {
                    "page": label + (" (uncached)" if label == "story page" else ""),
                    "path": path,
                    **result,
                }
            )
            log(f"{label:<22} {result['rps']:8.0f} req/s")
        memory["site"] = list(worker_rss_mb(uncached.pid).values())
        story_bytes = urllib.request.urlopen(base + targets["story"]).read()  # noqa: S310
        stack.close()

    with ExitStack() as stack:
        # 2. The same site with its page cache: anonymous readers' usual case.
        cached = stack.enter_context(gunicorn(port, args.workers, env, work / "site.log"))
        wait_http(base + "/")
        wrk(base + targets["story"], 2, args.connections)
        result = wrk(base + targets["story"], args.duration, args.connections)
        results.append({"page": "story page (cached)", "path": targets["story"], **result})
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
        wait_http(f"http://127.0.0.1:{trivial_port}/")
        wrk(f"http://127.0.0.1:{trivial_port}/", 2, args.connections)
        limit = wrk(f"http://127.0.0.1:{trivial_port}/", args.duration, args.connections)
        results.append({"page": "LIMIT: trivial WSGI app", "path": "/", **limit})
        memory["trivial app"] = list(worker_rss_mb(trivial.pid).values())

        # 4. The same bytes from a static file server.
        if have_nginx:
            conf = work / "nginx.conf"
            conf.write_text(NGINX_CONF.format(root=work, port=static_port, workers=args.workers))
            stack.enter_context(
                process(
                    ["nginx", "-c", str(conf), "-p", str(work), "-g", "daemon off;"],
                    env,
                    work / "nginx.log",
                )
            )
            static_url = f"http://127.0.0.1:{static_port}/story.html"
            wait_http(static_url)
            wrk(static_url, 2, args.connections)
            results.append(
                {
                    "page": "static file (nginx)",
                    "path": "/story.html",
                    **wrk(static_url, args.duration, args.connections),
                }
            )

    print_table(results, limit["rps"], targets["count"], args, memory)
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
                    "memory_mb": memory,
                    "articles": targets["count"],
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


def print_table(results, limit_rps, articles, args, memory):
    print()
    print(
        f"{articles:,} public stories · {args.workers} gunicorn workers · "
        f"wrk {args.connections} connections × {args.duration} s · {os.cpu_count()} cores"
    )
    print()
    print("| page | req/s | p50 ms | p99 ms | errors | vs limit |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in results:
        ratio = row["rps"] / limit_rps if limit_rps else 0
        print(
            f"| {row['page']} | {row['rps']:.0f} | {row['p50'] or 0:.2f} | "
            f"{row['p99'] or 0:.2f} | {row['errors']} | {ratio:.0%} |"
        )
    print()
    for label, sizes in memory.items():
        listed = ", ".join(f"{size:.0f}" for size in sizes)
        print(f"worker memory after the run ({label}): {listed} MB")


if __name__ == "__main__":
    main()
