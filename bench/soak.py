#!/usr/bin/env python
"""`make soak`: a bounded soak of the public site on loopback, with production settings.

Serves the site with gunicorn (production settings and gunicorn configuration,
page cache on as in production), warms it up, then runs wrk for 60 s with 64
connections over a rotating mix of public pages (front page, stories, regions,
tags, authors, fact-check index and filters, search, RSS feeds, corrections;
bench/soak.lua). Prints the total requests, errors (non-2xx/3xx responses and
socket errors), requests/s, latency p50/p90/p99/max, the page cache hit share,
and each gunicorn worker's resident memory at the start, middle and end.

Workers are not recycled during the soak (`--max-requests 0`, where production
recycles them every ~2000 requests): a leak cannot hide behind a restart, and
the same processes are measured from start to end.

Exits 1 if any request failed, if a worker died, or if a worker's memory grew
by more than --max-growth-mb during the second half of the run (after the
caches have filled). Every process it starts is stopped.

    python bench/soak.py --duration 60 --connections 64
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from common import (
    ensure_tool,
    free_port,
    gunicorn,
    log,
    prepare_database,
    production_env,
    raise_on_sigterm,
    targets,
    wait_http,
    worker_rss_mb,
)
from fault import DEFAULT_DATABASE_URL

HERE = Path(__file__).resolve().parent


def ensure_wrk():
    if not ensure_tool("wrk", "wrk"):
        raise SystemExit("wrk is required (apt-get install wrk).")


def soak_paths(env, n):
    """Public pages in the proportions readers ask for them (the front page most)."""
    found = targets(env, n)
    paths = ["/"] * 8 + ["/verifications/"] * 3 + ["/regions/", "/corrections/", "/en/"]
    paths += ["/flux/articles.rss"] * 2 + ["/flux/articles.atom"]
    paths += [f"/articles/{slug}/" for slug in found["stories"]]
    paths += [f"/regions/{slug}/" for slug in found["regions"]]
    paths += [f"/flux/regions/{slug}.rss" for slug in found["regions"][:3]]
    paths += [f"/tags/{slug}/" for slug in found["tags"][: n // 2]]
    paths += [f"/auteurs/{slug}/" for slug in found["authors"][: n // 2]]
    paths += [f"/verifications/?verdict={slug}" for slug in ("faux", "trompeur", "vrai")]
    paths += [f"/verifications/?region={slug}" for slug in found["regions"][:3]]
    paths += [
        "/recherche/?" + urllib.parse.urlencode({"q": word}) for word in found["words"][: n // 4]
    ]
    # Interleave so that every stretch of the rotation is a mix of page kinds.
    return paths[::2] + paths[1::2], found["count"]


def run_wrk(base, paths_file, duration, connections, threads, timeout=10):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        f"{timeout}s",
        "-s",
        str(HERE / "soak.lua"),
        base,
        "--",
        str(paths_file),
    ]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def finish_wrk(proc, duration):
    try:
        out, err = proc.communicate(timeout=duration + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    line = next((x for x in out.splitlines() if x.startswith("SOAK ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{out}\n{err}")
    return json.loads(line[5:])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("SOAK_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--articles", type=int, default=2000, help="corpus size if empty")
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: newsroom/gunicorn.py)"
    )
    parser.add_argument("--warmup", type=int, default=10, help="seconds before measuring")
    parser.add_argument("--pages", type=int, default=40, help="stories, regions… per kind")
    parser.add_argument("--max-growth-mb", type=float, default=10.0)
    parser.add_argument("--redis", action="store_true", help="Redis as the shared cache")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="every request runs Django and SQL"
    )
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    raise_on_sigterm()
    ensure_wrk()

    work = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    extra = {"REDIS_URL": "redis://127.0.0.1:6379/4"} if args.redis else {}
    env = production_env(args.database_url, base, work, **extra)
    env.pop("PAGE_CACHE_SECONDS", None)  # production default: on
    if args.no_page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    try:
        prepare_database(env, args.articles)
        paths, count = soak_paths(env, args.pages)
        paths_file = work / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        server_log = work / "gunicorn.log"
        with gunicorn(port, args.workers, env, server_log) as server:
            wait_http(base + "/")
            log(f"warming up for {args.warmup} s over {len(set(paths))} URLs…")
            finish_wrk(
                run_wrk(base, paths_file, args.warmup, args.connections, args.threads),
                args.warmup,
            )
            memory = {"start": worker_rss_mb(server.pid)}
            log(f"soaking for {args.duration} s with {args.connections} connections…")
            started = time.monotonic()
            wrk = run_wrk(base, paths_file, args.duration, args.connections, args.threads)
            time.sleep(args.duration / 2)
            memory["middle"] = worker_rss_mb(server.pid)
            result = finish_wrk(wrk, args.duration)
            elapsed = time.monotonic() - started
            memory["end"] = worker_rss_mb(server.pid)
            alive = server.poll() is None
        log_text = server_log.read_text(errors="replace")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    failures = report(args, count, len(set(paths)), result, elapsed, memory, alive, log_text)
    if failures:
        print("\nFAIL: " + "; ".join(failures))
        raise SystemExit(1)
    print("\nOK: zero errors, worker memory stable.")


def report(args, count, urls, result, elapsed, memory, alive, log_text):
    seconds = result["duration_us"] / 1e6
    socket_errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    errors = result["status_errors"] + socket_errors
    workers = len(memory["start"])
    print()
    print(
        f"{count:,} public stories · {workers} gunicorn workers (no recycling), page cache "
        f"{'off' if args.no_page_cache else 'on (Redis)' if args.redis else 'on (local memory)'}"
        f" · wrk {args.connections} connections"
        f" × {args.duration} s · {urls} public URLs · {os.cpu_count()} cores"
    )
    print()
    print("| requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms | cache hits |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {result['requests']:,} | {errors} | {result['requests'] / seconds:.0f} | "
        f"{result['p50_us'] / 1000:.1f} | {result['p90_us'] / 1000:.1f} | "
        f"{result['p99_us'] / 1000:.1f} | {result['max_us'] / 1000:.0f} | "
        f"{result['cache_hits'] / max(1, result['requests']):.0%} |"
    )
    print()
    print(
        f"responses: 2xx {result['s2xx']:,}, 3xx {result['s3xx']}, 4xx {result['s4xx']}, "
        f"5xx {result['s5xx']}; socket errors: connect {result['connect']}, "
        f"read {result['read']}, write {result['write']}, timeout {result['timeout']}"
    )
    print()
    print("| worker | RSS start MB | middle MB | end MB | growth, 2nd half |")
    print("|---|---:|---:|---:|---:|")
    failures = []
    for pid in sorted(memory["start"]):
        start = memory["start"][pid]
        middle = memory["middle"].get(pid)
        end = memory["end"].get(pid)
        if middle is None or end is None:
            print(f"| {pid} | {start:.1f} | {middle or 0:.1f} | gone | – |")
            failures.append(f"worker {pid} died or was replaced")
            continue
        growth = end - middle
        print(f"| {pid} | {start:.1f} | {middle:.1f} | {end:.1f} | {growth:+.1f} |")
        if growth > args.max_growth_mb:
            failures.append(f"worker {pid} grew by {growth:.1f} MB in the second half")
    tracebacks = log_text.count("Traceback")
    timeouts = log_text.count("WORKER TIMEOUT")
    print(f"\ngunicorn log: {tracebacks} tracebacks, {timeouts} worker timeouts")
    if errors:
        failures.append(f"{errors} errors ({socket_errors} at the socket level)")
    if not alive:
        failures.append("gunicorn died")
    if tracebacks or timeouts:
        failures.append("tracebacks or worker timeouts in the gunicorn log")
    if abs(elapsed - args.duration) > 30:
        failures.append(f"the run took {elapsed:.0f} s")
    return failures


if __name__ == "__main__":
    sys.exit(main())
