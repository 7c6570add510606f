"""Content edits: the one write path for everything a story shows.

Every writer (the admin's story and claim pages, commands, the importer, the
API) changes a story's rows inside `edit_story()`, which

- locks the story's row and refuses a page opened before someone else's save
  (`EditRefused`, code ``edit_conflict``), naming who changed it and when;
- checks the rules that hold for every writer (`STORY_RULES`, and: a public
  correction is never deleted);
- compares the whole content before and after (articles/record.py): an
  untouched save records nothing;
- otherwise bumps the version, keeps a revision, writes a history entry that
  names what changed, and reconciles the workflow: a verified or scheduled
  story whose content hash moved goes back to verification; a proposed change
  to a public story that moved is withdrawn from approval.

Published stories keep serving their frozen version: edits to them reach
readers only through a proposed and approved change (articles/workflow.py).
Labels shared by many stories (a verdict, an outlet, a region, an author, a
tag) go through `shared_label_changed()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.text import Message

from . import record
from .models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    Author,
    Correction,
    MediaImage,
    Quote,
    Region,
    Revision,
    Status,
    WorkType,
)
from .workflow import is_author

# Rules every writer's result must satisfy, added by the apps that own the rows:
# callables taking the article and returning problems in the user's words.
STORY_RULES: list[Callable[[Article], list[str]]] = []
# Apply a content dict's part owned by another app to the rows (restore).
CONTENT_APPLIERS: list[Callable[[Article, dict], None]] = []
# Chores after a story's content changed: (article, before, after, user).
AFTER_EDIT: list[Callable[[Article, dict, dict, object], None]] = []
# The type of work a story's content calls for, if not the one it has: (article) ->
# a WorkType value or None. Suggested to the editor, never applied silently.
WORK_TYPE_SUGGESTERS: list[Callable[[Article], str | None]] = []


def suggested_work_type(article: Article) -> str | None:
    """The type of work the story's content suggests instead of its own, if any."""
    for suggest in WORK_TYPE_SUGGESTERS:
        suggestion = suggest(article)
        if suggestion and suggestion != article.work_type:
            return suggestion
    return None


def accept_work_type(*, article: Article, user, work_type: str, expected_version=None) -> None:
    """The editor accepts a suggested type of work: an edit like any other (history,
    revision, a verified story back to verification, a public one through a change)."""
    if work_type not in WorkType.values:
        raise EditRefused(_("Unknown type of work."))
    with edit_story(article=article, user=user, expected_version=expected_version) as edit:
        edit.article.work_type = work_type
        edit.article.save()


# Names of the parts of a story's content, in the order a comparison shows them.
PART_LABELS = {
    "title": gettext_lazy("title"),
    "work_type": gettext_lazy("type of work"),
    "language": gettext_lazy("language"),
    "region": gettext_lazy("region"),
    "tags": gettext_lazy("tags"),
    "bylines": gettext_lazy("authors"),
    "introduction": gettext_lazy("introduction"),
    "verified_facts": gettext_lazy("verified facts"),
    "development": gettext_lazy("development"),
    "context": gettext_lazy("context"),
    "hero": gettext_lazy("hero image"),
    "original_url": gettext_lazy("original story URL"),
    "original_outlet": gettext_lazy("original outlet"),
    "quotes": gettext_lazy("official reactions"),
    "sources": gettext_lazy("sources"),
    "claims": gettext_lazy("claims"),
    "corrections": gettext_lazy("corrections"),
}


class EditRefused(ValidationError):
    """The edit cannot be saved; nothing was written. Shown as a form error."""


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
    if article is None:
        return True
    return article.status not in (Status.PUBLISHED, Status.WITHDRAWN) and not (
        article.current_version_id
    )


def is_own(user, article: Article) -> bool:
    return article.created_by_id == user.pk or is_author(user, article)


def editable_by(user):
    """Articles `user` may change, for choosing the article of a claim or a source."""
    articles = Article.objects.exclude(status=Status.WITHDRAWN)
    if user.has_perm("articles.change_any_article"):
        return articles
    return articles.owned_by(user).drafts()


def conflict_message(article: Article) -> str:
    """Who changed `article` last, and when, for a refused stale save."""
    latest = article.events.select_related("actor").order_by("-at", "-id").first()
    if latest is not None:
        who, when, what = latest.actor, latest.at, latest.get_action_display()
    else:
        who, when, what = article.updated_by, article.updated_at, _("edited")
    return _(
        "This story changed after you opened it: %(what)s by %(who)s on %(when)s. "
        "Your changes are still in the form below but were not saved: open the "
        "story in a new tab, copy your changes into it, then save."
    ) % {
        "who": (who.get_full_name() or who.get_username()) if who else _("Someone"),
        "what": what,
        "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
    }


def check_version(article_pk: int, loaded_version: int | None, *, lock: bool = False) -> Article:
    """The article, or EditRefused if it moved past `loaded_version` (None: no check).

    With `lock`, the row stays locked for the rest of the transaction.
    """
    queryset = Article.objects.all()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    current = queryset.get(pk=article_pk)
    if loaded_version is not None and current.version != int(loaded_version):
        raise EditRefused(conflict_message(current), code="edit_conflict")
    return current


@dataclass
class StoryEdit:
    """A change being made to one or more stories inside `edit_story()`."""

    user: object
    note: str
    articles: list[Article]
    before: dict[int, dict] = field(default_factory=dict)
    changed: dict[int, list[Message]] = field(default_factory=dict)

    @property
    def article(self) -> Article:
        return self.articles[0]


@contextmanager
def edit_story(
    *,
    article: Article | int,
    user,
    expected_version: int | None = None,
    also: Iterable[Article | int] = (),
    note: str = "",
    check_permission: bool = True,
) -> Iterator[StoryEdit]:
    """Change `article` (and the stories in `also`, e.g. where a claim moves) as `user`.

    Write the rows inside the block. Raises EditRefused (stale page, broken
    rule: nothing is saved) or PermissionDenied. After the block, each story
    whose content changed gets a revision and a history entry, and its
    workflow state follows (see the module docstring).
    """
    pks = [_pk(article), *(_pk(other) for other in also)]
    pks = list(dict.fromkeys(pk for pk in pks if pk is not None))
    with transaction.atomic():
        locked = {}
        for pk in sorted(pks):  # one lock order: two edits never wait on each other
            locked[pk] = check_version(pk, expected_version if pk == pks[0] else None, lock=True)
        stories = [locked[pk] for pk in pks]
        if check_permission:
            for story in stories:
                if not can_edit(user, story):
                    raise PermissionDenied(_("You cannot change this story in its current state."))
        edit = StoryEdit(user=user, note=note, articles=stories)
        for story in stories:
            edit.before[story.pk] = record.story_content(story)
        yield edit
        for story in stories:
            edit.changed[story.pk] = _finish(story, user, edit.before[story.pk], note)


def _pk(article):
    return article if isinstance(article, int) or article is None else article.pk


def rule_problems(article: Article, before: dict | None = None) -> list[str]:
    problems = []
    for rule in STORY_RULES:
        problems.extend(rule(article))
    if before is not None:
        kept = set(article.corrections.values_list("pk", flat=True))
        for correction in before.get("corrections", []):
            if correction["id"] not in kept:
                problems.append(
                    _("A published correction cannot be deleted; amend its text instead.")
                )
                break
    return problems


def _finish(article: Article, user, before: dict, note: str) -> list[Message]:
    """Record what the edit changed in `article`; [] when it changed nothing."""
    article.refresh_from_db()
    problems = rule_problems(article, before)
    if problems:
        raise EditRefused(problems, code="story_rule")
    after = record.story_content(article)
    if after == before:
        return []
    changed = changed_parts(before, after)
    for chore in AFTER_EDIT:
        chore(article, before, after, user)
    article.version += 1
    article.updated_by = user
    article.save(update_fields=["version", "updated_by", "updated_at"])
    _record_revision(
        article,
        user,
        after,
        action=ArticleEvent.Action.EDIT,
        from_status=article.status,
        comment=note or capfirst(", ".join(str(label) for label in changed)),
    )
    reconcile(article, user, record.content_hash(after))
    return changed


def changed_parts(before: dict, after: dict) -> list[Message]:
    """Human names of the parts of a story that differ between two contents."""
    labels: list[Message] = []
    flat_before, flat_after = parts(before), parts(after)
    for key, label in PART_LABELS.items():
        if flat_before.get(key) != flat_after.get(key):
            labels.append(label)
    return labels


def parts(content: dict) -> dict:
    """A content dict flattened to its parts (article fields at the top level)."""
    return {**content.get("article", {}), **{k: v for k, v in content.items() if k != "article"}}


def reconcile(article: Article, user, digest: str, reason: str = "") -> None:
    """Put `article`'s workflow state in line with its new content hash `digest`.

    A verified or scheduled story whose content is no longer the verified one
    goes back to verification (a scheduled publication is cancelled); a change
    proposed on a public story that moved since is withdrawn from approval.
    """
    now = timezone.now()
    scheduled = article.is_scheduled
    if (article.status == Status.VERIFIED or scheduled) and digest != article.verified_hash:
        from_status = article.status
        update: dict[str, object] = {
            "status": Status.SUBMITTED,
            "verified_at": None,
            "verified_by": None,
            "verified_hash": "",
        }
        if scheduled:
            for version in article.versions.filter(published_at__gt=now):
                version.delete()
            update.update(
                published_at=None,
                published_by=None,
                current_version=article.versions.order_by("-number").first(),
            )
        for attribute, value in update.items():
            setattr(article, attribute, value)
        article.save(update_fields=[*update, "updated_at"])
        ArticleEvent.objects.create(
            article=article,
            actor=user,
            action=ArticleEvent.Action.REOPEN,
            from_status=from_status,
            to_status=Status.SUBMITTED,
            comment=reason
            or (
                _("The content changed after verification; the scheduled publication is cancelled.")
                if scheduled
                else _("The content changed after verification.")
            ),
            data={"hash": digest},
        )
    elif article.change_proposed_at and digest != article.change_hash:
        update = {
            "change_kind": "",
            "change_note": "",
            "change_hash": "",
            "change_proposed_at": None,
            "change_proposed_by": None,
        }
        for attribute, value in update.items():
            setattr(article, attribute, value)
        article.save(update_fields=[*update, "updated_at"])
        ArticleEvent.objects.create(
            article=article,
            actor=user,
            action=ArticleEvent.Action.REJECT,
            from_status=article.status,
            to_status=article.status,
            comment=_("The story changed after the change was proposed: propose it again."),
            data={"hash": digest},
        )


def shared_label_changed(*, article_ids: Iterable[int], user, reason: str) -> int:
    """A label many stories show (a verdict, an outlet, a region, an author, a tag)
    changed: send the verified or scheduled stories among `article_ids` whose
    content moved back to verification. Published versions are untouched;
    editors republish them with a reason. Returns how many stories went back."""
    now = timezone.now()
    candidates = (
        Article.objects.filter(pk__in=list(article_ids))
        .filter(status__in=[Status.VERIFIED, Status.PUBLISHED])
        .exclude(status=Status.PUBLISHED, published_at__lte=now)
        .values_list("pk", flat=True)
    )
    reopened = 0
    for pk in candidates:
        with transaction.atomic():
            article = Article.objects.select_for_update(of=("self",)).get(pk=pk)
            digest = record.live_hash(article)
            if digest != article.verified_hash:
                reconcile(article, user, digest, reason=reason)
                reopened += 1
    return reopened


# --- creating, restoring ------------------------------------------------------


def stamp_new(article: Article, user) -> None:
    """Set who created a new story before its first save."""
    article.created_by = user
    article.updated_by = user
    article.version = 1


@transaction.atomic
def story_created(
    *, article: Article, user, note: str = "", creator_byline: bool = True
) -> Revision:
    """Record a new story saved with its first rows: the creator's byline when it has
    none (a journalist's story is theirs until they say otherwise; an importer, who
    signs nothing, passes ``creator_byline=False``), the rules, a revision and the
    history entry (`note` as its comment)."""
    if creator_byline and not article.bylines.exists():
        author = Author.objects.filter(user=user).first()
        if author:
            ArticleAuthor.objects.create(article=article, author=author)
    problems = rule_problems(article)
    if problems:
        raise EditRefused(problems, code="story_rule")
    return _record_revision(
        article,
        user,
        record.story_content(article),
        action=ArticleEvent.Action.CREATE,
        from_status="",
        comment=note,
    )


def _record_revision(article, user, content, *, action, from_status, comment) -> Revision:
    """Keep `content` as the story's revision at its version, with the history entry that
    names its content hash (what verification binds to)."""
    revision = Revision.objects.create(
        article=article, version=article.version, created_by=user, data=content
    )
    ArticleEvent.objects.create(
        article=article,
        actor=user,
        action=action,
        from_status=from_status,
        to_status=article.status,
        comment=comment,
        revision=revision,
        data={"hash": record.content_hash(content)},
    )
    return revision


def change_slug(*, article: Article, user, old_slug: str) -> None:
    """A story readers could reach moved address: keep the old one as a redirect and
    record it. Called inside `edit_story()` after the new slug is saved."""
    from .models import ArticleRedirect

    if not old_slug or old_slug == article.slug or not article.current_version_id:
        return
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})
    ArticleEvent.objects.create(
        article=article,
        actor=user,
        action=ArticleEvent.Action.ADDRESS,
        from_status=article.status,
        to_status=article.status,
        comment=_("Address changed from /%(old)s/ to /%(new)s/; the old one redirects.")
        % {"old": old_slug, "new": article.slug},
        data={"old_slug": old_slug, "new_slug": article.slug},
    )


def restore(*, article: Article, content: dict, user, expected_version=None, note="") -> None:
    """Bring `article`'s rows back to `content` (a revision's or a published version's).

    Nothing is overwritten: the restored state is a new revision. Rows are
    matched by id; rows that no longer exist are created again.
    """
    with edit_story(
        article=article, user=user, expected_version=expected_version, note=note
    ) as edit:
        story = edit.article
        data = content.get("article", {})
        for name in (
            "title",
            "work_type",
            "language",
            "introduction",
            "verified_facts",
            "development",
            "context",
            "original_url",
            "original_outlet",
        ):
            if name in data:
                setattr(story, name, data[name])
        if "original_outlet" not in data:
            story.original_outlet = ""
        region = data.get("region")
        story.region = Region.objects.filter(pk=region["id"]).first() if region else None
        story.hero = library_image(data.get("hero"), user=user)
        story.save()
        story.tags.set([tag["name"] for tag in content.get("tags", [])], clear=True)
        story.bylines.all().delete()
        authors = Author.objects.in_bulk([b["author"] for b in content.get("bylines", [])])
        for position, byline in enumerate(content.get("bylines", [])):
            if byline["author"] in authors:
                ArticleAuthor.objects.create(
                    article=story, author=authors[byline["author"]], position=position
                )
        _sync(
            Quote,
            story,
            content.get("quotes", []),
            ("text", "speaker", "speaker_role", "said_on", "url", "position"),
        )
        for correction in content.get("corrections", []):
            Correction.objects.filter(pk=correction["id"], article=story).update(
                text=correction["text"]
            )
        for apply in CONTENT_APPLIERS:
            apply(story, content)
        ArticleEvent.objects.create(
            article=story,
            actor=user,
            action=ArticleEvent.Action.RESTORE,
            from_status=story.status,
            to_status=story.status,
            comment=note,
        )


def library_image(hero: dict | None, *, user) -> MediaImage | None:
    """The library image a revision's hero describes: the one stored under that name
    with that description, else one added back to the library with it (the file is
    never copied: stored once)."""
    if not hero:
        return None
    focal_x, focal_y = hero.get("focal_point", (50, 50))
    described = {
        "alt": hero["alt"],
        "caption": hero["caption"],
        "credit": hero["credit"],
        "focal_x": focal_x,
        "focal_y": focal_y,
    }
    image = MediaImage.objects.filter(image=hero["image"], **described).first()
    if image is None:
        image = MediaImage(**described, width=hero["width"], height=hero["height"])
        image.image.name = hero["image"]
        image.created_by = user if getattr(user, "pk", None) else None
        image.save()
    return image


def _sync(model, article, rows: list[dict], fields: Iterable[str], **extra) -> dict[int, Any]:
    """Make `article`'s `model` rows match `rows` (matched by id); {old id: row}."""
    fields = tuple(fields)
    existing = {obj.pk: obj for obj in model.objects.filter(article=article)}
    kept = {}
    for row in rows:
        values = {name: row.get(name) for name in fields}
        values.update(extra)
        obj = existing.pop(row["id"], None)
        if obj is None:
            obj = model(article=article)
        for name, value in values.items():
            setattr(obj, name, value if value is not None or _nullable(model, name) else "")
        obj.save()
        kept[row["id"]] = obj
    for obj in existing.values():
        obj.delete()
    return kept


def _nullable(model, name):
    return model._meta.get_field(name).null
