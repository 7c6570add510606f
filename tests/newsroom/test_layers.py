"""Dependencies run one way: apps import newsroom's utilities, never the reverse.

    newsroom/ (settings, urls, wsgi, leaf utilities)  ←  articles  ←  factcheck
                                                       ←  demo (seeding, corpus)

`newsroom/urls.py` is the one composition point that names the apps' views.
Everything else in newsroom/ gets what it needs from the apps through
registries filled in their AppConfig.ready() (pagecache.SCHEDULE_PROVIDERS,
context_processors.FOOTER_LINKS). `articles` plugs nothing of factcheck in:
factcheck registers itself into articles' registries (factcheck/apps.py).
Imports inside functions count: a late import is still a dependency.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py") if path.parent.name != "newsroom")
# The URLconf composes the site from the apps: that is its job.
COMPOSITION_ROOT = {"newsroom/urls.py"}


def imported_modules(path: Path) -> set[str]:
    """Every module named by an import statement in the file, at any depth."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SystemError:
        # CPython 3.11 can lose count of its recursion depth after a deep recursion
        # elsewhere in the same process ("AST constructor recursion depth mismatch");
        # a fresh interpreter parses the file as it should.
        return _imported_modules_in_a_fresh_interpreter(path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _imported_modules_in_a_fresh_interpreter(path: Path) -> set[str]:
    script = (
        "import json, sys; from pathlib import Path; "
        "from tests.newsroom.test_layers import imported_modules; "
        "print(json.dumps(sorted(imported_modules(Path(sys.argv[1])))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(json.loads(result.stdout))


def python_files(package: str):
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imports_of(path: Path, packages) -> set[str]:
    return {name for name in imported_modules(path) if name.split(".")[0] in packages}


def test_the_apps_are_found():
    assert {"articles", "factcheck", "demo"} <= set(APPS)


@pytest.mark.parametrize(
    "path",
    [
        path
        for path in python_files("newsroom")
        if path.relative_to(ROOT).as_posix() not in COMPOSITION_ROOT
    ],
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_newsroom_imports_no_app(path):
    """A module of the leaf layer that imports an app makes a cycle; register instead."""
    assert imports_of(path, APPS) == set()


@pytest.mark.parametrize(
    "path", python_files("articles"), ids=lambda path: path.relative_to(ROOT).as_posix()
)
def test_articles_never_imports_factcheck(path):
    """factcheck plugs into articles' registries; articles never reaches for factcheck."""
    assert imports_of(path, {"factcheck", "demo"}) == set()


@pytest.mark.parametrize(
    "path",
    [path for app in APPS if app != "demo" for path in python_files(app)],
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_no_runtime_module_imports_the_demo(path):
    """Demo seeding and the corpus generator are tools; nothing that serves readers needs them."""
    assert imports_of(path, {"demo"}) == set()


def test_the_checker_sees_late_imports(tmp_path):
    """The check would catch the old cycle: an import inside a function."""
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from articles.models import Article\n    return Article\n")
    assert imports_of(module, APPS) == {"articles.models"}


def test_registered_providers_replace_the_old_imports():
    """What newsroom once imported is now registered by articles at startup."""
    from articles.footer import footer_pages
    from articles.models import Article
    from newsroom import context_processors, pagecache

    assert Article.objects.next_scheduled_time in pagecache.SCHEDULE_PROVIDERS
    assert footer_pages in context_processors.FOOTER_LINKS
