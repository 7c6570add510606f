"""The page cache under real traffic: readers over many stories while an editor works.

Readers walk `--stories` public story pages (bench/soak.lua, each wrk thread from
its own offset) through the page cache; meanwhile an editor, through the same
service functions as the admin (articles/editing.py, articles/workflow.py),
saves a draft every `--draft-every` seconds and publishes a verified story every
`--publish-every` seconds. Saving a draft must invalidate nothing public, and a
publication only what shows the new story, so the hit ratio stays near 1 once
every page has been read once (the warm-up pass).

    python bench/mixed.py --database-url postgres://…/newsroom_bench --duration 60

`bench/bench.py` runs it after the cached story page (`--mixed-duration`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, ensure_tool, gunicorn, log, manage, production_env, wait_http
from soak import finish_wrk, run_wrk

HERE = Path(__file__).resolve().parent

STORIES_SCRIPT = r"""
from articles.models import Article
paths = [a.get_absolute_url() for a in Article.objects.published()
         .filter(current_version__isnull=False).order_by("-published_at")
         .only("slug", "language")[:%(n)d]]
print("\n".join(paths))
"""

# The editor: one process for the whole run, the service functions the admin calls.
EDITOR_SCRIPT = r"""
import json, time
from django.contrib.auth import get_user_model
from articles import editing, record, workflow
from articles.models import Article, Status
from newsroom.roles import EDITOR, sync_roles
from django.contrib.auth.models import Group
sync_roles()
user, _ = get_user_model().objects.get_or_create(username="bench-mixed-editor",
    defaults={"is_staff": True, "is_superuser": True})
user.groups.add(Group.objects.get(name=EDITOR))
drafts = list(Article.objects.filter(status=Status.DRAFT).order_by("-pk")[:50])
verified = list(Article.objects.filter(status=Status.VERIFIED).order_by("-pk")[:20])
end = time.monotonic() + %(duration)f
next_draft = time.monotonic() + %(draft_every)f
next_publish = time.monotonic() + %(publish_every)f / 2
counts = {"drafts_saved": 0, "published": 0, "refused": 0}
n = 0
while time.monotonic() < end:
    now = time.monotonic()
    if now >= next_draft and drafts:
        n += 1
        story = drafts[n %% len(drafts)]
        try:
            with editing.edit_story(article=story.pk, user=user, note="bench") as edit:
                article = edit.articles[0]
                article.title = article.title.split(" · ")[0] + f" · {n}"
                article.save()
            counts["drafts_saved"] += 1
        except Exception as error:  # a refused edit is counted, not fatal
            counts["refused"] += 1
            print("draft refused:", type(error).__name__, str(error)[:200])
        next_draft += %(draft_every)f
    if now >= next_publish and verified:
        story = verified.pop()
        # The corpus writes verified rows without their verification's hash: take it now,
        # as the verifier's transition would have.
        Article.objects.filter(pk=story.pk).update(verified_hash=record.live_hash(story))
        story.refresh_from_db()
        try:
            workflow.apply_transition(article=story, user=user, name="publish")
            counts["published"] += 1
        except Exception as error:
            counts["refused"] += 1
            print("publish refused:", type(error).__name__, str(error)[:200])
        next_publish += %(publish_every)f
    time.sleep(0.2)
print("EDITOR " + json.dumps(counts))
"""


def run(env, base, *, stories, duration, connections, draft_every, publish_every, work):
    """Warm the cache over `stories` pages, then measure readers while the editor works."""
    out = manage(env, "shell", "-c", STORIES_SCRIPT % {"n": stories}, capture=True)
    paths = [line for line in out.splitlines() if line.startswith("/")]
    paths_file = work / "mixed-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    log(f"mixed: warming {len(paths):,} story pages…")
    with ThreadPoolExecutor(connections) as pool:  # each page read once: all cached
        list(pool.map(lambda path: urllib.request.urlopen(base + path).read(), paths))  # noqa: S310
    editor = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "shell",
            "-c",
            EDITOR_SCRIPT
            % {
                "duration": duration,
                "draft_every": draft_every,
                "publish_every": publish_every,
            },
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    readers = finish_wrk(run_wrk(base, paths_file, duration, connections, 2), duration)
    try:
        editor_out, _ = editor.communicate(timeout=duration + 120)
    except subprocess.TimeoutExpired:
        editor.kill()
        editor_out, _ = editor.communicate()
    line = next((x for x in editor_out.splitlines() if x.startswith("EDITOR ")), None)
    edits = json.loads(line[7:]) if line else {"error": editor_out[-500:]}
    edits["refusals"] = [x for x in editor_out.splitlines() if "refused:" in x][:3]
    requests = readers["requests"] or 1
    return {
        "stories": len(paths),
        "requests": readers["requests"],
        "rps": readers["requests"] / (readers["duration_us"] / 1e6),
        "hit_ratio": readers["cache_hits"] / requests,
        "errors": readers["s5xx"] + readers["s4xx"],
        "editor": edits,
    }


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
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--draft-every", type=float, default=5.0)
    parser.add_argument("--publish-every", type=float, default=60.0)
    args = parser.parse_args()
    if not ensure_tool("wrk", "wrk"):
        raise SystemExit("wrk is required (apt-get install wrk).")
    work = Path(tempfile.mkdtemp(prefix="newsroom-mixed-"))
    port = 8775
    base = f"http://127.0.0.1:{port}"
    env = production_env(args.database_url, base, work)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    with gunicorn(port, args.workers, env, work / "site.log"):
        wait_http(base + "/")
        result = run(
            env,
            base,
            stories=args.stories,
            duration=args.duration,
            connections=args.connections,
            draft_every=args.draft_every,
            publish_every=args.publish_every,
            work=work,
        )
    print(json.dumps(result, indent=2))
    print(
        f"mixed read/write over {result['stories']:,} stories: hit ratio "
        f"{result['hit_ratio']:.3f}, {result['rps']:.0f} req/s, {result['errors']} errors; "
        f"editor: {result['editor']}"
    )


if __name__ == "__main__":
    main()
