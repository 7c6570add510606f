"""The French catalogue: complete, faithful to the placeholders, and loaded by Django."""

import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
FRENCH_PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
FRENCH_MO = FRENCH_PO.with_suffix(".mo")

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# printf style as Python's % operator reads it; "%%" is a literal percent sign.
_PRINTF = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])")
# str.format / format_html fields: {}, {0}, {name}.
_BRACES = re.compile(r"\{(\w*)\}")


def _unquote(quoted):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])


def parse_po(path):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags, line."""
    entries, entry, field = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            field = None
            continue
        match = _KEYWORD.match(line)
        starts_entry = line.startswith("#") or (match and match.group(1) in ("msgctxt", "msgid"))
        if entry is None or (starts_entry and entry["msgstr"]):
            entry = {"flags": set(), "msgstr": {}, "line": number}
            entries.append(entry)
        if line.startswith("#"):
            # "#~" obsolete entries and other comments carry no message.
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
            field = None
        elif match:
            keyword, value = match.groups()
            field = ("msgstr", int(keyword[7:-1]) if "[" in keyword else 0)
            if not keyword.startswith("msgstr"):
                field = (keyword, None)
            _append(entry, field, _unquote(value))
        elif line.startswith('"') and field is not None:
            _append(entry, field, _unquote(line))
        else:
            raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    for item in entries:
        item["msgstr"] = [item["msgstr"][i] for i in sorted(item["msgstr"])]
    return [item for item in entries if "msgid" in item]


def _append(entry, field, text):
    name, index = field
    if name == "msgstr":
        entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
    else:
        entry[name] = entry.get(name, "") + text


def placeholders(text):
    """Named printf fields as a set, positional ones in order, and brace fields as a set."""
    named, positional = set(), []
    for match in _PRINTF.finditer(text):
        name, conversion = match.groups()
        if conversion == "%":
            continue
        if name:
            named.add(f"%({name}){conversion}")
        else:
            positional.append(match.group(0))
    return named, positional, set(_BRACES.findall(text))


@pytest.fixture(scope="module")
def french_entries():
    if not FRENCH_PO.exists():
        pytest.fail(f"{FRENCH_PO} is missing: run `make messages`.")
    return parse_po(FRENCH_PO)


def test_french_catalogue_header_declares_language_and_plurals(french_entries):
    """The French header is not fuzzy and declares fr, UTF-8 and French plural rules."""
    header = next(e for e in french_entries if e["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    text = header["msgstr"][0]
    assert "Language: fr\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in text


def test_every_french_message_is_translated_and_not_fuzzy(french_entries):
    """Every msgid of the French catalogue has non-empty msgstr forms and no fuzzy flag."""
    messages = [e for e in french_entries if e["msgid"]]
    assert messages, "the French catalogue has no message"
    problems = []
    for entry in messages:
        expected_forms = 2 if "msgid_plural" in entry else 1
        if "fuzzy" in entry["flags"]:
            problems.append(f"line {entry['line']}: fuzzy: {entry['msgid']!r}")
        if len(entry["msgstr"]) != expected_forms or not all(s.strip() for s in entry["msgstr"]):
            problems.append(f"line {entry['line']}: untranslated: {entry['msgid']!r}")
    assert not problems, "\n".join(problems)


def test_french_translations_keep_the_placeholders(french_entries):
    """Each French msgstr uses the same %(x)s / %s / {} placeholders as its msgid."""
    problems = []
    for entry in french_entries:
        if not entry["msgid"]:
            continue
        sources = [entry["msgid"]] + [entry.get("msgid_plural", entry["msgid"])] * (
            len(entry["msgstr"]) - 1
        )
        for source, translated in zip(sources, entry["msgstr"], strict=True):
            if translated and placeholders(source) != placeholders(translated):
                problems.append(
                    f"line {entry['line']}: {source!r} → {translated!r}: "
                    f"{placeholders(source)} ≠ {placeholders(translated)}"
                )
    assert not problems, "\n".join(problems)


def test_django_uses_the_compiled_french_catalogue():
    """With French active, gettext("Verified facts") returns the French heading."""
    if not FRENCH_MO.exists():
        pytest.skip(f"{FRENCH_MO.relative_to(ROOT)} is not compiled: run `make setup`.")
    with translation.override("fr"):
        assert translation.gettext("Verified facts") == "Faits vérifiés"


def test_a_fresh_clone_gets_its_catalogues_compiled(tmp_path):
    """A plain `pytest` compiles a missing or outdated .mo, so French is tested without
    `make`: here on a copy of the French catalogue, as a fresh clone has it."""
    import gettext
    import os
    import shutil

    from tests.catalogues import compile_catalogues

    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "django.po"
    shutil.copy(FRENCH_PO, po)
    assert compile_catalogues(tmp_path) == [po]
    catalogue = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    assert catalogue.gettext("Search") == "Rechercher"
    assert compile_catalogues(tmp_path) == []  # up to date: nothing to do
    os.utime(po.with_suffix(".mo"), (0, 0))
    assert compile_catalogues(tmp_path) == [po]  # older than the .po: compiled again


def test_every_message_the_code_shows_has_a_french_translation(tmp_path):
    """Every string marked for translation in the code and templates (labels, help
    texts, verbose names, messages) is in the French catalogue: an English phrase in
    the French interface fails here, whoever added it and wherever."""
    import shutil
    import subprocess
    import sys

    git = shutil.which("git")
    if git is None:
        pytest.skip("git is needed to list the project's files")
    listing = subprocess.run([git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    tracked = listing.stdout.decode().split("\0")
    if not tracked or tracked == [""]:
        pytest.skip("not a git checkout")
    for name in tracked:
        if name and not name.startswith(("tests/", "bench/")) and (ROOT / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        env={**__import__("os").environ, "DEBUG": "1", "SECRET_KEY": "x"},
        capture_output=True,
        check=True,
    )
    extracted = parse_po(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    with translation.override("fr"):
        # Empty here but translated by Django's or a library's own catalogue ("Save").
        missing = [
            entry["msgid"]
            for entry in extracted
            if entry["msgid"]
            # makemessages guesses a "fuzzy" translation from a similar message: not one.
            and (not any(entry["msgstr"]) or "fuzzy" in entry["flags"])
            and translation.gettext(entry["msgid"]) == entry["msgid"]
        ]
    assert missing == [], "add French translations to locale/fr/LC_MESSAGES/django.po"
