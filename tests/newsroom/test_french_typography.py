"""French typography in our own strings: the catalogue and the standalone 503 page.

French sets a no-break space (U+00A0) before ":" and inside « », and a narrow
no-break space (U+202F) before ";", "?" and "!". An ordinary space there lets the
line break before the sign; no space at all is English typography.
"""

import re

import pytest
from django.template.loader import render_to_string

from tests.newsroom.test_translations import FRENCH_PO, parse_po

NBSP, NNBSP = "\u00a0", "\u202f"
# What a French text must not contain, with the reason readers see.
MISTAKES = [
    (re.compile(r"[ \u202f]:|\w:(?=\s|$)"), "':' needs a no-break space (U+00A0) before it"),
    (re.compile(r"[ \u00a0][;?!]|\w[;?!](?=\s|$)"), "';?!' need a narrow no-break space (U+202F)"),
    (re.compile(r"«(?!\u00a0)|(?<!\u00a0)»"), "« » need no-break spaces (U+00A0) inside"),
]
# Named character references ("&amp;") end in ";" without being punctuation.
_ENTITY = re.compile(r"&#?\w+;")


def typography_mistakes(text):
    """Each rule `text` breaks, as a list of messages (empty when the text is correct)."""
    text = _ENTITY.sub("", text)
    return [message for pattern, message in MISTAKES if pattern.search(text)]


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("Motif :", 1),
        ("Motif:", 1),
        (f"Motif{NBSP}:", 0),
        ("Texte brut ; sert aussi", 1),
        (f"Texte brut{NBSP}; sert aussi", 1),
        (f"Texte brut{NNBSP}; sert aussi", 0),
        (f"Vraiment{NNBSP}? Oui{NNBSP}!", 0),
        ("« %(label)s »", 1),
        (f"«{NBSP}%(label)s{NBSP}»", 0),
        ("http:// ou https://, tarifs&nbsp;bas", 0),
    ],
)
def test_the_rules_catch_ordinary_spaces_and_accept_french_ones(text, broken):
    """The scanner flags an ordinary or missing space and accepts the French ones."""
    assert len(typography_mistakes(text)) == broken


def test_every_french_message_follows_french_typography():
    """No msgstr of the French catalogue breaks a line before ':', ';', '?', '!' or '»'."""
    problems = [
        f"line {entry['line']}: {message}: {text!r}"
        for entry in parse_po(FRENCH_PO)
        if entry["msgid"]
        for text in entry["msgstr"]
        for message in typography_mistakes(text)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("unsaved_input", [False, True])
def test_the_french_503_page_follows_french_typography(unsaved_input):
    """The outage page readers and journalists see in French sets its colons right."""
    page = render_to_string(
        "503.html",
        {"english": False, "unsaved_input": unsaved_input, "site_name": "Le Veilleur"},
    )
    body = re.sub(r"<[^>]+>", "", page)
    assert ":" in body or not unsaved_input
    assert typography_mistakes(body) == []


def test_the_french_story_page_sets_its_own_separators_the_french_way(client, editor):
    """A corrected story, read in French, shows "Correction, <date> : <text>" with a
    no-break space, and the English page an English colon."""
    from articles.models import Correction, Status
    from tests.factories import make_article, refreeze

    article = make_article(status=Status.PUBLISHED, author=editor)
    Correction.objects.create(article=article, text="L'horaire d'ouverture était inexact.")
    refreeze(article)
    french = client.get(article.get_absolute_url()).content.decode()
    assert f"{NBSP}: L'horaire" in french or f"{NBSP}: L&#x27;horaire" in french
    english = client.get("/en" + article.get_absolute_url()).content.decode()
    assert "</time>: L" in english
