"""Environment variables: each parsed strictly, a typo stops startup naming it, all documented."""

import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from environs import EnvValidationError

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "newsroom" / "settings.py"
GUNICORN = ROOT / "newsroom" / "gunicorn.py"
# env.int("NAME", ...), env.bool("NAME", ...), env_list("NAME", ...)
_READ = re.compile(r'\benv(?:\.(\w+)|_list)\(\s*"([A-Z][A-Z0-9_]*)"')
# A value each kind of variable must refuse.
BAD_VALUES = {"bool": ["ture", "oui"], "int": ["5m", "1.5", "-1"], "float": ["5s", "-1"]}
BAD_VALUES["log_level"] = ["LOUD"]


def variables(path):
    """{name: parser} for every environment variable `path` reads."""
    return {name: parser or "list" for parser, name in _READ.findall(path.read_text())}


def load(path, monkeypatch, **environment):
    monkeypatch.setenv("SECRET_KEY", "test-only-secret")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(path))


def typed_cases():
    for path in (SETTINGS, GUNICORN):
        for name, parser in sorted(variables(path).items()):
            for value in BAD_VALUES.get(parser, []):
                if value == "-1" and name == "DEBUG":
                    continue
                yield pytest.param(path, name, value, id=f"{name}={value}")


def test_every_variable_is_read_through_environs():
    """No variable is read with os.environ, where a typo would pass unnoticed."""
    for path in (SETTINGS, GUNICORN):
        source = path.read_text()
        assert "os.environ" not in source and "getenv" not in source, path.name
        assert variables(path), path.name


@pytest.mark.parametrize(("path", "name", "value"), list(typed_cases()))
def test_a_bad_value_stops_startup_naming_the_variable(monkeypatch, path, name, value):
    """A switch, number or level that does not parse is an error naming its variable."""
    with pytest.raises(EnvValidationError, match=f'"{name}"'):
        load(path, monkeypatch, **{name: value})


@pytest.mark.parametrize(
    ("name", "value"),
    [("SITE_URL", "verif.example.org"), ("SITE_URL", "ftp://verif.example.org")],
)
def test_site_url_must_be_a_web_address(monkeypatch, name, value):
    """SITE_URL without http(s):// would put broken links in every feed: refused."""
    with pytest.raises(EnvValidationError, match=name):
        load(SETTINGS, monkeypatch, **{name: value})


def test_good_values_are_read(monkeypatch):
    """The usual spellings of on, off and numbers are accepted and mean what they say."""
    settings = load(
        SETTINGS,
        monkeypatch,
        SECURE_COOKIES="off",
        EMAIL_USE_TLS="1",
        PAGE_CACHE_SECONDS="60",
        EMAIL_TIMEOUT="2.5",
        ALLOWED_HOSTS=" verif.example.org , www.verif.example.org,",
        LOG_LEVEL="warning",
    )
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["PAGE_CACHE_SECONDS"] == 60
    assert settings["EMAIL_TIMEOUT"] == 2.5
    assert settings["ALLOWED_HOSTS"] == ["verif.example.org", "www.verif.example.org"]
    assert settings["LOGGING"]["root"]["level"] == 30


def test_a_typo_stops_manage_py_with_the_variable_name():
    """`SECURE_COOKIES=ture manage.py check` fails and says which variable is wrong."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50, "SECURE_COOKIES": "ture"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert 'Environment variable "SECURE_COOKIES" invalid' in result.stderr


def test_the_readme_table_names_every_variable_and_no_other():
    """The README's configuration table lists exactly the variables settings.py reads."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for row in section.splitlines():
        if row.startswith("| `"):
            documented.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1]))
    assert documented == set(variables(SETTINGS))


def test_mail_has_a_timeout_of_a_few_seconds_by_default(monkeypatch):
    """Without EMAIL_TIMEOUT, a silent mail server is given up on after a few seconds."""
    monkeypatch.delenv("EMAIL_TIMEOUT", raising=False)
    assert 1 <= load(SETTINGS, monkeypatch)["EMAIL_TIMEOUT"] <= 10


def test_without_redis_the_workers_of_a_host_share_one_page_cache(monkeypatch, tmp_path):
    """Without REDIS_URL, pages are cached in files all workers read, big enough for a
    working set of thousands of stories (not ~300 entries per worker)."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    caches = load(SETTINGS, monkeypatch, CACHE_DIR=str(tmp_path))["CACHES"]
    default = caches["default"]
    from django.core.cache.backends.filebased import FileBasedCache
    from django.utils.module_loading import import_string

    assert issubclass(import_string(default["BACKEND"]), FileBasedCache)
    assert default["LOCATION"].startswith(str(tmp_path))
    assert default["OPTIONS"]["MAX_ENTRIES"] >= 5_000
    assert caches["generation"]["LOCATION"] == str(tmp_path)
