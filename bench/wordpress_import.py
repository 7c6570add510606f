"""The WordPress import at scale: a generated export, its time and peak memory.

    python bench/wordpress_import.py --posts 10000            # import into a fresh database
    python bench/wordpress_import.py --parse-only --megabytes 1024   # stream a 1 GB export

The export is generated (invented regional stories, block and classic content,
drafts and published posts, categories, tags, authors). The import runs as
``manage.py import_wordpress`` in a child process on a fresh SQLite database
(or the one DATABASE_URL names); the script prints the wall time, the rate and
the child's peak resident memory (ru_maxrss). ``--parse-only`` streams the
export through the reader alone, to show that memory does not grow with the
file's size.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOWNS = ["Caen", "Bayeux", "Lisieux", "Vire", "Granville", "Coutances", "Falaise", "Honfleur"]
SUBJECTS = ["la crue", "le marché", "la fête du cidre", "le chantier du port", "la rentrée"]
SECTIONS = [("normandie", "Normandie"), ("bretagne", "Bretagne"), ("faits-divers", "Faits divers")]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def paragraph(rng, n):
    town, subject = rng.choice(TOWNS), rng.choice(SUBJECTS)
    return (
        f"À {town}, {subject} occupe les esprits depuis lundi ({n}). Les élus ont "
        f"répondu aux questions des habitants réunis à la salle des fêtes."
    )


def post_xml(rng, n, paragraphs):
    status = "publish" if n % 10 else rng.choice(["draft", "pending", "private"])
    day = 1 + n % 28
    slug = f"{rng.choice(SUBJECTS).replace(' ', '-')}-{n}"
    if n % 2:
        body = "".join(
            f"<!-- wp:paragraph --><p>{paragraph(rng, n)}</p><!-- /wp:paragraph -->"
            for _ in range(paragraphs)
        )
    else:
        body = "\n\n".join(paragraph(rng, n) for _ in range(paragraphs))
    category, name = rng.choice(SECTIONS)
    return f"""<item><title>{rng.choice(SUBJECTS).capitalize()} à {rng.choice(TOWNS)} ({n})</title>
<link>https://ancien-site.example/2021/05/{day:02d}/{slug}/</link>
<dc:creator>{cdata(f"auteur{n % 12}")}</dc:creator>
<guid isPermaLink="false">https://ancien-site.example/?p={n}</guid>
<content:encoded>{cdata(body)}</content:encoded><excerpt:encoded>{cdata("")}</excerpt:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date>{cdata(f"2021-05-{day:02d} 10:00:00")}</wp:post_date>
<wp:post_date_gmt>{cdata(f"2021-05-{day:02d} 08:00:00")}</wp:post_date_gmt>
<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status>
<wp:post_type>{cdata("post")}</wp:post_type>
<category domain="category" nicename="{category}">{cdata(name)}</category>
<category domain="post_tag" nicename="{TOWNS[n % 8].lower()}">{cdata(TOWNS[n % 8])}</category>
</item>
"""


def write_export(path: Path, *, posts: int, megabytes: int = 0, paragraphs: int = 6) -> int:
    """Write an export of `posts` posts (or of about `megabytes` MB); returns posts written."""
    rng = random.Random(19)  # noqa: S311 - invented content
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title>\n'
        )
        for a in range(12):
            out.write(
                f"<wp:author><wp:author_login>{cdata(f'auteur{a}')}</wp:author_login>"
                f"<wp:author_display_name>{cdata(f'Plume {a}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        n = 0
        while (megabytes and out.tell() < megabytes * 1_048_576) or (not megabytes and n < posts):
            n += 1
            out.write(post_xml(rng, n, paragraphs))
        out.write("</channel></rss>\n")
    return n


def parse_only(path: Path) -> None:
    from imports.wxr import WxrItem, read_export

    start = time.monotonic()
    items = sum(1 for record in read_export(path) if isinstance(record, WxrItem))
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = path.stat().st_size / 1_048_576
    print(f"parsed {items} items, {size:.0f} MB in {elapsed:.1f} s; peak RSS {peak:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--megabytes", type=int, default=0, help="export size instead of --posts")
    parser.add_argument("--parse-only", action="store_true")
    parser.add_argument("--keep", help="write the export here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        path = Path(args.keep) if args.keep else work / "export.xml"
        count = write_export(path, posts=args.posts, megabytes=args.megabytes)
        print(f"export: {count} posts, {path.stat().st_size / 1_048_576:.1f} MB")
        if args.parse_only:
            parse_only(path)
            return
        env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"), "DEBUG": "1"}
        env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
        subprocess.run(
            [*manage, "shell", "-c",
             "from django.contrib.auth import get_user_model as g; "
             "g().objects.filter(username='bench').exists() or "
             "g().objects.create_superuser('bench', 'bench@example.org', None)"],
            env=env, check=True,
        )  # fmt: skip
        peak_file = work / "peak"
        # The import's own peak (RUSAGE_SELF in the child), not migrate's.
        launcher = (
            "import resource, runpy, sys\n"
            f"sys.argv = ['manage.py', 'import_wordpress', {str(path)!r}, '--user', 'bench']\n"
            "try:\n"
            f"    runpy.run_path({str(ROOT / 'manage.py')!r}, run_name='__main__')\n"
            "finally:\n"
            f"    open({str(peak_file)!r}, 'w').write("
            "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
        )
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", launcher], env=env, check=True, cwd=ROOT)
        elapsed = time.monotonic() - start
        peak = int(peak_file.read_text()) / 1024
        print(
            f"imported {count} posts in {elapsed:.0f} s ({count / elapsed:.1f} posts/s); "
            f"peak RSS of the import {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
