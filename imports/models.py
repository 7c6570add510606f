"""What an archive import remembers: which item became which story, and old addresses.

`ImportedItem` ties a WordPress post (by its post id) to the story it became, so a
second run updates or skips it instead of creating a duplicate. `ImportedAuthor`
does the same for WordPress accounts; their login and e-mail stay here, private,
and never reach the public author page. `LegacyRedirect` is the table of old
addresses that answer 301 (imports/middleware.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom import fields


class ImportedItem(models.Model):
    """A WordPress post or page and the story (or site page) it became."""

    source = fields.CharField(_("archive"), max_length=30, default="wordpress")
    wp_id = models.PositiveBigIntegerField(_("WordPress post id"))
    guid = fields.CharField(_("GUID"), max_length=500, blank=True)
    post_type = fields.CharField(_("WordPress type"), max_length=40)
    wp_status = fields.CharField(_("WordPress status"), max_length=20)
    link = fields.CharField(_("old address"), max_length=500, blank=True)
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="imported_from",
    )
    source_hash = fields.CharField(
        _("export content hash"),
        max_length=64,
        help_text=_("SHA-256 of the item as the export held it: an unchanged item is skipped."),
    )
    imported_version = models.PositiveIntegerField(
        _("story version after the import"),
        null=True,
        blank=True,
        help_text=_("A story edited here since is never overwritten by a later import."),
    )
    published_by_import = models.BooleanField(
        _("published by the import"),
        default=False,
        help_text=_("Published on WordPress, so published here without a verification."),
    )
    first_imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    last_imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        ordering = ["-last_imported_at"]
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(fields=["source", "wp_id"], name="imported_item_unique_id"),
        ]

    def __str__(self):
        return f"{self.source} #{self.wp_id}"


class ImportedAuthor(models.Model):
    """A WordPress account and the author profile it signs as here."""

    source = fields.CharField(_("archive"), max_length=30, default="wordpress")
    login = fields.CharField(_("WordPress login"), max_length=150)
    email = fields.EmailField(_("WordPress e-mail (private)"), blank=True)
    author = models.ForeignKey(
        "articles.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="imported_accounts",
    )

    class Meta:
        ordering = ["login"]
        verbose_name = _("imported author")
        verbose_name_plural = _("imported authors")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "login"], name="imported_author_unique_login"
            ),
        ]

    def __str__(self):
        return self.login


class LegacyRedirect(models.Model):
    """An address of the old site that answers 301 to its page here.

    The target is a story (followed through renames) or a path on this site;
    never another host, so the table cannot become an open redirect.
    """

    old_path = fields.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("Path on the old site, without a trailing slash, e.g. /2019/03/14/crue."),
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legacy_redirects",
    )
    target_path = fields.CharField(
        _("new address"),
        max_length=300,
        blank=True,
        help_text=_("A path on this site, used when no story is chosen, e.g. /regions/normandie/."),
    )
    source = fields.CharField(_("archive"), max_length=30, default="wordpress")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(article=None) | ~models.Q(target_path=""),
                name="legacy_redirect_has_target",
            ),
        ]

    def __str__(self):
        return self.old_path

    def target(self) -> str | None:
        """The local path to send readers to, or None if it is not a safe local path."""
        if self.article_id:
            return self.article.get_absolute_url()
        return safe_local_path(self.target_path)


def safe_local_path(path: str) -> str | None:
    """`path` if it is a path on this site ("/x/"), else None ("//evil", "http://...")."""
    if not path.startswith("/") or path.startswith(("//", "/\\")) or "\\" in path:
        return None
    if any(ord(c) < 33 for c in path):
        return None
    return path
