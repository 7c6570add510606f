"""`make cluster-test`: scale-out shown on one machine, in network namespaces.

Builds three hosts as network namespaces, each joined to this machine by a
veth pair (10.211.N.2 in the namespace, 10.211.N.1 on the host side):

    nr-web-a  gunicorn                    ┐
    nr-web-b  gunicorn                    ├─ PostgreSQL and Redis of this machine, reached
    nr-worker the writer (admin POSTs)    ┘  through forwarders bound to 10.211.N.1 only

and a load balancer on 127.0.0.1 in front of the two web hosts (round robin,
`/readyz` probed every 200 ms, an idempotent request retried on the other
host when its host dies under it). Under a bounded load it then checks:

1. publish on host A (apply_transition in A's namespace): the story is served
   by host B within 1 s;
2. kill host A (SIGKILL to its gunicorn) mid-load: requests continue on B,
   0 responses of 500 or more once the balancer has seen A down, and 0 lost
   writes (every outlet whose creation was answered 302 exists afterwards).

Needs root (namespaces, veth), `ip`, PostgreSQL on 127.0.0.1:5432 (trust for
`postgres`) and Redis on 127.0.0.1:6379. Uses loopback and its own namespaces
only; removes them, the forwarders and its database on exit, whatever happens.
Exit status 0 when every figure holds, 1 otherwise, 2 when it cannot run here.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, ROOT, log, manage, process  # noqa: E402

HOSTS = {"a": ("nr-web-a", 1), "b": ("nr-web-b", 2), "worker": ("nr-worker", 3)}
WEB_PORT = 8000
PASSWORD = "cluster-" + secrets.token_hex(8)


def sh(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def host_ip(index):
    return f"10.211.{index}.1"


def ns_ip(index):
    return f"10.211.{index}.2"


def can_run():
    """None when this machine can build the cluster, else why not."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    try:
        sh("ip", "netns", "list")
    except (OSError, RuntimeError) as exc:
        return f"`ip netns` is unavailable: {exc}"
    for port in (5432, 6379):
        with suppress(OSError), __import__("socket").create_connection(("127.0.0.1", port), 1):
            continue
        return f"nothing listens on 127.0.0.1:{port}"
    return None


@contextmanager
def namespaces():
    """The three hosts, each with a veth pair to this machine; deleted on exit."""
    created = []
    try:
        for name, index in HOSTS.values():
            subprocess.run(["ip", "netns", "del", name], capture_output=True)  # a leftover
            sh("ip", "netns", "add", name)
            created.append(name)
            outside, inside = f"nr11h{index}", f"nr11n{index}"
            subprocess.run(["ip", "link", "del", outside], capture_output=True)
            sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
            sh("ip", "link", "set", inside, "netns", name)
            sh("ip", "addr", "add", f"{host_ip(index)}/24", "dev", outside)
            sh("ip", "link", "set", outside, "up")
            sh(
                "ip",
                "netns",
                "exec",
                name,
                "ip",
                "addr",
                "add",
                f"{ns_ip(index)}/24",
                "dev",
                inside,
            )
            sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
            sh("ip", "netns", "exec", name, "ip", "link", "set", inside, "up")
        yield
    finally:
        for name in created:  # deleting a namespace deletes its veth end, hence the pair
            subprocess.run(["ip", "netns", "del", name], capture_output=True)


class EventLoopThread(threading.Thread):
    """An asyncio loop in a thread, for the forwarders and the balancer."""

    def __init__(self):
        super().__init__(daemon=True)
        self.loop = asyncio.new_event_loop()

    def run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with suppress(Exception):
            writer.close()


async def forwarder(bind, port, target_port):
    """TCP from bind:port to 127.0.0.1:target_port (PostgreSQL and Redis stay on loopback)."""

    async def handle(client_reader, client_writer):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, writer), pipe(reader, client_writer))

    return await asyncio.start_server(handle, bind, port)


class Balancer:
    """Round robin over the web hosts that answered /readyz 200 last time."""

    def __init__(self, backends):
        self.backends = backends
        self.healthy = {backend: True for backend in backends}
        self.turn = 0
        self.down_seen_at = {}

    async def probe_forever(self):
        while True:
            for backend in self.backends:
                ok = await self.probe(backend)
                if not ok and self.healthy[backend]:
                    self.down_seen_at[backend] = time.monotonic()
                self.healthy[backend] = ok
            await asyncio.sleep(0.2)

    async def probe(self, backend):
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(*backend), 0.5)
            writer.write(f"GET /readyz HTTP/1.0\r\nHost: {backend[0]}\r\n\r\n".encode())
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), 2)
            writer.close()
            return b" 200 " in line
        except (TimeoutError, OSError):
            return False

    def order(self):
        self.turn += 1
        ranked = sorted(self.backends, key=lambda b: not self.healthy[b])
        start = self.turn % len(ranked) if all(self.healthy.values()) else 0
        return ranked[start:] + ranked[:start]

    async def handle(self, client_reader, client_writer):
        try:
            head = await client_reader.readuntil(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            body = await client_reader.readexactly(int(length.group(1))) if length else b""
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_writer.close()
            return
        idempotent = head.split(b" ", 1)[0] in (b"GET", b"HEAD")
        for backend in self.order():
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(*backend), 1)
                writer.write(head + body)
                await writer.drain()
                first = await asyncio.wait_for(reader.read(65536), 30)
            except (TimeoutError, OSError):
                first = b""
            if not first:
                self.healthy[backend] = False
                if idempotent:
                    continue  # nothing reached the client yet: the other host answers
                break
            client_writer.write(first)
            await pipe(reader, client_writer)
            return
        client_writer.write(b"HTTP/1.0 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
        with suppress(Exception):
            await client_writer.drain()
            client_writer.close()


def request(port, method, path, body=None, headers=None, timeout=10):
    """(status, headers, body) through the balancer; status 0 when the connection failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            method, path, body=body, headers={"Connection": "close", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    except OSError:
        return 0, {}, b""
    finally:
        connection.close()


PUBLISH = r"""
import time
from django.contrib.auth import get_user_model
from articles.models import Article, Status
from articles.workflow import apply_transition
story = Article.objects.filter(status=Status.VERIFIED).order_by("pk").first()
editor = get_user_model().objects.get(username="editor2")
apply_transition(article=story, user=editor, name="publish")
print("PUBLISHED", story.get_absolute_url(), time.time())
"""

ACCOUNT = r"""
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="editor")
user.set_password(%(password)r)
user.save()
"""

WRITER = r"""
import http.client, re, sys, time, urllib.parse
host, port, password, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
cookies = {}

def call(method, path, fields=None):
    connection = http.client.HTTPConnection(host, port, timeout=10)
    headers = {"Connection": "close", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if fields is not None:
        token = cookies.get("csrftoken", "")
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{host}:{port}{path}"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""
    finally:
        connection.close()

call("GET", "/admin/login/")
login = {"username": "editor", "password": password, "next": "/admin/"}
status, _ = call("POST", "/admin/login/?next=/admin/", login)
assert status == 302, f"login: {status}"
end, n = time.monotonic() + seconds, 0
while time.monotonic() < end:
    slug = f"cluster-outlet-{n}"
    for attempt in range(20):
        call("GET", "/admin/factcheck/outlet/add/")  # fresh CSRF cookie if a host changed it
        outlet = {"name": f"Cluster outlet {n}", "slug": slug, "kind": "press", "homepage": ""}
        status, page = call("POST", "/admin/factcheck/outlet/add/", outlet)
        if status == 302 or (status == 200 and ("existe déjà" in page or "already exists" in page)):
            print("ACKED", slug, flush=True)
            break
        print("RETRY", slug, status, flush=True)
        time.sleep(0.2)
    n += 1
    time.sleep(0.05)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=12, help="load before and after the kill")
    parser.add_argument("--readers", type=int, default=4, help="concurrent reader threads")
    args = parser.parse_args()
    reason = can_run()
    if reason:
        log(f"cluster-test cannot run here: {reason}")
        return 2

    database = f"newsroom_cluster_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="newsroom-cluster-"))
    lb_port = 18000 + os.getpid() % 1000
    secret = secrets.token_urlsafe(50)
    prefix = f"cluster{os.getpid()}"

    def env_for(address):
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@{address}:5432/{database}",
            "REDIS_URL": f"redis://{address}:6379/13",
            "CACHE_KEY_PREFIX": prefix,
            "DEBUG": "0",
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": ",".join(
                [
                    "127.0.0.1",
                    "localhost",
                    *(f"10.211.{i}.{h}" for _, i in HOSTS.values() for h in (1, 2)),
                ]
            ),
            "SITE_URL": f"http://127.0.0.1:{lb_port}",
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{lb_port}",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_WORKERS": "2",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    local = env_for("127.0.0.1")
    figures = {}
    loop = EventLoopThread()
    loop.start()
    try:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
        log(f"migrating {database}, seeding the demo…")
        manage(local, "migrate", "--no-input", "-v", "0")
        manage(local, "collectstatic", "--no-input", "-v", "0")
        manage(local, "seed_demo", "--force", capture=True)
        manage(local, "shell", "-c", ACCOUNT % {"password": PASSWORD}, capture=True)
        with ExitStack() as stack:
            stack.enter_context(namespaces())
            for _, index in HOSTS.values():
                for port in (5432, 6379):
                    server = loop.call(forwarder(host_ip(index), port, port))
                    stack.callback(lambda s=server: loop.loop.call_soon_threadsafe(s.close))
            web = {}
            for key in ("a", "b"):
                name, index = HOSTS[key]
                env = {**env_for(host_ip(index)), "GUNICORN_BIND": f"{ns_ip(index)}:{WEB_PORT}"}
                command = ["ip", "netns", "exec", name, PYTHON, "-m", "gunicorn"]
                command += ["-c", "python:newsroom.gunicorn", "newsroom.wsgi"]
                web[key] = stack.enter_context(process(command, env, work / f"web-{key}.log"))
            backends = [(ns_ip(HOSTS[key][1]), WEB_PORT) for key in ("a", "b")]
            balancer = Balancer(backends)

            async def start_balancer():
                probes = asyncio.ensure_future(balancer.probe_forever())
                stack.callback(lambda: loop.loop.call_soon_threadsafe(probes.cancel))
                return await asyncio.start_server(balancer.handle, "127.0.0.1", lb_port)

            deadline = time.monotonic() + 90
            while not all(direct_status(backend, "/readyz") == 200 for backend in backends):
                if time.monotonic() > deadline:
                    raise SystemExit(f"the web hosts did not become ready (logs in {work})")
                time.sleep(0.3)
            loop.call(start_balancer())
            log(f"two web hosts ready behind 127.0.0.1:{lb_port}")

            # Readers: a bounded load over public pages, through the balancer.
            results, stop = [], threading.Event()
            paths = ["/", "/regions/", "/verifications/", "/flux/articles.rss", "/corrections/"]

            def reader(offset):
                i = offset
                while not stop.is_set():
                    status, _, _ = request(lb_port, "GET", paths[i % len(paths)])
                    results.append((time.monotonic(), status))
                    i += 1

            readers = [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
            for thread in readers:
                thread.start()
            # The balancer listens on 127.0.0.1 only; the worker reaches it through a forwarder.
            worker_name, worker_index = HOSTS["worker"]
            server = loop.call(forwarder(host_ip(worker_index), lb_port, lb_port))
            stack.callback(lambda s=server: loop.loop.call_soon_threadsafe(s.close))
            writer = subprocess.Popen(
                [
                    "ip",
                    "netns",
                    "exec",
                    worker_name,
                    PYTHON,
                    "-c",
                    WRITER,
                    host_ip(HOSTS["worker"][1]),
                    str(lb_port),
                    PASSWORD,
                    str(args.seconds * 2),
                ],
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )

            time.sleep(args.seconds / 2)
            # 1. Publish on host A while host B is polled for the story's page.
            name_a, index_a = HOSTS["a"]
            slug = manage(
                local,
                "shell",
                "-c",
                "from articles.models import Article, Status;"
                "print(Article.objects.filter(status=Status.VERIFIED).order_by('pk').first()"
                ".get_absolute_url())",
                capture=True,
            )
            story_url = slug.strip().splitlines()[-1]
            first_seen = []

            def poll_b():
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    if direct_status(backends[1], story_url) == 200:
                        first_seen.append(time.time())
                        return
                    time.sleep(0.02)

            poller = threading.Thread(target=poll_b)
            poller.start()
            out = subprocess.run(
                ["ip", "netns", "exec", name_a, PYTHON, "manage.py", "shell", "-c", PUBLISH],
                env=env_for(host_ip(index_a)),
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            match = re.search(r"PUBLISHED (\S+) ([\d.]+)", out.stdout)
            if not match:
                raise SystemExit(f"publishing on host A failed: {out.stderr[-2000:]}")
            url, published = match.group(1), float(match.group(2))
            poller.join()
            assert url == story_url, (url, story_url)
            figures["visible_on_b_after_s"] = (
                round(max(0.0, first_seen[0] - published), 3) if first_seen else None
            )
            figures["visible_on_b_status"] = 200 if first_seen else None

            time.sleep(args.seconds / 2)
            # 2. Kill host A mid-load.
            killed_at = time.monotonic()
            os.killpg(web["a"].pid, signal.SIGKILL)
            time.sleep(args.seconds)
            stop.set()
            for thread in readers:
                thread.join()
            acked = []
            for line in writer.communicate(timeout=120)[0].splitlines():
                if line.startswith("ACKED "):
                    acked.append(line.split()[1])
            seen_down = balancer.down_seen_at.get(backends[0], killed_at)
            after = [status for at, status in results if at > seen_down]
            figures["requests"] = len(results)
            figures["requests_after_failover"] = len(after)
            figures["errors_after_failover"] = sum(1 for s in after if s == 0 or s >= 500)
            figures["errors_before_kill"] = sum(
                1 for at, s in results if at < killed_at and (s == 0 or s >= 500)
            )
            figures["balancer_saw_a_down_after_s"] = round(seen_down - killed_at, 3)
            figures["writes_acked"] = len(acked)
            found = manage(
                local,
                "shell",
                "-c",
                "from factcheck.models import Outlet;"
                "print(Outlet.objects.filter(slug__startswith='cluster-outlet-').count())",
                capture=True,
            )
            stored = int(found.strip().splitlines()[-1])
            figures["writes_lost"] = len(set(acked)) - min(stored, len(set(acked)))
    finally:
        loop.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database])
    print(json.dumps(figures, indent=2))
    ok = (
        figures.get("visible_on_b_status") == 200
        and (figures["visible_on_b_after_s"] or 0) <= 1
        and figures["errors_after_failover"] == 0
        and figures["writes_lost"] == 0
        and figures["writes_acked"] > 0
        and figures["requests_after_failover"] > 0
    )
    log("cluster-test: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


def direct_status(backend, path):
    connection = http.client.HTTPConnection(*backend, timeout=2)
    try:
        connection.request("GET", path, headers={"Host": backend[0]})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
