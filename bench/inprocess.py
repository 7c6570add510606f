"""CPU per request of public pages in one process, without the HTTP server.

    .venv/bin/python bench/inprocess.py [--database-url URL] [--requests 300] [--profile PATH]

Calls the site's WSGI application (`newsroom.wsgi`: the page cache's front and
every middleware) with the page cache off, on the bench database, and prints the
process's CPU time per request (`time.process_time`), and its PostgreSQL
backend's (from /proc, when the database runs on this machine; 10 ms ticks, so
give it enough requests) for the story page, a tag page, the front page, a region,
the most prolific author, the fact-check index, a search, the RSS feed, robots.txt
(Django's request cycle with a view that reads nothing: the floor of any page)
and a WSGI app returning the story's bytes (the floor of any server). Each page
is requested 20 times first (per-process caches filled, as in a worker that has
served a while).

With ``--profile PATH``, profiles PATH instead (cProfile, cumulative order; PATH may
hold a query string).
`make bench` measures the same pages through gunicorn, with the database's CPU;
this isolates the Python side, to see what a change buys in seconds, not minutes.
"""

import argparse
import io
import os
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import setup_django_in_process  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
        ),
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", help="a path to profile instead of measuring")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "0")
    # Production serves hashed static files from a manifest: collect them once.
    collect = "STATIC_ROOT" not in os.environ
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="newsroom-inprocess-"))
    setup_django_in_process(args.database_url)
    if collect:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)

    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Author, Region
    from newsroom.wsgi import application

    story, title = (
        Article.objects.published().order_by("-published_at").values_list("slug", "title")[0]
    )
    # The words `make bench` searches for: the place in the newest story's title.
    word = urllib.parse.quote_plus(title.split(" à ")[-1] if " à " in title else title.split()[0])
    tag = (
        Tag.objects.annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n")
        .values_list("slug", flat=True)[0]
    )
    answers = {}

    def backend_cpu():
        """CPU seconds of this process's PostgreSQL backend so far (same machine only)."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return float("nan")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start_response(status, headers, exc_info=None):
        answers["status"] = status

    def get(app, address):
        path, _mark, query = address.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        return b"".join(app(environ, start_response))

    story_path = f"/articles/{story}/"
    story_bytes = get(application, story_path)

    def trivial(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [story_bytes]

    if args.profile:
        import cProfile
        import pstats

        for _ in range(20):
            get(application, args.profile)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for _ in range(args.requests):
            get(application, args.profile)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)
        return

    region = Region.objects.filter(level=Region.Level.REGION).order_by("pk")[0].slug
    author = (
        Author.objects.annotate(n=Count("bylines")).order_by("-n").values_list("slug", flat=True)[0]
    )
    pages = [
        ("story page", application, story_path),
        ("tag page", application, f"/tags/{tag}/"),
        ("front page", application, "/"),
        ("region page", application, f"/regions/{region}/"),
        ("author page", application, f"/auteurs/{author}/"),
        ("fact-check index", application, "/verifications/"),
        ("search", application, f"/recherche/?q={word}"),
        ("RSS feed", application, "/flux/articles.rss"),
        ("robots.txt (Django's floor)", application, "/robots.txt"),
        ("trivial WSGI app, story bytes", trivial, story_path),
    ]
    print(f"{'page':32} {'status':8} {'bytes':>7} {'CPU ms/req':>10} {'PG ms/req':>10}")
    for label, app, path in pages:
        for _ in range(20):
            body = get(app, path)
        backend = backend_cpu()
        started = time.process_time()
        for _ in range(args.requests):
            get(app, path)
        cpu = (time.process_time() - started) / args.requests * 1000
        database = (backend_cpu() - backend) / args.requests * 1000
        print(f"{label:32} {answers['status'][:3]:8} {len(body):7} {cpu:10.4f} {database:10.3f}")


if __name__ == "__main__":
    main()
