from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from newsroom import fields
from newsroom.markup import render_markdown
from newsroom.partialdates import PartialDateField
from newsroom.text import in_language

from .normalise import match_text


class Outlet(models.Model):
    """A publisher that can be cited: a newspaper, a prefecture, a statistics office."""

    class Kind(models.TextChoices):
        PRESS = "press", _("newspaper or magazine")
        BROADCASTER = "broadcaster", _("radio or television")
        AGENCY = "agency", _("news agency")
        GOVERNMENT = "government", _("government or administration")
        STATISTICS = "statistics", _("statistics office")
        RESEARCH = "research", _("research or university")
        ORGANISATION = "organisation", _("company, union or association")
        OTHER = "other", _("other")

    name = fields.CharField(_("name"), max_length=150)
    slug = fields.SlugField(_("slug"), max_length=160, unique=True)
    homepage = fields.HttpURLField(_("homepage"), blank=True)
    kind = fields.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PRESS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.name


class SourceQuerySet(models.QuerySet):
    def primary(self):
        return self.filter(kind__in=Source.PRIMARY_KINDS)

    def coverage(self):
        return self.filter(kind=Source.Kind.COVERAGE)

    def corroborating(self):
        """What backs a verdict: primary sources and independent coverage, not the
        report the story follows."""
        return self.exclude(kind=Source.Kind.ORIGINAL)


class Source(models.Model):
    """A cited piece. Primary sources let readers repeat the check; independent
    coverage by other outlets corroborates but never replaces them; the original
    report is the story ours follows (what we checked), which corroborates nothing."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("original report (the story this one follows)")
        DOCUMENT = "document", _("primary: document")
        DATA = "data", _("primary: data")
        STATEMENT = "statement", _("primary: official statement")
        INTERVIEW = "interview", _("primary: interview")
        COVERAGE = "coverage", _("independent corroborating coverage")

    PRIMARY_KINDS = (Kind.DOCUMENT, Kind.DATA, Kind.STATEMENT, Kind.INTERVIEW)

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="sources"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="sources"
    )
    kind = fields.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.DOCUMENT)
    title = fields.CharField(_("title"), max_length=300)
    url = fields.HttpURLField(_("URL"), blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    archived_url = fields.HttpURLField(
        _("archived copy"),
        blank=True,
        help_text=_("A copy on web.archive.org or archive.today, in case the page changes."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return f"{self.outlet.name} — {self.title}" if self.outlet_id else self.title

    @property
    def is_primary(self):
        return self.kind in self.PRIMARY_KINDS

    @property
    def corroborates(self):
        """Primary or independent coverage: counts among a verdict's distinct outlets."""
        return self.kind != self.Kind.ORIGINAL


class Rating(models.Model):
    """One verdict of the scale. Data, not code: editors can reword it."""

    label = fields.CharField(_("label"), max_length=60, unique=True)
    slug = fields.SlugField(_("slug"), max_length=60, unique=True)
    value = models.PositiveSmallIntegerField(
        _("value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_(
            "1 (false) to 5 (true). Leave empty for verdicts outside the scale, "
            "such as misleading or satire."
        ),
    )
    description = fields.TextField(_("description"), blank=True)
    colour = fields.CharField(
        _("colour"),
        max_length=7,
        default="#555555",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #b00020."))],
        help_text=_("Background of the verdict badge; text is white, so keep it dark."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # English versions for the /en/ interface; the French ones are the record's.
    label_en = fields.CharField(
        _("label in English"),
        max_length=60,
        blank=True,
        help_text=_("Shown on the English pages; empty: the French label."),
    )
    description_en = fields.TextField(_("description in English"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdict scale")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="rating_value_1_to_5",
                violation_error_message=_("A verdict's value is between 1 and 5, or empty."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        """The label in the active interface language (English when given)."""
        return in_language(self.label, self.label_en)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims on stories readers may see."""
        from articles.models import Article

        return self.filter(article__in=Article.objects.published())

    def rated(self):
        return self.filter(rating__isnull=False)


# What a journalist writes of a claim (its story, sources and appearances aside): the
# claim forms and the record's restore name these fields together.
CLAIM_FIELDS = (
    "label",
    "statement",
    "claimant",
    "claimant_kind",
    "rating",
    "verdict_explanation",
    "analysis",
    "position",
)


class Claim(models.Model):
    """A claim that circulated, with our verdict and what supports it."""

    class ClaimantKind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        SOCIAL = "social", _("social media account")
        UNKNOWN = "unknown", _("unknown or anonymous")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="claims")
    label = fields.CharField(
        _("label"),
        max_length=75,
        help_text=_(
            "Names the claim in at most 75 characters, without the verdict: "
            "“Pay rates on the platform”, not “Pay rates are false”."
        ),
    )
    statement = fields.TextField(_("statement"), help_text=_("The claim as it circulated."))
    claimant = fields.CharField(_("claimant"), max_length=150, blank=True)
    claimant_kind = fields.CharField(
        _("claimant kind"), max_length=20, choices=ClaimantKind, default=ClaimantKind.UNKNOWN
    )
    rating = models.ForeignKey(
        Rating,
        verbose_name=_("verdict"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
    )
    verdict_explanation = fields.MarkdownField(
        _("verdict explanation"),
        blank=True,
        help_text=_("One or two sentences that justify the verdict."),
    )
    verdict_explanation_html = fields.TextField(editable=False, blank=True)
    analysis = fields.MarkdownField(_("analysis"), blank=True)
    analysis_html = fields.TextField(editable=False, blank=True)
    sources = models.ManyToManyField(
        Source,
        verbose_name=_("supporting sources"),
        related_name="claims",
        blank=True,
        help_text=_("Sources of this article that support the verdict."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The label and statement as the similar-claim finder reads them
    # (factcheck/normalise.py); on PostgreSQL a trigger also keeps `match_vector`.
    match_text = fields.TextField(editable=False, blank=True, default="")
    match_vector = SearchVectorField(editable=False, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        indexes = [models.Index(fields=["rating", "-created_at"], name="claim_rating_idx")]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.verdict_explanation_html = render_markdown(self.verdict_explanation)
        self.analysis_html = render_markdown(self.analysis)
        self.match_text = match_text(self.label, self.statement)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"label", "statement"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "match_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        """Stable id of the claim on its story page."""
        return f"affirmation-{self.pk}"


class ClaimAppearance(models.Model):
    """Where a claim was seen: a post, a video, a speech."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    url = fields.HttpURLField(_("URL"))
    appeared_on = PartialDateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("2025, 03/2025 or 15/03/2025: only what is known, as readers will see it."),
    )
    archived_url = fields.HttpURLField(_("archived copy"), blank=True)
    is_first = models.BooleanField(
        _("first appearance"),
        default=False,
        help_text=_("The earliest known appearance. One per claim."),
    )

    class Meta:
        ordering = ["-is_first", "appeared_on", "id"]
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(is_first=True),
                name="claim_one_first_appearance",
                violation_error_message=_("Only one appearance can be the first."),
            ),
        ]

    def __str__(self):
        return self.url


class VerdictChange(models.Model):
    """A published claim's verdict changed: readers keep seeing what it was.

    Made when a second editor approves the change (articles/workflow.py);
    the labels are copied so that a later relabelling of the scale does not
    rewrite what readers were told.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdict_changes")
    changed_at = models.DateTimeField(_("changed"))
    previous_label = fields.CharField(_("previous verdict"), max_length=60)
    new_label = fields.CharField(_("new verdict"), max_length=60)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("verdict change")
        verbose_name_plural = _("verdict changes")

    def __str__(self):
        return f"{self.previous_label} → {self.new_label}"


class EvidenceCaptureQuerySet(models.QuerySet):
    def usable(self):
        """Captures that can stand as evidence: the page answered, with a success status."""
        return self.filter(failure="", status_code__gte=200, status_code__lt=400)


class EvidenceCapture(models.Model):
    """Our own copy of a cited page, made by the worker (factcheck/evidence.py).

    The response is kept as a WARC record (the web archives' standard format) with its
    SHA-256; readers see its text at /preuves/<sha256>/. A fetch that failed is kept
    too, with its reason, so the dossier shows what was tried.
    """

    class Failure(models.TextChoices):
        SCHEME = "scheme", _("not an http(s) address")
        ADDRESS = "address", _("private or local address refused")
        DNS = "dns", _("host name not found")
        CONNECTION = "connection", _("connection failed")
        TIMEOUT = "timeout", _("too slow")
        TOO_LARGE = "too_large", _("page too large")
        REDIRECTS = "redirects", _("too many redirects")
        PROTOCOL = "protocol", _("invalid answer")

    url = fields.HttpURLField(_("URL"), max_length=2000, db_index=True)
    final_url = fields.CharField(_("final URL"), max_length=2000, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = fields.CharField(_("content type"), max_length=100, blank=True)
    sha256 = fields.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    warc = models.FileField(_("WARC record"), upload_to="evidence/%Y/%m/", blank=True)
    title = fields.CharField(_("page title"), max_length=300, blank=True)
    text = fields.TextField(_("readable copy"), blank=True)
    failure = fields.CharField(_("failure"), max_length=20, choices=Failure, blank=True)
    failure_detail = fields.CharField(_("failure detail"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), db_index=True)

    objects = EvidenceCaptureQuerySet.as_manager()

    class Meta:
        ordering = ["-fetched_at", "-id"]
        verbose_name = _("evidence capture")
        verbose_name_plural = _("evidence captures")

    def __str__(self):
        return f"{self.url} ({self.fetched_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("factcheck:evidence", args=[self.sha256])

    @property
    def is_usable(self):
        return not self.failure and self.status_code is not None and 200 <= self.status_code < 400


class EvidenceExemption(models.Model):
    """An editor accepts that one cited URL of a story has no archived copy, and says why
    (a page behind a login, a document removed before we could capture it…)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="evidence_exemptions"
    )
    url = fields.HttpURLField(_("URL"), max_length=2000)
    reason = fields.TextField(
        _("reason"), help_text=_("Why this page cannot be archived. Kept in the dossier.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evidence exception")
        verbose_name_plural = _("evidence exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "url"],
                name="one_evidence_exemption_per_url",
                violation_error_message=_("This address already has an exception."),
            ),
        ]

    def __str__(self):
        return self.url


class LinkStatus(models.Model):
    """What the link watch last found at a cited URL (factcheck/linkwatch.py)."""

    class State(models.TextChoices):
        OK = "ok", _("answers as archived")
        CHANGED = "changed", _("content changed")
        DEAD = "dead", _("no longer answers")

    url = fields.HttpURLField(_("URL"), max_length=2000, unique=True)
    state = fields.CharField(_("state"), max_length=10, choices=State, default=State.OK)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    detail = fields.CharField(_("detail"), max_length=500, blank=True)
    sha256 = fields.CharField(_("SHA-256 last seen"), max_length=64, blank=True)
    failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    since = models.DateTimeField(_("in this state since"), null=True, blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("watched link")
        verbose_name_plural = _("watched links")
        indexes = [models.Index(fields=["checked_at"], name="linkstatus_checked_idx")]

    def __str__(self):
        return self.url


class TipQuerySet(models.QuerySet):
    def awaiting_triage(self):
        return self.filter(state=Tip.State.NEW)

    def to_answer(self):
        """Tips whose tipster asked to be told, not told yet, e-mail still kept."""
        return self.filter(consent=True, answered_at__isnull=True).exclude(email="")


class Tip(models.Model):
    """A claim a reader asks the newsroom to check (the public form at /signaler/).

    Triage: new → duplicate (of a claim already checked, or of another tip),
    accepted (linked to the claim that answers it) or rejected (with a reason).
    The e-mail, kept only with consent, is erased once the answer is sent or
    after TIP_EMAIL_RETENTION_DAYS (factcheck/tips.py).
    """

    class State(models.TextChoices):
        NEW = "new", _("new")
        DUPLICATE = "duplicate", _("duplicate")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    text = fields.TextField(_("what the reader saw"))
    seen_where = fields.CharField(
        _("where"), max_length=500, blank=True, help_text=_("A web address or a description.")
    )
    seen_on = models.DateField(_("when"), null=True, blank=True)
    email = fields.EmailField(_("e-mail"), blank=True)
    consent = models.BooleanField(
        _("consents to be e-mailed the answer"), default=False, editable=False
    )
    language = fields.CharField(_("language"), max_length=10, default="fr", editable=False)
    state = fields.CharField(_("state"), max_length=20, choices=State, default=State.NEW)
    claim = models.ForeignKey(
        Claim,
        verbose_name=_("claim"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        help_text=_("The claim that answers this tip (accepted) or already answered it."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same as tip"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    rejection_reason = fields.CharField(_("reason for rejecting"), max_length=300, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answer sent"), null=True, blank=True)
    # Hashes, never the address or the text: the rate limit and silent de-duplication
    # of the same tip sent twice (factcheck/tips.py).
    fingerprint = fields.CharField(max_length=64, editable=False, db_index=True)
    sender = fields.CharField(max_length=64, editable=False, blank=True)
    match_text = fields.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reader tip")
        verbose_name_plural = _("reader tips")
        indexes = [models.Index(fields=["state", "-created_at"], name="tip_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(claim__isnull=False),
                name="tip_accepted_has_claim",
                violation_error_message=_(
                    "An accepted tip is linked to the claim that answers it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""),
                name="tip_rejected_has_reason",
                violation_error_message=_("A rejected tip needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(state="duplicate")
                | Q(claim__isnull=False)
                | Q(duplicate_of__isnull=False),
                name="tip_duplicate_of_something",
                violation_error_message=_("A duplicate tip names the claim or the tip it repeats."),
            ),
            models.CheckConstraint(
                condition=Q(email="") | Q(consent=True),
                name="tip_email_only_with_consent",
                violation_error_message=_("An e-mail address is kept only with consent."),
            ),
        ]

    def __str__(self):
        return Truncator(self.text).chars(80)
