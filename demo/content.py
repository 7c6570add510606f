"""The demo's content, read from data files a contributor edits without Python.

    demo/data/stories/<slug>.md   one story: YAML front matter, then its sections
    demo/data/authors/<slug>.md   one author: YAML front matter, then the biography
    demo/data/pages/<kind>.md     the body of a site page (methodology, team…)
    demo/data/outlets.yaml        the publishers stories cite

demo/README.md describes the fields. Every story, person, quotation and
organisation's words are invented for the demo; real outlet names appear only
as citable publishers, with their homepage, and every deep link points under
DEMO_URL. Dates are offsets in days from the moment `seed_demo` runs
(negative: in the past), so the demo always looks current.
"""

from __future__ import annotations

from pathlib import Path

import frontmatter
import yaml

DATA = Path(__file__).resolve().parent / "data"
DEMO_URL = "https://example.org/demo/"
ARCHIVE_URL = "https://example.org/demo/archive/"

# Appended to every story's context: real offices appear with invented people.
DEMO_NOTICE = "*Article de démonstration : les faits, les personnes et les citations sont fictifs.*"

# A story's body: level-1 headings name its sections, in any order; only the
# introduction is required (a draft may have no development yet).
SECTIONS = {
    "Introduction": "introduction",
    "Faits vérifiés": "verified_facts",
    "Développement": "development",
    "Contexte": "context",
}
REQUIRED_SECTIONS = ("introduction",)
STORY_LISTS = ("tags", "authors", "quotes", "sources", "claims", "corrections")


class DemoContentError(ValueError):
    """A demo data file that cannot be read; the message names the file and the problem."""


def sections(text: str, path: Path) -> dict[str, str]:
    """{field: Markdown} from a body whose `# Heading` lines start each section."""
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("# "):
            heading = line[2:].strip()
            if heading not in SECTIONS:
                raise DemoContentError(
                    f"{path.name}: unknown section « {heading} » "
                    f"(expected one of: {', '.join(SECTIONS)})"
                )
            current = SECTIONS[heading]
            found[current] = []
        elif current is None:
            if line.strip():
                raise DemoContentError(f"{path.name}: text before the first section heading")
        else:
            found[current].append(line)
    return {field: "\n".join(lines).strip() for field, lines in found.items()}


def load(path: Path) -> tuple[dict, str]:
    try:
        post = frontmatter.load(path)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DemoContentError(f"{path.name}: {exc}") from exc
    return dict(post.metadata), post.content.strip()


def story(path: Path) -> dict:
    """One story as `seed_demo` builds it (see demo/README.md for the fields)."""
    data, body = load(path)
    data.update(sections(body, path))
    missing = [field for field in ("slug", "title", "status", "timeline") if field not in data]
    missing += [field for field in REQUIRED_SECTIONS if not data.get(field)]
    if missing:
        raise DemoContentError(f"{path.name}: missing {', '.join(missing)}")
    if path.stem != data["slug"]:
        raise DemoContentError(f"{path.name}: the file is named after the slug {data['slug']!r}")
    for field in SECTIONS.values():
        data.setdefault(field, "")
    for field in STORY_LISTS:
        data[field] = data.get(field) or []
    return data


def stories(directory: Path | None = None) -> list[dict]:
    """Every story file, in file-name order."""
    directory = directory or DATA / "stories"
    return [story(path) for path in sorted(directory.glob("*.md"))]


def authors(directory: Path | None = None) -> list[dict]:
    """Every author, in `position` order (the team page's order)."""
    directory = directory or DATA / "authors"
    ranked = []
    for path in sorted(directory.glob("*.md")):
        data, biography = load(path)
        position = data.pop("position", 1000)
        ranked.append((position, data["slug"], {**data, "biography": biography}))
    return [author for _position, _slug, author in sorted(ranked)]


def outlets(path: Path | None = None) -> list[dict]:
    """The publishers: dicts of slug, name, homepage and kind."""
    path = path or DATA / "outlets.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DemoContentError(f"{path.name}: {exc}") from exc


def pages(directory: Path | None = None) -> dict[str, str]:
    """{site page kind: Markdown body}; the team page gets the list of authors appended."""
    directory = directory or DATA / "pages"
    bodies = {}
    for path in sorted(directory.glob("*.md")):
        data, body = load(path)
        bodies[data.get("kind", path.stem)] = body
    if "team" in bodies:
        lines = [bodies["team"], ""]
        lines += [
            f"- [{a['name']}](/auteurs/{a['slug']}/) — {a['job_title']}"
            for a in authors(directory.parent / "authors")
        ]
        bodies["team"] = "\n".join(lines)
    return bodies
