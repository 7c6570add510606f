"""The similar-claim finder: has the newsroom already checked this?

`similar_claims(text)` takes any text (a claim label, a statement, a reader's
tip, a pasted post) and returns the closest existing claims, published or in
progress, best first, each with a score between 0 and 1.

Two steps, so that both databases give the same scores:

1. Candidates from the database. On PostgreSQL, full text in the
   `french_unaccent` configuration (stemming, accents folded) over the stored
   `Claim.match_vector` (GIN): the query's lexemes that are rare (PostgreSQL's
   own statistics of the column say which are common) find the claims holding
   any of them, ranked by `ts_rank_cd`; a query of common words only finds the
   claims holding all of them, or all but one. On SQLite, claims whose
   `match_text` contains one of the query's longest words.
2. Scores in Python over the normalised tokens (factcheck/normalise.py): a
   weighted Dice overlap (numbers and long words weigh more), combined with
   pg_trgm's trigram similarity of the token strings (misspellings, words cut
   differently); a claim whose numbers all differ from the query's loses a
   third (300 jobs is not 3,000 jobs).

The evaluation (`make eval-matching`, docs/matching.md) measures precision@1,
recall@5, MRR and latency at 100,000 claims.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from .models import Claim
from .normalise import STOPWORDS, match_tokens, words

MAX_TEXT = 5000  # characters of a query that are read; a pasted thread is cut here
MAX_TERMS = 8  # distinctive words the database step looks for
CANDIDATES = 60  # full-text candidates scored in Python
MIN_SCORE = 0.25  # below this, a claim is not shown as similar
# A lexeme in more than this share of claims finds too many to rank: it still counts in
# the score, but candidates come from the rarer words.
COMMON_SHARE = 0.01
FEW = 5  # fewer candidates than this: widen the search
FREQUENCIES_TTL = 600  # seconds


@dataclass(frozen=True)
class SimilarClaim:
    """One existing claim and how close it is to the query (0 to 1)."""

    claim: Claim
    score: float


def similar_claims(
    text: str | None,
    *,
    limit: int = 5,
    min_score: float = MIN_SCORE,
    exclude: int | None = None,
    queryset=None,
) -> list[SimilarClaim]:
    """The claims closest to `text`, best first, at most `limit`, each scoring at
    least `min_score`. `exclude` is a claim id left out (the claim being edited).
    Empty or wordless text finds nothing; never raises on any text."""
    text = (text or "")[:MAX_TEXT]
    tokens = match_tokens(text)
    if not tokens:
        return []
    if connection.vendor == "postgresql":
        candidates = _postgres_candidates(text, tokens, exclude)
    else:
        candidates = _fallback_candidates(tokens, exclude)
    query = Tokens(tokens)
    scored = sorted(
        ((score(query, Tokens(match.split())), pk) for pk, match in candidates.items()),
        key=lambda item: (-item[0], -item[1]),
    )
    best = [(value, pk) for value, pk in scored if value >= min_score][:limit]
    claims = (queryset if queryset is not None else Claim.objects).select_related(
        "article", "rating"
    )
    found = claims.in_bulk([pk for _value, pk in best])
    return [
        SimilarClaim(claim=found[pk], score=round(value, 3)) for value, pk in best if pk in found
    ]


# --- candidates ---------------------------------------------------------------------


def distinctive_terms(text: str, tokens: list[str]) -> list[str]:
    """Up to MAX_TERMS words for the full-text query: numbers and long words first.

    Each is plain letters and digits (the tokenizer guarantees it), so it can go
    into `to_tsquery` without escaping; folded raw words come too, so that the
    French stemmer sees "fermée" as well as our stem "ferm".
    """
    raw = [w for w in words(text) if w not in STOPWORDS and len(w) > 2 and "." not in w]
    terms = dict.fromkeys(t for t in tokens if "." not in t)
    ranked = sorted(terms, key=lambda t: (not t.isdigit(), -len(t)))[:MAX_TERMS]
    extra = [w for w in dict.fromkeys(raw) if w not in terms][: MAX_TERMS // 2]
    return ranked + extra


def _postgres_candidates(text, tokens, exclude) -> dict[int, str]:
    terms = distinctive_terms(text, tokens)
    lexemes = _lexemes(terms)
    if not lexemes:
        return {}
    frequency = _lexeme_frequencies()
    rare = [lexeme for lexeme in lexemes if frequency.get(lexeme, 0) <= COMMON_SHARE]
    found: dict[int, str] = {}
    if rare:
        found.update(_fulltext(" | ".join(rare), exclude, CANDIDATES))
    if len(found) < CANDIDATES // 2 and len(lexemes) > 1:
        # Common words only (or rare ones found little): claims holding all of them, then
        # all but one, which the index answers from short intersections.
        found.update(_fulltext(" & ".join(lexemes), exclude, CANDIDATES))
        if len(lexemes) > 2 and len(found) < FEW:
            subsets = [
                "(" + " & ".join(lexemes[:i] + lexemes[i + 1 :]) + ")" for i in range(len(lexemes))
            ]
            found.update(_fulltext(" | ".join(subsets), exclude, CANDIDATES))
    return found


def _lexemes(terms: list[str]) -> list[str]:
    """The terms as the `french_unaccent` configuration indexes them (stopwords dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT lexeme FROM unnest(%s::text[]) AS term, "
            "LATERAL unnest(tsvector_to_array(to_tsvector('french_unaccent', term))) AS lexeme",
            [terms],
        )
        found = {row[0] for row in cursor.fetchall()}
    # Plain letters and digits only: safe inside to_tsquery without escaping.
    return sorted(lexeme for lexeme in found if _PLAIN.fullmatch(lexeme))


_PLAIN = re.compile(r"[a-z0-9]+")
_frequencies: dict = {"at": 0.0, "value": {}}


def _lexeme_frequencies() -> dict[str, float]:
    """Share of claims holding each common lexeme, from PostgreSQL's own statistics on
    `match_vector` (ANALYZE's most common elements); a lexeme not listed is rare.
    Read at most every FREQUENCIES_TTL seconds per process."""
    now = time.monotonic()
    if now - _frequencies["at"] > FREQUENCIES_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'factcheck_claim' AND attname = 'match_vector'"
            )
            row = cursor.fetchone()
        value = dict(zip(row[0] or [], row[1] or [], strict=False)) if row else {}
        _frequencies.update(at=now, value=value)
    return _frequencies["value"]


_FULLTEXT_SQL = """
    SELECT id, match_text FROM factcheck_claim
    WHERE match_vector @@ to_tsquery('simple', %s) AND id <> %s
    ORDER BY ts_rank_cd(match_vector, to_tsquery('simple', %s)) DESC, id DESC
    LIMIT %s
"""


def _fulltext(tsquery: str, exclude, limit) -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(_FULLTEXT_SQL, [tsquery, exclude or 0, tsquery, limit])
        return dict(cursor.fetchall())


def _fallback_candidates(tokens, exclude, limit=2000) -> dict[int, str]:
    """SQLite: claims containing one of the query's three longest tokens."""
    longest = sorted(set(tokens), key=lambda t: (not t.isdigit(), -len(t)))[:3]
    condition = Q()
    for token in longest:
        condition |= Q(match_text__contains=token)
    rows = Claim.objects.filter(condition)
    if exclude:
        rows = rows.exclude(pk=exclude)
    return dict(rows.order_by("-pk").values_list("pk", "match_text")[:limit])


# --- scores -------------------------------------------------------------------------


class Tokens:
    """A normalised text, ready to be compared: its token set, weights, trigrams."""

    __slots__ = ("numbers", "set", "trigrams", "weight")

    def __init__(self, tokens: list[str]):
        self.set = set(tokens)
        self.numbers = {t for t in self.set if t.replace(".", "", 1).isdigit()}
        self.weight = sum(weight(t) for t in self.set)
        self.trigrams = trigrams(" ".join(sorted(self.set)))


def weight(token: str) -> float:
    """Numbers and long words tell claims apart; short words less so."""
    if token.replace(".", "", 1).isdigit():
        return 2.0
    return 0.5 + min(len(token), 8) / 8


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def score(query: Tokens, candidate: Tokens) -> float:
    """0 (nothing shared) to 1 (same words)."""
    if not query.set or not candidate.set:
        return 0.0
    shared = sum(weight(t) for t in query.set & candidate.set)
    dice = 2 * shared / (query.weight + candidate.weight)
    common = len(query.trigrams & candidate.trigrams)
    union = len(query.trigrams | candidate.trigrams)
    trigram = common / union if union else 0.0
    value = 0.65 * dice + 0.35 * trigram
    if query.numbers and candidate.numbers and not query.numbers & candidate.numbers:
        value *= 2 / 3
    return value
