"""The two validators of the public pages: the Nu HTML checker and axe-core.

Both come from npm, pinned in the Makefile (`make validators`, a step of
`make test-e2e`), into var/validators/ (git-ignored): the `vnu-jar` package
ships the checker's jar, run with Debian's Java; `axe-core` is loaded into
each browser page before the page's own scripts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "var" / "validators" / "node_modules"
VNU_JAR = Path(os.environ.get("VNU_JAR", TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"))
AXE_JS = Path(os.environ.get("AXE_JS", TOOLS / "axe-core" / "axe.min.js"))
# WCAG 2.1 levels A and AA: what the issue measures (axe's "best-practice" rules are not).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.fail(f"{what} not found at {path}: run `make validators` (or make test-e2e).")
    return path


def java() -> str:
    """The `java` to run the Nu checker with; a skip only where there is none and
    none could be installed (never in CI, which must run the checker)."""
    found = shutil.which("java")
    if found:
        return found
    message = (
        "Java is not installed, so the Nu HTML checker cannot run: "
        "apt-get install -y default-jre-headless (or `make validators` as root)."
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def nu_check(files: list[Path]) -> dict[Path, list[dict]]:
    """The Nu checker's messages for each file (HTML, or CSS by its name), in one run
    (the JVM is slow to start)."""
    jar = require(VNU_JAR, "The Nu HTML checker (vnu.jar)")
    result = subprocess.run(  # noqa: S603 - our own paths
        [java(), "-jar", str(jar), "--format", "json", "--exit-zero-always", "--also-check-css"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The JSON report goes to standard error.
    report = json.loads(result.stderr or result.stdout)
    by_file: dict[Path, list[dict]] = {path: [] for path in files}
    for message in report["messages"]:
        path = Path(message.get("url", "").removeprefix("file:"))
        by_file.setdefault(path, []).append(message)
    return by_file


def nu_errors(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def load_axe(context) -> None:
    """Have axe-core in every page of `context`, before the page's own scripts
    (an init script is not subject to the page's Content-Security-Policy)."""
    context.add_init_script(path=str(require(AXE_JS, "axe-core")))


def axe_run(page) -> dict:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, and how many
    rules found something to check and passed (a page axe saw nothing of is not a pass)."""
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => ({violations: result.violations, passes: result.passes.length}))",
        AXE_TAGS,
    )


# Every element a keyboard reaches gets a focus ring of at least 3:1 against the
# background it is drawn on (WCAG 1.4.11): axe does not measure focus rings.
FOCUS_RING_SCRIPT = (Path(__file__).parent / "focus_rings.js").read_text(encoding="utf-8")


def focus_ring_problems(page) -> list[str]:
    """Focusable elements whose focus ring is missing, thin or under 3:1 (after a Tab,
    so that the browser shows rings as it does for keyboard users)."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_RING_SCRIPT)


def describe_axe(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]


def describe_nu(messages: list[dict]) -> list[str]:
    return [
        f"line {m.get('lastLine', '?')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
    ]
