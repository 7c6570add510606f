"""The words of a claim, in a form where paraphrases meet.

`match_tokens("L'usine emploiera trois mille salariés")` is
``["usin", "emploi", "3000", "salari"]``: accents, case and apostrophes
folded (newsroom/folding.py), elisions dropped (l', d', qu'…), numbers
written in words turned into digits ("vingt-cinq" → 25, "2,5 millions" →
2500000, "1 500" → 1500, "pour cent" and "%" → one token), function words
removed and a light French (and English) suffix stripping that makes
plurals, feminines and most verb forms meet. Pure Python, no model: the same
function fills `Claim.match_text` and reads a query, on every database.
"""

from __future__ import annotations

import re

from newsroom.folding import fold

# l'usine, d'après, qu'il, jusqu'à, aujourd'hui is kept whole below.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'")
# 1 500, 1.500, 1 500 000: digit groups of three after a space or a dot.
_THOUSANDS = re.compile(r"(?<=\d)[ .](?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_PERCENT = re.compile(r"%|\bpour ?cents?\b|\bper ?cent\b")
_EURO = re.compile(r"€")

UNITS = {
    # French
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90,
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
HUNDRED = {"cent", "cents", "hundred", "hundreds"}
SCALES = {
    "mille": 1000, "milles": 1000, "thousand": 1000, "thousands": 1000,
    "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
    "billion": 10**9, "billions": 10**9,
}  # fmt: skip
# "un" and "une" are numbers only next to another number word ("vingt et un",
# "un million"); alone they are articles.
_ARTICLES = {"un", "une", "one"}
_JOINERS = {"et", "and"}

_STOPWORDS_TEXT = """
    a au aux avec ce ces cet cette c ca dans de des du elle elles en et est etait etre eu
    il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou
    par pas pour qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre
    vous y ete sera seront serait seraient ont avait avaient aurait auraient a ai as avons
    plus tres tout tous toute toutes aussi donc ni car si deja encore selon comme alors
    cela celui celle ceux dont leurs lors puis the of and to in is are was were be been
    it its this that these those for on at by with from as an or not has have had will
    would there their they he she we you his her our which who what
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Longest first: the first suffix that leaves a stem of at least four letters goes.
_SUFFIXES = (
    "issements", "issement", "ements", "ement", "ations", "ation", "atrices", "atrice",
    "ateurs", "ateur", "euses", "euse", "eurs", "eur", "ives", "ive", "ifs", "if",
    "iques", "ique", "ables", "able", "aient", "ait", "ant", "ees", "ee", "ez", "er",
    "ra", "ront", "rait", "es", "e", "s", "x", "ings", "ing", "ed",
)  # fmt: skip
_MIN_STEM = 4


def stem(word: str) -> str:
    if word.isdigit() or "." in word:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    # Doubled final consonant left by a suffix: "fermett" and "fermet" meet.
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def _number_value(word: str) -> float | None:
    try:
        return float(word)
    except ValueError:
        return None


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _merge_numbers(words: list[str]) -> list[str]:
    """Number words and digit-plus-scale sequences become one digit token."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        is_number_word = word in UNITS or word in HUNDRED or word in SCALES
        digits = _number_value(word)
        if not is_number_word and digits is None:
            out.append(word)
            i += 1
            continue
        # A run of number words (and joiners between them), or digits then a scale.
        j, total, current, seen_word = i, 0.0, 0.0, False
        if digits is not None:
            current, j = digits, i + 1
        while j < len(words):
            w = words[j]
            if w in _JOINERS and j + 1 < len(words) and words[j + 1] in UNITS:
                j += 1
                continue
            if w in UNITS and digits is None:
                if w == "vingt" and current % 100 == 4 and j > i and words[j - 1] == "quatre":
                    current = current - 4 + 80  # quatre-vingt(s)
                else:
                    current += UNITS[w]
            elif w in HUNDRED:
                current = (current or 1) * 100
            elif w in SCALES:
                total += (current or 1) * SCALES[w]
                current = 0
            else:
                break
            seen_word = True
            j += 1
        value = total + current
        if digits is None and not seen_word:
            out.append(word)
            i += 1
            continue
        if digits is None and j == i + 1 and word in _ARTICLES:
            out.append(word)  # an article, not a number
        else:
            out.append(_format(value))
        i = j
    return out


def words(text: str | None) -> list[str]:
    """Folded words of `text`, elisions dropped, numbers as digits (before stemming)."""
    text = fold(text or "")
    text = _ELISION.sub(" ", text)
    text = _PERCENT.sub(" pourcent ", text)
    text = _EURO.sub(" euro ", text)
    text = _DECIMAL.sub(".", _THOUSANDS.sub("", text))
    return _merge_numbers(_WORD.findall(text))


def match_tokens(text: str | None) -> list[str]:
    """The distinctive words of `text`, in order, normalised (see the module docstring)."""
    return [stem(word) for word in words(text) if word not in STOPWORDS and len(word) > 1]


def match_text(*parts: str | None) -> str:
    """What `Claim.match_text` stores: the tokens of the parts, space-separated."""
    return " ".join(match_tokens(" ".join(part or "" for part in parts)))
