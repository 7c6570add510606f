"""Translation catalogues for the test run (used by conftest.py)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compile_catalogues(root=ROOT) -> list[Path]:
    """Compile each translation catalogue whose .mo is missing or older than its .po.

    The .mo files are build products, not in git: without this, a plain `pytest`
    on a fresh clone would test an English-only site. Same command as Django's
    `compilemessages` (GNU gettext's msgfmt, with the format checks).
    """
    stale = [
        po
        for po in sorted(root.glob("locale/*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    msgfmt = shutil.which("msgfmt")
    if stale and msgfmt is None:
        raise pytest.UsageError(
            "The translation catalogues need compiling and msgfmt is missing: "
            "install GNU gettext (apt-get install gettext), or run `make test`."
        )
    for po in stale:
        subprocess.run(
            [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)],
            check=True,
            capture_output=True,
        )
    return stale
