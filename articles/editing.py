"""Content edits: who may edit what, edit conflicts, revisions and their history.

The admin calls these around its own save so that an edit made through any
page follows the same rules: a stale form is refused, every saved edit keeps
a revision and a history entry, and a verified story that changes goes back
to verification.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Article, ArticleEvent, Revision, Status
from .workflow import is_author

# Fields compared between revisions, in the order the comparison shows them.
SNAPSHOT_FIELDS = (
    "title",
    "slug",
    "work_type",
    "language",
    "region",
    "tags",
    "authors",
    "introduction",
    "verified_facts",
    "development",
    "context",
    "hero_image",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "original_url",
    "quotes",
    "sources",
    "claims",
    "corrections",
)


def can_edit(user, article: Article | None) -> bool:
    """Whether `user` may change `article` (None: a new article)."""
    if not (user.is_active and user.is_staff and user.has_perm("articles.change_article")):
        return False
    if article is None or article.pk is None:
        return user.has_perm("articles.add_article")
    if article.status == Status.WITHDRAWN:
        return False
    if user.has_perm("articles.change_any_article"):
        return True
    return article.status == Status.DRAFT and is_own(user, article)


def can_delete(user, article: Article | None) -> bool:
    """Whether `user` may delete `article` (None: any article, for the list's action).

    A story readers may have seen (published, scheduled or withdrawn) is
    withdrawn, never deleted; its history goes with a deleted draft, and the
    admin's log keeps the deletion.
    """
    if not (user.is_active and user.is_staff and user.has_perm("articles.delete_article")):
        return False
    return article is None or article.status not in (Status.PUBLISHED, Status.WITHDRAWN)


def is_own(user, article: Article) -> bool:
    return article.created_by_id == user.pk or is_author(user, article)


def editable_by(user):
    """Articles `user` may change, for choosing the article of a claim or a source."""
    articles = Article.objects.exclude(status=Status.WITHDRAWN)
    if user.has_perm("articles.change_any_article"):
        return articles
    return articles.owned_by(user).drafts()


def lock_for_edit(article_pk: int, loaded_version: int | None) -> Article:
    """Lock the article row for the rest of the transaction, or refuse a stale form.

    Raises ValidationError naming who changed the story since `loaded_version`
    was read, and when: the latest history entry says it, since transitions
    bump the version as well as saves.
    """
    current = Article.objects.select_for_update(of=("self",)).get(pk=article_pk)
    if loaded_version is not None and current.version != loaded_version:
        latest = current.events.select_related("actor").order_by("-at", "-id").first()
        if latest is not None:
            who, when, what = latest.actor, latest.at, latest.get_action_display()
        else:
            who, when, what = current.updated_by, current.updated_at, _("edited")
        raise ValidationError(
            _(
                "This story changed after you opened it: %(what)s by %(who)s on %(when)s. "
                "Your changes are still in the form below but were not saved: open the "
                "story in a new tab, copy your changes into it, then save."
            )
            % {
                "who": (who.get_full_name() or who.get_username()) if who else _("Someone"),
                "what": what,
                "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
            },
            code="edit_conflict",
        )
    return current


def snapshot(article: Article) -> dict:
    """The story's content as plain data, for a revision."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "work_type": article.work_type,
        "language": article.language,
        "region": str(article.region) if article.region_id else "",
        "tags": ", ".join(sorted(article.tags.names())),
        "authors": ", ".join(str(b.author) for b in article.bylines.select_related("author")),
        "introduction": article.introduction,
        "verified_facts": article.verified_facts,
        "development": article.development,
        "context": article.context,
        "hero_image": article.hero_image.name if article.hero_image else "",
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "hero_credit": article.hero_credit,
        "original_url": article.original_url,
        "quotes": "\n".join(
            f"{q.speaker} ({q.speaker_role}): {q.text}" for q in article.quotes.all()
        ),
        "corrections": "\n".join(
            f"{c.get_kind_display()} {c.published_at:%Y-%m-%d}: {c.text}"
            for c in article.corrections.all()
        ),
    }
    # Sources and claims belong to the factcheck app: read them through the
    # reverse relations it declares, without importing it.
    if hasattr(article, "sources"):
        data["sources"] = "\n".join(
            f"[{s.kind}] {s.outlet.name}: {s.title} {s.url}".strip()
            for s in article.sources.select_related("outlet")
        )
    if hasattr(article, "claims"):
        data["claims"] = "\n".join(
            f"{c.label} — {c.rating.label if c.rating_id else '?'}: {c.verdict_explanation}"
            f" [{', '.join(sorted({s.outlet.name for s in c.sources.all()}))}]"
            for c in article.claims.select_related("rating").prefetch_related("sources__outlet")
        )
    return data


@transaction.atomic
def record_edit(
    *,
    article: Article,
    user,
    created: bool = False,
    changes: list[str] | None = None,
    note: str = "",
) -> Revision | None:
    """Record a saved edit of `article` (already saved, inlines included).

    Keeps a revision, writes the history entry, and sends a verified story
    back to verification. The caller holds the row lock (`lock_for_edit`)
    and has already bumped `article.version`. `changes` names what the user
    changed; an empty list means the page was saved untouched, which is not
    an edit: nothing is recorded and a verified story stays verified.
    """
    if not created and changes is not None and not changes:
        return None
    now = timezone.now()
    note = note or ", ".join(str(change) for change in changes or ())
    revision = Revision.objects.create(
        article=article, version=article.version, created_by=user, data=snapshot(article)
    )
    ArticleEvent.objects.create(
        article=article,
        actor=user,
        action=ArticleEvent.Action.CREATE if created else ArticleEvent.Action.EDIT,
        from_status=article.status,
        to_status=article.status,
        comment=note,
        revision=revision,
    )
    update = {}
    if article.status == Status.VERIFIED:
        update = {"status": Status.SUBMITTED, "verified_at": None, "verified_by": None}
        ArticleEvent.objects.create(
            article=article,
            actor=user,
            action=ArticleEvent.Action.REOPEN,
            from_status=Status.VERIFIED,
            to_status=Status.SUBMITTED,
            comment=_("The content changed after verification."),
        )
    elif article.is_public:
        update = {"content_updated_at": now}
    if update:
        Article.objects.filter(pk=article.pk).update(**update)
        for field, value in update.items():
            setattr(article, field, value)
    return revision


def stamp(article: Article, user, *, created: bool) -> None:
    """Set who edited and bump the version before the article row is saved."""
    if created:
        article.created_by = user
        article.version = 1
    else:
        article.version += 1
    article.updated_by = user


@transaction.atomic
def record_child_edit(
    *, article: Article, user, note: str, changes: list[str] | None = None
) -> Revision | None:
    """A claim, source or quote of `article` changed on its own admin page."""
    if changes is not None and not changes:
        return None
    locked = Article.objects.select_for_update().get(pk=article.pk)
    stamp(locked, user, created=False)
    locked.save(update_fields=["version", "updated_by", "updated_at"])
    return record_edit(article=locked, user=user, changes=changes, note=note)
