"""A synthetic but realistic corpus for load tests: `manage.py generate_corpus`.

Rows are generated in Python and streamed with COPY on PostgreSQL (executemany
on SQLite, for small test corpora). Ids are allocated up front so that
bylines, tags, sources, claims and their links refer to each other without a
round trip. Text is made from French phrase fragments: no press article is
reproduced, and the same seed gives the same corpus.

Distributions follow a newsroom's life: a few prolific authors sign thousands
of stories (Zipf), tags have a long tail, most stories are published, some are
drafts, scheduled or withdrawn, and 0–5 claims each carry their sources.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, models
from django.utils import timezone
from django.utils.html import escape

SUBJECTS = [
    "La préfecture",
    "Le conseil départemental",
    "La mairie",
    "L'agence régionale de santé",
    "Le syndicat des transports",
    "La chambre d'agriculture",
    "Le rectorat",
    "La SNCF",
    "L'office de tourisme",
    "La communauté de communes",
    "Le centre hospitalier",
    "Les pompiers",
    "La gendarmerie",
    "Le conseil régional",
    "L'université",
]
VERBS = [
    "a confirmé",
    "a annoncé",
    "dément",
    "précise",
    "a publié",
    "reporte",
    "suspend",
    "prolonge",
    "rouvre",
    "étudie",
    "finance",
    "ferme temporairement",
    "réorganise",
]
OBJECTS = [
    "la ligne de bus scolaire",
    "le pont de la rocade",
    "la piscine municipale",
    "les restrictions d'eau",
    "le marché du samedi",
    "la maternité",
    "le festival d'été",
    "la déviation poids lourds",
    "les tarifs de la cantine",
    "la collecte des déchets",
    "le parc éolien en mer",
    "la ligne TER",
    "les travaux du centre-ville",
    "le plan de prévention des crues",
    "la réserve naturelle",
    "la vaccination saisonnière",
]
PLACES = [
    "Caen",
    "Rouen",
    "Brest",
    "Lille",
    "Amiens",
    "Toulouse",
    "Montpellier",
    "Nancy",
    "Metz",
    "Dijon",
    "Besançon",
    "Tours",
    "Orléans",
    "Rennes",
    "Nantes",
    "Angers",
    "Bordeaux",
    "Limoges",
    "Poitiers",
    "Clermont-Ferrand",
    "Grenoble",
    "Annecy",
    "Ajaccio",
    "Bastia",
    "Marseille",
    "Nice",
    "Cayenne",
    "Fort-de-France",
    "Pointe-à-Pitre",
    "Saint-Denis",
    "Mamoudzou",
    "Cherbourg",
    "Quimper",
    "Gérardmer",
    "Albi",
    "Perpignan",
    "Pau",
    "Troyes",
]
DETAILS = [
    "selon un arrêté publié cette semaine",
    "d'après les chiffres de l'Insee",
    "après une réunion avec les riverains",
    "faute de personnel qualifié",
    "en raison des intempéries",
    "pour une durée de six semaines",
    "dès le mois prochain",
    "malgré l'opposition d'une partie des élus",
    "à la suite d'un rapport d'inspection",
    "comme le prévoyait le budget voté en mars",
    "contrairement à une rumeur en ligne",
]
CLAIM_OPENERS = [
    "Une publication affirme que",
    "Un message viral assure que",
    "Une vidéo prétend que",
    "Un élu d'opposition soutient que",
    "Une chaîne de messages annonce que",
]
TAG_WORDS = [
    "transports",
    "santé",
    "école",
    "eau",
    "climat",
    "agriculture",
    "logement",
    "emploi",
    "sécurité",
    "culture",
    "tourisme",
    "énergie",
    "routes",
    "budget",
    "environnement",
    "numérique",
    "sport",
    "justice",
    "élections",
    "industrie",
    "pêche",
    "montagne",
    "mer",
    "forêt",
    "inondations",
    "sécheresse",
    "hôpital",
    "commerce",
    "patrimoine",
    "jeunesse",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Manon",
    "Lucas",
    "Chloé",
    "Nathan",
    "Inès",
    "Louis",
    "Jade",
    "Gabriel",
    "Emma",
    "Arthur",
    "Sarah",
    "Jules",
    "Zoé",
    "Paul",
    "Alice",
    "Yanis",
    "Lina",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Le Goff",
    "Mercier",
    "Blanc",
]
SYLLABLES = [
    "ker",
    "lan",
    "vil",
    "mor",
    "bre",
    "gal",
    "tou",
    "rin",
    "sau",
    "mar",
    "plo",
    "ven",
    "ber",
    "cha",
    "lou",
    "mon",
    "dar",
    "fel",
    "gui",
    "nor",
    "pen",
    "quil",
    "roc",
    "sel",
]
OUTLET_KINDS = ["press", "broadcaster", "agency", "government", "statistics", "research"]
SOURCE_KINDS = ["document", "data", "statement", "interview", "coverage", "coverage"]
WORK_TYPES = ["news"] * 6 + ["factcheck"] * 2 + ["analysis", "explainer", "opinion"]
# status, share of stories (scheduled = published in the future)
STATUS_MIX = [
    ("published", 0.94),
    ("draft", 0.02),
    ("submitted", 0.01),
    ("verified", 0.01),
    ("withdrawn", 0.01),
    ("scheduled", 0.01),
]


def local_names(count=20_000, seed=7):
    """Invented place names ("Kerlanrin"), the long tail of words a real archive has."""
    rng = random.Random(seed)
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(names)


LOCAL_NAMES = local_names()


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    weights = [1 / (rank**s) for rank in range(1, n + 1)]
    return list(itertools.accumulate(weights))


def pick(rng: random.Random, items, cumulative) -> object:
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass
class Tables:
    """Rows waiting to be written, per model, as dicts of column values."""

    rows: dict = field(default_factory=dict)

    def add(self, model, row):
        self.rows.setdefault(model, []).append(row)

    def count(self):
        return sum(len(rows) for rows in self.rows.values())


# The most rows of each kind one story can have: child ids are computed from
# the story's index, so that workers can fill disjoint ranges in parallel.
MAX_PER_STORY = {
    "ArticleAuthor": 2,
    "TaggedItem": 5,
    "Source": 4,
    "Claim": 5,
    "Claim_sources": 10,
    "ClaimAppearance": 5,
    "Quote": 2,
    "Correction": 1,
}


def max_pk(model):
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0


def columns_of(model):
    return [f for f in model._meta.concrete_fields]


def _default(f):
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    if isinstance(f, (models.CharField, models.TextField)) or f.get_internal_type() in (
        "FileField",
        "ImageField",
    ):
        return ""
    raise ValueError(f"No value for {f.model.__name__}.{f.name}")


def _tsv(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def write_rows(model, rows, skip=()):
    """Insert `rows` (dicts keyed by field attname) into `model`'s table, fast."""
    if not rows:
        return
    fields = [f for f in columns_of(model) if f.attname not in skip]
    defaults = {f.attname: _default(f) for f in fields if f.attname not in rows[0]}
    names = [f.column for f in fields]
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for row in rows:
            buffer.write(
                "\t".join(
                    _tsv(row[f.attname] if f.attname in row else defaults[f.attname])
                    for f in fields
                )
            )
            buffer.write("\n")
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
    else:
        placeholders = ", ".join(["%s"] * len(names))
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"
        values = [
            [
                f.get_db_prep_save(row.get(f.attname, defaults.get(f.attname)), connection)
                for f in fields
            ]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)


class CorpusGenerator:
    def __init__(self, *, seed=2026, authors=300, tags=2000, outlets=60, now=None):
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.n_authors, self.n_tags, self.n_outlets = authors, tags, outlets
        self.seed = seed
        self.bases = {}

    # --- reference data, made once ------------------------------------------

    def prepare(self):
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag

        from articles.models import Article, Author, Region
        from factcheck.models import Outlet, Rating

        self.regions = list(Region.objects.filter(level="region").values_list("pk", flat=True))
        self.ratings = list(Rating.objects.values_list("pk", flat=True))
        self.article_type = ContentType.objects.get_for_model(Article).pk
        self.authors = self._ensure(Author, self.n_authors, self._author_row)
        self.outlets = self._ensure(Outlet, self.n_outlets, self._outlet_row)
        self.tags = self._ensure(Tag, self.n_tags, self._tag_row)
        self.author_weights = zipf_weights(len(self.authors), 1.2)
        self.tag_weights = zipf_weights(len(self.tags), 1.05)
        self.region_weights = zipf_weights(len(self.regions), 0.6)
        self.bases = {model: max_pk(model) + 1 for model in self.story_models()}

    @staticmethod
    def story_models():
        from taggit.models import TaggedItem

        from articles.models import Article, ArticleAuthor, Correction, Quote
        from factcheck.models import Claim, ClaimAppearance, Source

        return [
            Article,
            ArticleAuthor,
            TaggedItem,
            Source,
            Claim,
            Claim.sources.through,
            ClaimAppearance,
            Quote,
            Correction,
        ]

    @classmethod
    def all_models(cls):
        """Every model written with explicit ids, whose sequences must move on."""
        from taggit.models import Tag

        from articles.models import Author
        from factcheck.models import Outlet

        return [Author, Outlet, Tag, *cls.story_models()]

    def ids(self, model, index):
        """First id of `model` rows for the story number `index` (0-based)."""
        per_story = MAX_PER_STORY.get(model.__name__, 1)
        return self.bases[model] + index * per_story

    def _ensure(self, model, wanted, make_row):
        prefix = "corpus-"
        existing = list(model.objects.filter(slug__startswith=prefix).values_list("pk", flat=True))
        missing = wanted - len(existing)
        if missing > 0:
            first = max_pk(model) + 1
            rows = [make_row(first + i) for i in range(missing)]
            write_rows(model, rows)
            existing += [row["id"] for row in rows]
        return existing[:wanted] if len(existing) >= wanted else existing

    def _author_row(self, pk):
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        bio = f"Journaliste à {self.rng.choice(PLACES)}, suit {self.rng.choice(TAG_WORDS)}."
        return {
            "id": pk,
            "name": name,
            "slug": f"corpus-{pk}-{self._slug(name)}",
            "job_title": "Journaliste",
            "biography": bio,
            "biography_html": f"<p>{escape(bio)}</p>",
            "expertise": ", ".join(self.rng.sample(TAG_WORDS, 2)),
        }

    def _outlet_row(self, pk):
        name = f"{self.rng.choice(['Le Courrier', 'La Gazette', 'Radio', 'Le Journal', 'Préfecture'])} {self.rng.choice(PLACES)} {pk}"  # noqa: E501
        return {
            "id": pk,
            "name": name,
            "slug": f"corpus-{pk}",
            "kind": self.rng.choice(OUTLET_KINDS),
            "homepage": f"https://example.org/outlets/{pk}/",
        }

    def _tag_row(self, pk):
        words = self.rng.sample(TAG_WORDS, 1) + [self.rng.choice(PLACES)]
        name = f"{' '.join(words)} {pk}"
        return {"id": pk, "name": name, "slug": f"corpus-{pk}"}

    @staticmethod
    def _slug(text):
        from newsroom.slugs import slugify

        return slugify(text, 60)

    # --- stories --------------------------------------------------------------

    def sentence(self):
        rng = self.rng
        return (
            f"{rng.choice(SUBJECTS)} de {rng.choice(PLACES)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)} {rng.choice(DETAILS)}."
        )

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def body(self, paragraphs):
        parts = [self.paragraph(self.rng.randint(2, 4)) for _ in range(paragraphs)]
        return "\n\n".join(parts), "\n".join(f"<p>{escape(p)}</p>" for p in parts)

    def status_for(self):
        roll, total = self.rng.random(), 0.0
        for status, share in STATUS_MIX:
            total += share
            if roll < total:
                return status
        return "published"

    def batch(self, start, n):
        """Generate stories number `start` to `start + n - 1` and what hangs off them."""
        from taggit.models import TaggedItem

        from articles.models import Article, ArticleAuthor, Correction, Quote
        from factcheck.models import Claim, ClaimAppearance, Source
        from factcheck.normalise import match_text as claim_match_text

        # One random stream per batch: workers give the same corpus in any order.
        rng = self.rng = random.Random(f"{self.seed}-{start}")
        now = self.now
        tables = Tables()
        claim_through = Claim.sources.through
        for index in range(start, start + n):
            pk = self.ids(Article, index)
            status = self.status_for()
            # Ten years of archive, denser in recent months.
            age = timedelta(minutes=int((rng.random() ** 2.2) * 10 * 365 * 24 * 60))
            published_at = now - age
            if status == "scheduled":
                published_at = now + timedelta(hours=rng.randint(1, 240))
            is_out = status in ("published", "scheduled", "withdrawn")
            subject, obj, place = rng.choice(SUBJECTS), rng.choice(OBJECTS), rng.choice(PLACES)
            local = rng.choice(LOCAL_NAMES)
            title = f"{place} : {subject.lower()} {rng.choice(VERBS)} {obj} à {local}"[:200]
            facts, facts_html = self.body(rng.randint(1, 2))
            dev, dev_html = self.body(rng.randint(1, 3))
            ctx, ctx_html = self.body(1)
            tables.add(
                Article,
                {
                    "id": pk,
                    "title": title,
                    "slug": f"{self._slug(title)[:150]}-{pk}",
                    "work_type": rng.choice(WORK_TYPES),
                    "region_id": pick(rng, self.regions, self.region_weights),
                    "introduction": f"À {local} : {self.paragraph(2)}",
                    "verified_facts": facts,
                    "verified_facts_html": facts_html,
                    "development": dev,
                    "development_html": dev_html,
                    "context": ctx,
                    "context_html": ctx_html,
                    "language": "fr",
                    "status": "published" if status == "scheduled" else status,
                    "version": 1,
                    "created_at": published_at - timedelta(hours=6),
                    "updated_at": published_at,
                    "published_at": published_at if is_out else None,
                    "submitted_at": published_at - timedelta(hours=4)
                    if status != "draft"
                    else None,
                    "verified_at": published_at - timedelta(hours=2)
                    if status not in ("draft", "submitted")
                    else None,
                    "withdrawn_at": now if status == "withdrawn" else None,
                    "withdrawal_reason": "Source principale rétractée."
                    if status == "withdrawn"
                    else "",
                },
            )
            authors = {
                pick(rng, self.authors, self.author_weights)
                for _ in range(1 if rng.random() < 0.75 else 2)
            }
            first = self.ids(ArticleAuthor, index)
            for position, author in enumerate(authors):
                tables.add(
                    ArticleAuthor,
                    {
                        "id": first + position,
                        "article_id": pk,
                        "author_id": author,
                        "position": position,
                    },
                )
            tags = {pick(rng, self.tags, self.tag_weights) for _ in range(rng.randint(0, 5))}
            first = self.ids(TaggedItem, index)
            for i, tag in enumerate(tags):
                tables.add(
                    TaggedItem,
                    {
                        "id": first + i,
                        "object_id": pk,
                        "tag_id": tag,
                        "content_type_id": self.article_type,
                    },
                )
            n_sources = rng.randint(2, 4)
            first_source = self.ids(Source, index)
            source_ids = list(range(first_source, first_source + n_sources))
            for i, source_pk in enumerate(source_ids):
                kind = SOURCE_KINDS[0] if i == 0 else rng.choice(SOURCE_KINDS)
                tables.add(
                    Source,
                    {
                        "id": source_pk,
                        "article_id": pk,
                        "outlet_id": rng.choice(self.outlets),
                        "kind": kind,
                        "title": f"{rng.choice(SUBJECTS)} — {rng.choice(OBJECTS)}"[:300],
                        "url": f"https://example.org/sources/{source_pk}",
                        "published_on": (published_at - timedelta(days=1)).date(),
                        "archived_url": f"https://example.org/archive/{source_pk}" if i % 2 else "",
                        "position": i,
                    },
                )
            n_claims = rng.choice((0, 0, 1, 2, 3, 4, 5))
            first_claim = self.ids(Claim, index)
            for i in range(n_claims):
                claim_pk = first_claim + i
                label = f"{rng.choice(OBJECTS).capitalize()} à {rng.choice(PLACES)}"[:75]
                explanation = self.sentence()
                opener, obj, verb = (
                    rng.choice(CLAIM_OPENERS),
                    rng.choice(OBJECTS),
                    rng.choice(VERBS),
                )
                statement = f"{opener} {obj} {verb}."
                tables.add(
                    Claim,
                    {
                        "id": claim_pk,
                        "article_id": pk,
                        "label": label,
                        "statement": statement,
                        "match_text": claim_match_text(label, statement),
                        "claimant": f"Compte {rng.randrange(10**5)}",
                        "claimant_kind": "social",
                        "rating_id": rng.choice(self.ratings) if status != "draft" else None,
                        "verdict_explanation": explanation,
                        "verdict_explanation_html": f"<p>{escape(explanation)}</p>",
                        "analysis": "",
                        "analysis_html": "",
                        "position": i,
                        "reviewed_at": published_at - timedelta(hours=1),
                        "created_at": published_at,
                        "updated_at": published_at,
                    },
                )
                linked = rng.sample(source_ids, 2)
                first = self.ids(claim_through, index) + 2 * i
                for j, source_pk in enumerate(linked):
                    tables.add(
                        claim_through,
                        {"id": first + j, "claim_id": claim_pk, "source_id": source_pk},
                    )
                appearance = self.ids(ClaimAppearance, index) + i
                tables.add(
                    ClaimAppearance,
                    {
                        "id": appearance,
                        "claim_id": claim_pk,
                        "is_first": True,
                        "url": f"https://example.org/posts/{appearance}",
                        "appeared_on": (published_at - timedelta(days=2)).date(),
                        "archived_url": f"https://example.org/archive/posts/{appearance}",
                    },
                )
            for i in range(rng.choice((0, 1, 1, 2))):
                quote = self.ids(Quote, index) + i
                tables.add(
                    Quote,
                    {
                        "id": quote,
                        "article_id": pk,
                        "text": self.sentence(),
                        "speaker": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "speaker_role": f"Porte-parole, {rng.choice(SUBJECTS).lower()}",
                        "said_on": published_at.date(),
                        "position": i,
                    },
                )
            if is_out and rng.random() < 0.03:
                correction = self.ids(Correction, index)
                tables.add(
                    Correction,
                    {
                        "id": correction,
                        "article_id": pk,
                        "kind": "correction",
                        "published_at": published_at + timedelta(days=1),
                        "text": "Une date erronée a été corrigée.",
                    },
                )
        return tables

    def write(self, tables):
        from articles.models import Article

        # Parents before children, so constraints hold at every step.
        order = sorted(tables.rows, key=lambda model: 0 if model is Article else 1)
        for model in order:
            write_rows(model, tables.rows[model], skip={"search_vector", "match_vector"})


def copy_versions(versions):
    """Write frozen PublishedVersions with COPY (`record.freeze_unrecorded(insert=…)`).

    Django's bulk insert quotes every body, card and JSON-LD through the
    client-side cursor (a regular expression per string), a tenth of the cost
    of freezing a story; COPY sends the text as it is. The ids come from the
    table's own sequence, so later saves go on from there.
    """
    from articles.models import PublishedVersion

    if not versions:
        return
    if connection.vendor != "postgresql":
        PublishedVersion.objects.bulk_create(versions)
        return
    table = PublishedVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(versions)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    fields = columns_of(PublishedVersion)
    rows = []
    for version, pk in zip(versions, ids, strict=True):
        version.pk = pk
        row = {}
        for f in fields:
            value = getattr(version, f.attname)
            if isinstance(f, models.JSONField):
                value = json.dumps(value, cls=f.encoder, ensure_ascii=False)
            row[f.attname] = value
        rows.append(row)
    write_rows(PublishedVersion, rows)


def reset_sequences(models_list):
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), models_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
