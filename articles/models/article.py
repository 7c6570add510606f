from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager, _TaggableManager

from newsroom import fields
from newsroom.folding import fold
from newsroom.markup import render_markdown


class CleanTagManager(_TaggableManager):
    """Tags named without control characters, one tag per subject, whoever tags (form,
    command, importer, demo).

    Cleaned before taggit looks the name up, so "crue\x0b" finds the tag "crue"
    rather than creating a second one, and folded (articles/tagging.py), so
    "Zone a faibles emissions" finds "Zone à faibles émissions" (taggit's
    documented `manager=` hook).
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        from ..tagging import clean_tag_name, existing_tags

        names = [clean_tag_name(tag) if isinstance(tag, str) else tag for tag in tags]
        found = existing_tags([name for name in names if isinstance(name, str)])
        resolved, seen = [], set()
        for name in names:
            if isinstance(name, str):
                if not name:
                    continue
                key = fold(name)
                if key in seen:
                    continue
                seen.add(key)
                name = found.get(key, name)
            resolved.append(name)
        return super()._to_tag_model_instances(resolved, tag_kwargs)


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting verification")
    VERIFIED = "verified", _("verified")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class WorkType(models.TextChoices):
    NEWS = "news", _("news")
    ANALYSIS = "analysis", _("analysis")
    OPINION = "opinion", _("opinion")
    FACTCHECK = "factcheck", _("fact-check")
    EXPLAINER = "explainer", _("explainer")


# schema.org type of each kind of work, for the story's JSON-LD.
SCHEMA_TYPES = {
    WorkType.NEWS: "ReportageNewsArticle",
    WorkType.ANALYSIS: "AnalysisNewsArticle",
    WorkType.OPINION: "OpinionNewsArticle",
    WorkType.FACTCHECK: "NewsArticle",
    WorkType.EXPLAINER: "BackgroundNewsArticle",
}

# Body text a story card never shows: kilobytes per row not worth fetching.
LISTING_DEFERRED = (
    "verified_facts",
    "development",
    "context",
    "verified_facts_html",
    "development_html",
    "context_html",
)


# What a card never needs of a published version.
VERSION_DEFERRED = ("content", "bodies", "json_ld", "claim_reviews")
# What lists read of a story: its address, dates and state; the rest from its card.
LISTING_FIELDS = (
    "slug",
    "language",
    "status",
    "work_type",
    "region_id",
    "published_at",
    "content_updated_at",
    "current_version",
)
VERSION_LISTED = ("article_id", "number", "path", "card", "published_at", "created_at")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Stories readers may see: published, and their time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def not_public(self, now=None):
        """The complement of published(), written so that it uses the status index."""
        now = now or timezone.now()
        hidden = [status for status in Status.values if status != Status.PUBLISHED]
        return self.filter(Q(status__in=hidden) | Q(status=Status.PUBLISHED, published_at__gt=now))

    def scheduled(self, now=None):
        return self.filter(status=Status.PUBLISHED, published_at__gt=now or timezone.now())

    def next_scheduled_time(self):
        """When the next scheduled story becomes public (aware datetime), or None."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def awaiting_verification(self):
        return self.filter(status=Status.SUBMITTED)

    def verified(self):
        """Verified and waiting to be published or scheduled."""
        return self.filter(status=Status.VERIFIED)

    def withdrawn(self):
        return self.filter(status=Status.WITHDRAWN)

    def by_user(self, user):
        """Stories `user` signs through their author profile."""
        return self.filter(authors__user=user)

    def owned_by(self, user):
        """Stories `user` created or signs: theirs to edit while they are drafts."""
        return self.filter(Q(created_by=user) | Q(bylines__author__user=user)).distinct()

    def fact_checked(self):
        """Stories with at least one rated claim (claims live in factcheck; reached
        through the reverse relation so that articles does not import it)."""
        claims = self.model._meta.get_field("claims").related_model._default_manager
        return self.filter(
            models.Exists(claims.filter(article=models.OuterRef("pk"), rating__isnull=False))
        )

    def for_region(self, region):
        """Stories about `region` or any place inside it."""
        return self.in_places(region.self_and_descendant_ids())

    def bylined(self, author_id):
        """Stories with `author_id` (an Author's id) in their byline."""
        return self.filter(bylines__author_id=author_id)

    def in_places(self, place_ids):
        """Stories about one of the places `place_ids` (``self_and_descendant_ids()``)."""
        return self.filter(region_id__in=place_ids)

    def tagged(self, tag):
        """Stories with `tag`, as EXISTS: the planner can then walk the date index
        for a common tag instead of joining all its stories."""
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import TaggedItem

        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            tag=tag,
            object_id=models.OuterRef("pk"),
        )
        return self.filter(models.Exists(items))

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_listing(self):
        """Story cards, from each story's current published version: what readers
        see in a list is what was published, whatever the rows hold since."""
        return self.select_related("current_version").only(
            *LISTING_FIELDS, *(f"current_version__{name}" for name in VERSION_LISTED)
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector is only read by the database; never ship it to Python.
        return super().get_queryset().defer("search_vector")


def actor_field(verbose_name):
    """Who took a step: a user, kept as NULL if the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
    )


class Article(models.Model):
    title = fields.CharField(_("title"), max_length=200)
    slug = fields.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        help_text=_(
            "The end of the story's address, after /articles/: lower-case letters, digits "
            "and hyphens. Keep it once published."
        ),
    )
    work_type = fields.CharField(
        _("type of work"), max_length=20, choices=WorkType, default=WorkType.NEWS
    )
    region = models.ForeignKey(
        "articles.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Where the story happens. Required before submission."),
    )
    tags = TaggableManager(
        _("tags"),
        blank=True,
        manager=CleanTagManager,
        help_text=_("Subjects, separated by commas."),
    )
    authors = models.ManyToManyField(
        "articles.Author",
        verbose_name=_("authors"),
        through="articles.ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    introduction = fields.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Two or three sentences that say what happened. Plain text; "
            "also used as the description for search engines and social networks."
        ),
    )
    verified_facts = fields.MarkdownField(
        _("verified facts"), blank=True, help_text=_("What we checked and can state.")
    )
    development = fields.MarkdownField(_("development"), blank=True)
    context = fields.MarkdownField(_("context"), blank=True)
    verified_facts_html = fields.TextField(editable=False, blank=True)
    development_html = fields.TextField(editable=False, blank=True)
    context_html = fields.TextField(editable=False, blank=True)

    hero = models.ForeignKey(
        "articles.MediaImage",
        verbose_name=_("hero image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        help_text=_(
            "An image of the media library: search it by its description, caption or "
            "credit, or add one (its alternative text is required)."
        ),
    )
    original_url = fields.HttpURLField(
        _("original story URL"),
        blank=True,
        help_text=_("Where this story first appeared, if not on this site."),
    )
    original_outlet = fields.CharField(
        _("original outlet"),
        max_length=150,
        blank=True,
        help_text=_("The outlet where this story first appeared, as readers know it."),
    )
    language = fields.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )

    status = fields.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up at every save; a save made from an older version is refused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    content_updated_at = models.DateTimeField(
        _("content updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Last change readers can see, after publication."),
    )
    created_by = actor_field(_("created by"))
    updated_by = actor_field(_("updated by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = actor_field(_("submitted by"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    verified_by = actor_field(_("verified by"))
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A time in the future schedules the story: it stays hidden until then."),
    )
    published_by = actor_field(_("published by"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = actor_field(_("withdrawn by"))
    withdrawal_reason = fields.TextField(_("reason for withdrawal"), blank=True, editable=False)
    verified_hash = fields.CharField(
        _("verified content hash"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the content the verifier approved; publishing checks it."),
    )
    current_version = models.ForeignKey(
        "articles.PublishedVersion",
        verbose_name=_("current published version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A change to a public story, proposed by one editor and awaiting a second.
    change_kind = fields.CharField(_("proposed change"), max_length=20, blank=True, editable=False)
    change_note = fields.TextField(_("note of the proposed change"), blank=True, editable=False)
    change_hash = fields.CharField(max_length=64, blank=True, editable=False)
    change_proposed_at = models.DateTimeField(
        _("change proposed"), null=True, blank=True, editable=False
    )
    change_proposed_by = actor_field(_("change proposed by"))
    # Kept up to date by a PostgreSQL trigger (migration 0003); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", _("Can submit an article for verification")),
            ("return_article", _("Can return a submitted article to its authors")),
            ("verify_article", _("Can verify an article")),
            ("publish_article", _("Can publish or schedule an article")),
            ("withdraw_article", _("Can withdraw a published article")),
            ("change_any_article", _("Can change any article, whatever its status")),
        ]
        indexes = [
            # Lists read stories newest first, ties in id order (`latest_first`): with
            # the id in the index, a list's LIMIT stops the scan after its rows, even
            # where many stories share a time (a batch scheduled for 6:00).
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_pub_id_idx"
            ),
            models.Index(
                fields=["region", "status", "-published_at", "-id"],
                name="article_region_pub_id_idx",
            ),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The sitemaps' last modification: the latest edit of a public story.
            models.Index(
                fields=["status", "-content_updated_at"], name="article_status_edited_idx"
            ),
            # The admin's date drill-down reads the first and last dates.
            models.Index(fields=["published_at"], name="article_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "withdrawn"]) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="article_withdrawn_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in Status]),
                name="article_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.verified_facts_html = render_markdown(self.verified_facts)
        self.development_html = render_markdown(self.development)
        self.context_html = render_markdown(self.context)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "verified_facts_html",
                "development_html",
                "context_html",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @cached_property
    def card(self):
        """What lists show of the story: its current version's card (StoryCard)."""
        from .record import StoryCard

        if self.current_version_id:
            return StoryCard(self.current_version.card, self.slug)
        from ..record import card

        return StoryCard(card(self), self.slug)

    @property
    def byline_authors(self):
        """Authors in byline order (prefetch ``bylines__author`` to avoid a query)."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def schema_type(self):
        return SCHEMA_TYPES.get(self.work_type, "NewsArticle")

    # The hero as templates, the record and the structured data read it: the library
    # image's description and renditions (empty until the renditions are made).

    @property
    def hero_image(self):
        return self.hero.image if self.hero_id else None

    @property
    def hero_alt(self) -> str:
        return self.hero.alt if self.hero_id else ""

    @property
    def hero_caption(self) -> str:
        return self.hero.caption if self.hero_id else ""

    @property
    def hero_credit(self) -> str:
        return self.hero.credit if self.hero_id else ""

    @property
    def hero_width(self) -> int | None:
        return self.hero.width if self.hero_id else None

    @property
    def hero_height(self) -> int | None:
        return self.hero.height if self.hero_id else None

    @property
    def hero_focal(self) -> tuple[int, int]:
        return self.hero.focal if self.hero_id else (50, 50)

    @property
    def hero_renditions(self):
        """(url, width) pairs of the hero image's WebP renditions, smallest first."""
        return self.hero.renditions if self.hero_id else []

    @property
    def hero_display(self):
        """The largest rendition, what `<img src>`, og:image and JSON-LD link:
        {"url", "width", "height"} in pixels, or None (no image, or its renditions
        are not made yet). Never the original upload."""
        return self.hero.display if self.hero_id else None

    @property
    def hero_crops(self):
        """[{"ratio", "url", "width", "height"}] of the 16:9, 4:3 and 1:1 crops."""
        return self.hero.crops if self.hero_id else []

    @property
    def modified_at(self):
        """When readers last saw a change: the later of publication and content edit."""
        if (
            self.content_updated_at
            and self.published_at
            and (self.content_updated_at > self.published_at)
        ):
            return self.content_updated_at
        return self.published_at


class ArticleAuthor(models.Model):
    """An author on an article's byline, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "articles.Author",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]

    def __str__(self):
        return str(self.author)
