#!/usr/bin/env python
"""`make fault`: restart PostgreSQL in the middle of a load run and count what readers got.

Serves the site with gunicorn on loopback (production settings, 2 workers, the
page cache off so that every request reaches the database), drives a bounded
load over a mix of public pages with a few client threads, stops PostgreSQL
for a few seconds in the middle, starts it again, and prints the responses by
status class before, during and after the outage:

* before: requests that ended before the stop command;
* during: from the stop command until the first successful response to a
  request sent after the start command (the moment readers have the site back);
* after: requests sent after that first success.

It fails (exit 1) if any request got a 500 (or any 5xx other than 503), if a
request failed at the socket level, if anything but 2xx/3xx was served before
or after the outage, if the site did not recover, or if a gunicorn worker had
to be replaced. PostgreSQL is always started again (try/finally, also on
Ctrl-C or SIGTERM), and every process the script starts is stopped.

The outage kills every connection to the local PostgreSQL server, other
sessions' included: keep it short (--down, default 3 s).

    python bench/fault.py --duration 30 --down 3
"""

from __future__ import annotations

import argparse
import collections
import http.client
import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from common import (  # noqa: E402 - bench/ is on sys.path when run as a script
    ROOT,
    free_port,
    gunicorn,
    log,
    manage,
    prepare_database,
    production_env,
    public_paths,
    raise_on_sigterm,
    wait_http,
    worker_rss_mb,
)

sys.path.insert(0, str(ROOT))
from tests.html import form_fields  # noqa: E402 - the tests' form reader, as a browser submits

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_fault"


# -- the load --------------------------------------------------------------------------------


@dataclass
class Result:
    sent: float
    done: float
    status: int  # 0: socket error or timeout
    path: str


class Load:
    """`threads` clients in a closed loop, one request at a time each, new connection each."""

    def __init__(self, port, paths, threads, timeout=10):
        self.port, self.paths, self.threads, self.timeout = port, paths, threads, timeout
        self.results: list[Result] = []
        self.samples: dict[int, tuple[dict, str]] = {}
        self.errors: collections.Counter = collections.Counter()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers = []

    def start(self):
        for index in range(self.threads):
            thread = threading.Thread(target=self._run, args=(index,), daemon=True)
            thread.start()
            self._workers.append(thread)

    def stop(self):
        self._stop.set()
        for thread in self._workers:
            thread.join(timeout=self.timeout + 5)

    def _run(self, index):
        # Each thread walks the same list from its own starting point.
        paths = self.paths
        position = index * len(paths) // self.threads
        while not self._stop.is_set():
            path = paths[position % len(paths)]
            position += 1
            sent = time.monotonic()
            status, headers, body = self._get(path)
            result = Result(sent, time.monotonic(), status, path)
            with self._lock:
                self.results.append(result)
                if status >= 500 and status not in self.samples:
                    self.samples[status] = (headers, body)

    def _get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request("GET", path, headers={"Accept-Language": "fr"})
            response = connection.getresponse()
            body = response.read()
            return response.status, dict(response.getheaders()), body.decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            with self._lock:
                self.errors[type(error).__name__] += 1
            return 0, {}, ""
        finally:
            connection.close()


def ok(status):
    return 200 <= status < 400


def status_class(status):
    if status == 0:
        return "socket"
    if status in (500, 503):
        return str(status)
    return f"{status // 100}xx"


COLUMNS = ("2xx", "3xx", "4xx", "503", "500", "5xx", "socket")


# -- a journalist saving a form during the outage ---------------------------------------------

RESUBMIT_TEXT = "Vos modifications n’ont pas été enregistrées"
JOURNALIST_SCRIPT = r"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection
from articles.models import Author
from newsroom.roles import JOURNALIST, sync_roles
sync_roles()
# generate_corpus writes authors with explicit ids: move the sequence past them.
with connection.cursor() as cursor:
    for statement in connection.ops.sequence_reset_sql(no_style(), [Author]):
        cursor.execute(statement)
user, _ = get_user_model().objects.get_or_create(username="fault-journalist")
user.is_staff = True
user.set_password(%(password)r)
user.save()
user.groups.add(Group.objects.get(name=JOURNALIST))
Author.objects.get_or_create(
    user=user, defaults={"name": "Camille Panne", "slug": "fault-journalist"}
)
"""
COUNT_SCRIPT = r"""
from articles.models import Article
stories = Article.objects.filter(slug=%(slug)r)
print("COUNT", stories.count(), stories.filter(quotes__isnull=False).count())
stories.delete()
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Journalist:
    """A browser session in the admin: logs in, opens the add-story form, submits it."""

    def __init__(self, base, env):
        self.base = base
        self.password = secrets.token_urlsafe(16)
        manage(env, "shell", "-c", JOURNALIST_SCRIPT % {"password": self.password}, capture=True)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.slug = f"panne-{secrets.token_hex(4)}"
        self.form = None

    def send(self, path, fields=None):
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Accept-Language": "fr"}
        )
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def open_form(self):
        """Log in and fill in the add-story form, with one quote (not submitted yet)."""
        _, page = self.send("/admin/login/")
        login = dict(form_fields(page, "login-form"))
        login.update(username="fault-journalist", password=self.password, next="/admin/")
        status, _ = self.send("/admin/login/", login)
        if status != 302:
            raise SystemExit(f"the fault journalist could not log in ({status})")
        _, page = self.send("/admin/articles/article/add/")
        filled = {
            "title": "Panne de courant : le réseau rétabli à Lisieux",
            "slug": self.slug,
            "introduction": "Saisie pendant que la base de données était arrêtée.",
            "verified_facts": "Le gestionnaire du réseau a confirmé le rétablissement.",
        }
        fields = [(k, v) for k, v in form_fields(page, "article_form") if k not in filled]
        if not any(name == "csrfmiddlewaretoken" for name, _ in fields):
            raise SystemExit("the add-story form was not found")
        self.form = self._with_one_quote(fields + list(filled.items()))

    @staticmethod
    def _with_one_quote(fields):
        total = "quotes-TOTAL_FORMS"
        if not any(name == total for name, _ in fields):
            return fields
        fields = [(k, "1" if k == total else v) for k, v in fields]
        return fields + [
            ("quotes-0-speaker", "Le gestionnaire du réseau"),
            ("quotes-0-text", "Tous les foyers sont réalimentés."),
            ("quotes-0-position", "0"),
        ]

    def submit(self):
        return self.send("/admin/articles/article/add/", self.form)


# -- PostgreSQL --------------------------------------------------------------------------------


class Cluster:
    def __init__(self, version, name, host, port):
        self.version, self.name, self.host, self.port = version, name, host, port

    def ctl(self, action):
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def ready(self):
        command = ["pg_isready", "-q", "-h", self.host, "-p", str(self.port)]
        return subprocess.run(command, capture_output=True).returncode == 0

    def start_and_watch(self, timeout=60):
        """Start the cluster; return when it first accepted connections (monotonic), or None."""
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "start"]
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        accepting = None
        deadline = time.monotonic() + timeout
        while accepting is None and time.monotonic() < deadline:
            if self.ready():
                accepting = time.monotonic()
            else:
                time.sleep(0.1)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return accepting

    def ensure_running(self):
        """Start the cluster if it is down; wait until it accepts connections."""
        for _ in range(3):
            if self.ready():
                return True
            result = self.ctl("start")
            if result.returncode != 0:
                log(f"pg_ctlcluster start: {result.stderr.strip()}")
            for _ in range(60):
                if self.ready():
                    return True
                time.sleep(0.5)
        return False


def detect_cluster(port):
    """(version, name) of the local cluster listening on `port`, from pg_lsclusters."""
    output = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2] == str(port):
            return fields[0], fields[1]
    return "15", "main"


# -- the run -----------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("FAULT_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--articles", type=int, default=2000, help="corpus size if empty")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--outage-at", type=float, default=10, help="seconds into the load")
    parser.add_argument("--down", type=float, default=3, help="seconds PostgreSQL stays down")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: free)")
    parser.add_argument("--cluster", help='"VERSION NAME" for pg_ctlcluster (default: detected)')
    parser.add_argument(
        "--no-outage", action="store_true", help="baseline: the same load, PostgreSQL left alone"
    )
    args = parser.parse_args()
    raise_on_sigterm()

    split = urllib.parse.urlsplit(args.database_url)
    host, pg_port = split.hostname or "127.0.0.1", split.port or 5432
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("fault.py restarts the local PostgreSQL: use a local DATABASE_URL.")
    version, name = args.cluster.split() if args.cluster else detect_cluster(pg_port)
    args.cluster = f"{version} {name}"
    cluster = Cluster(version, name, host, pg_port)
    if not cluster.ensure_running():
        raise SystemExit("PostgreSQL is not running and could not be started.")

    work = Path(tempfile.mkdtemp(prefix="newsroom-fault-"))
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    env = production_env(args.database_url, base, work, PAGE_CACHE_SECONDS="0")
    try:
        prepare_database(env, args.articles)
        paths, count = public_paths(env)
        server_log = work / "gunicorn.log"
        with gunicorn(port, args.workers, env, server_log) as server:
            wait_http(base + "/")
            for path in paths:  # warm every worker's connection and templates
                wait_http(base + path)
            workers_before = sorted(worker_rss_mb(server.pid))
            journalist = Journalist(base, env)
            journalist.open_form()
            report = run(args, cluster, port, paths, journalist)
            workers_after = sorted(worker_rss_mb(server.pid))
            alive = server.poll() is None
        log_text = server_log.read_text(errors="replace")
        out = manage(env, "shell", "-c", COUNT_SCRIPT % {"slug": journalist.slug}, capture=True)
        report["saved"] = [int(n) for n in out.split("COUNT", 1)[1].split()]
    finally:
        if not cluster.ensure_running():
            log("PostgreSQL could not be started again: start it by hand!")
        shutil.rmtree(work, ignore_errors=True)

    failures = print_report(args, count, report, workers_before, workers_after, alive, log_text)
    if failures:
        print("\nFAIL: " + "; ".join(failures))
        raise SystemExit(1)
    if args.no_outage:
        print("\nOK (baseline): no error.")
        return
    print("\nOK: no 500, every error while the database was down was a 503, the journalist's")
    print("form could be resubmitted, and the site recovered without restarting gunicorn.")


def run(args, cluster, port, paths, journalist):
    load = Load(port, paths, args.threads)
    t0 = time.monotonic()
    load.start()
    times = {"t0": t0}
    if args.no_outage:
        try:
            time.sleep(args.duration)
        finally:
            load.stop()
        times.update(end=time.monotonic(), stop_sent=None)
        return {
            "load": load,
            "times": times,
            "form_during": None,
            "form_after": journalist.submit(),
        }
    try:
        time.sleep(args.outage_at)
        times["stop_sent"] = time.monotonic()
        try:
            result = cluster.ctl("stop")
            times["stopped"] = time.monotonic()
            times["down_confirmed"] = not cluster.ready()
            if result.returncode != 0:
                log(f"pg_ctlcluster stop: {result.stderr.strip()}")
            # A journalist saves the story while the database is down.
            form_during = journalist.submit() if times["down_confirmed"] else None
            time.sleep(max(0.0, args.down - (time.monotonic() - times["stop_sent"])))
        finally:
            times["start_sent"] = time.monotonic()
            times["accepting"] = cluster.start_and_watch()
            started = cluster.ensure_running()
            times["ready"] = time.monotonic()
        if not started:
            raise SystemExit("PostgreSQL did not start again.")
        remaining = args.duration - (time.monotonic() - t0)
        time.sleep(max(5.0, remaining))
    finally:
        load.stop()
    times["end"] = time.monotonic()
    # Back on the form, the journalist submits it again.
    form_after = journalist.submit()
    return {"load": load, "times": times, "form_during": form_during, "form_after": form_after}


def print_report(args, count, report, workers_before, workers_after, alive, log_text):
    load, times = report["load"], report["times"]
    results = sorted(load.results, key=lambda r: r.done)
    t0, stop, start = times["t0"], times["stop_sent"], times.get("start_sent")
    if stop is None:  # --no-outage: everything is "before"
        stop = start = times["end"] + 1
    recovered = next((r.done for r in results if r.sent >= start and ok(r.status)), None)

    phases = {name: collections.Counter() for name in ("before", "during", "after")}
    for result in results:
        if result.done < stop:
            phase = "before"
        elif recovered is not None and result.sent >= recovered:
            phase = "after"
        else:
            phase = "during"
        phases[phase][status_class(result.status)] += 1

    total = len(results)
    elapsed = times["end"] - t0
    print()
    print(
        f"{count:,} public stories · {args.workers} gunicorn workers, page cache off · "
        f"{args.threads} client threads × {elapsed:.0f} s · {len(load.paths)} public URLs · "
        f"{total:,} requests ({total / elapsed:.0f}/s)"
    )
    accepting = times.get("accepting")
    if args.no_outage:
        print("baseline run: PostgreSQL was not restarted")
        times.update(down_confirmed=True)
    else:
        print(
            f"PostgreSQL {args.cluster}: stop command at t={stop - t0:.1f} s "
            f"(returned after {times['stopped'] - stop:.2f} s; down confirmed: "
            f"{'yes' if times['down_confirmed'] else 'NO'}), start command at "
            f"t={start - t0:.1f} s, accepting connections at "
            + (f"t={accepting - t0:.1f} s" if accepting else "?")
        )
    print()
    print("| phase | requests | " + " | ".join(COLUMNS) + " |")
    print("|---|---:|" + "---:|" * len(COLUMNS))
    for name, counter in phases.items():
        cells = " | ".join(str(counter.get(column, 0)) for column in COLUMNS)
        print(f"| {name} | {sum(counter.values())} | {cells} |")
    print()
    if args.no_outage:
        pass
    elif recovered is not None:
        print(
            f"recovery: first page served at t={recovered - t0:.2f} s, "
            f"{recovered - start:.2f} s after the start command"
            + (
                f", {recovered - accepting:.2f} s after PostgreSQL accepted connections"
                if accepting
                else ""
            )
        )
        print(
            f"outage seen by readers (stop command → first page served): {recovered - stop:.2f} s"
        )
    else:
        print("the site did NOT recover")

    if not args.no_outage:
        print_timeline(results, t0, stop, recovered)

    sample = load.samples.get(503)
    if sample:
        headers, body = sample
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()
        print(
            f"\na 503 answer: Retry-After: {headers.get('Retry-After')}, "
            f"Cache-Control: {headers.get('Cache-Control')}, {len(body)} bytes: “{text[:160]}…”"
        )
    tracebacks = log_text.count("Traceback")
    warnings = log_text.count("Database unavailable")
    timeouts = log_text.count("WORKER TIMEOUT")
    print(
        f"gunicorn log: {warnings} 'Database unavailable' warnings, {tracebacks} tracebacks, "
        f"{timeouts} worker timeouts"
    )
    print(
        f"gunicorn workers before: {workers_before}, after: {workers_after} "
        f"({'same processes' if workers_before == workers_after else 'CHANGED'})"
    )
    if load.errors:
        print(f"socket errors: {dict(load.errors)}")

    during, after, saved = report["form_during"], report["form_after"], report.get("saved")
    notice = bool(during) and RESUBMIT_TEXT in during[1]
    if during:
        print(
            f"journalist saving a story in the admin while PostgreSQL was down: {during[0]}"
            f"{', resubmit notice shown' if notice else ', NO resubmit notice'}"
        )
    print(
        f"the same form submitted again afterwards: {after[0]}"
        f"{' (saved)' if after[0] == 302 else ''}; stories saved with its slug: {saved[0]}, "
        f"with their quote: {saved[1]}"
    )

    all_counts = sum(phases.values(), collections.Counter())
    failures = []
    if all_counts["500"] or all_counts["5xx"]:
        failures.append(f"{all_counts['500'] + all_counts['5xx']} responses were 500 or 5xx≠503")
    if all_counts["socket"]:
        failures.append(f"{all_counts['socket']} socket errors or timeouts")
    for name in ("before", "after"):
        bad = sum(n for column, n in phases[name].items() if column not in ("2xx", "3xx"))
        if bad:
            failures.append(f"{bad} failed requests {name} the outage")
    if recovered is None and not args.no_outage:
        failures.append("the site did not recover")
    if not times["down_confirmed"]:
        failures.append("PostgreSQL did not go down: nothing was tested")
    if workers_before != workers_after or not alive:
        failures.append("gunicorn workers were replaced or the server died")
    if tracebacks:
        failures.append(f"{tracebacks} tracebacks in the gunicorn log")
    if not args.no_outage and not (during and during[0] == 503 and notice):
        failures.append("the journalist's POST during the outage did not get the 503 notice")
    if after[0] != 302 or saved != [1, 1]:
        failures.append("the resubmitted form was not saved exactly once")
    return failures


def print_timeline(results, t0, stop, recovered):
    """Responses per second around the outage."""
    first = int(stop - t0) - 2
    last = int((recovered or stop) - t0) + 3
    buckets = collections.defaultdict(collections.Counter)
    for result in results:
        second = int(result.done - t0)
        if first <= second <= last:
            buckets[second][status_class(result.status)] += 1
    print("\nresponses per second around the outage (by completion time):")
    for second in range(first, last + 1):
        counter = buckets[second]
        cells = "  ".join(f"{column} {counter[column]:>3}" for column in COLUMNS if counter[column])
        print(f"  t={second:>3} s  {cells or '-'}")


if __name__ == "__main__":
    main()
