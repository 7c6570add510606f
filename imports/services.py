"""The WordPress import: an export's authors, posts and addresses, through our write path.

`WordPressImport(...).run()` reads the export twice, streamed (imports/wxr.py):
first the small things a post refers to (authors, categories, tags, attachments),
then the posts and pages. Each post is imported in its own transaction, through
the functions the admin uses (articles/editing.py `story_created()` and
`edit_story()`, articles/workflow.py `apply_transition()`): one bad item is
reported and rolled back, never half-saved, and never stops the run.

- A post published on WordPress is published here by the ``import`` transition:
  a real published version, whose history entry names the exception (it was not
  verified here) and which the verification dossier lists.
- Drafts, pending, private and scheduled posts become drafts; trashed ones are
  skipped. Pages become redirects to the site page with the same slug, if any.
- Re-running is safe: an item is found again by its WordPress post id; unchanged
  items are skipped, changed ones updated (a new version if published), and a
  story edited here since the last import is never overwritten.
- Old addresses (the post's link, ``/?p=ID``, the usual permalink shapes,
  categories, tags, authors and feeds) are recorded in `LegacyRedirect`.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles import editing, media, workflow
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    Author,
    MediaImage,
    Region,
    SitePage,
    Status,
)
from newsroom.slugs import slugify, unique_slug

from .content import to_markdown, to_plain_text
from .media import MediaError
from .models import ImportedAuthor, ImportedItem, LegacyRedirect
from .wxr import WxrAuthor, WxrError, WxrItem, WxrTerm, read_export

SOURCE = "wordpress"
# A post longer than this (characters of text) is refused rather than stored.
MAX_ITEM_CHARS = 2_000_000
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
DEFAULT_CATEGORIES = {"uncategorized", "non-classe", "sans-categorie"}
FEED_REDIRECTS = {
    "/feed": "articles_feed_rss",
    "/feed/rss2": "articles_feed_rss",
    "/feed/rss": "articles_feed_rss",
    "/rss": "articles_feed_rss",
    "/feed/atom": "articles_feed_atom",
}


class ImportAborted(Exception):
    """The import cannot start (bad option, unreadable mapping file)."""


@dataclass
class Attachment:
    url: str
    alt: str = ""
    caption: str = ""
    title: str = ""


@dataclass
class Report:
    """What a run did: counts per (type, outcome) and every item not imported as is."""

    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (item, outcome, why)
    fatal: str = ""

    def add(self, kind: str, outcome: str, item: str = "", why: str = "") -> None:
        self.counts[(kind, outcome)] += 1
        if why:
            self.problems.append((item, outcome, why))

    @property
    def failed(self) -> int:
        return sum(n for (_kind, outcome), n in self.counts.items() if outcome == "failed")


def normalise_path(path: str) -> str:
    """An old address as the redirect table keys it: decoded, lower case, no
    trailing slash ("/" stays "/")."""
    path = unquote(path).strip().lower()
    path = re.sub(r"/{2,}", "/", path)
    return path.rstrip("/") or "/"


def parse_wp_date(value: str, *, gmt: bool) -> datetime | None:
    """'2019-03-14 08:30:00' as an aware datetime (UTC if `gmt`, else the site's
    time zone); None for WordPress's '0000-00-00 00:00:00' and for garbage."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if gmt:
        return moment.replace(tzinfo=UTC)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def post_date(item: WxrItem) -> datetime | None:
    found = parse_wp_date(item.post_date_gmt, gmt=True) or parse_wp_date(item.post_date, gmt=False)
    if found is None and item.pub_date:
        try:
            found = parsedate_to_datetime(item.pub_date)
        except (TypeError, ValueError):
            found = None
        if found is not None and found.year < 1971:
            found = None
    return found


def modified_date(item: WxrItem) -> datetime | None:
    return (
        parse_wp_date(item.modified_gmt, gmt=True)
        or parse_wp_date(item.modified, gmt=False)
        or post_date(item)
    )


def read_region_map(path) -> dict[str, Region]:
    """{category slug: Region} from a JSON file {"category-slug": "region-slug"}."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ImportAborted(f"cannot read the region map {path}: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ImportAborted(f'{path}: expected {{"category-slug": "region-slug", ...}}')
    regions = {region.slug: region for region in Region.objects.filter(slug__in=data.values())}
    unknown = sorted(set(data.values()) - set(regions))
    if unknown:
        raise ImportAborted(f"{path}: unknown region slugs: {', '.join(unknown)}")
    return {normalise_slug(k): regions[v] for k, v in data.items()}


def normalise_slug(value: str) -> str:
    return slugify(unquote(value or ""))


def plain(value: str) -> str:
    """A title as plain text: entities decoded, tags dropped, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", value or "")).split())


class WordPressImport:
    """One import run; see the module docstring. `media` reads attachments (None:
    featured images are not imported); `progress(done, total)` is called per item."""

    def __init__(
        self,
        *,
        path,
        user,
        dry_run: bool = False,
        media=None,
        region_map: dict[str, Region] | None = None,
        since: date | None = None,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.path = path
        self.user = user
        self.dry_run = dry_run
        self.media = media
        self.region_map = region_map or {}
        self.since = since
        self.progress = progress
        self.report = Report(dry_run=dry_run)
        self.authors: dict[str, WxrAuthor] = {}
        self.terms: dict[tuple[str, str], WxrTerm] = {}
        self.attachments: dict[int, Attachment] = {}
        self.library: dict[str, MediaImage] = {}  # attachment URL → library image
        self.total = 0
        fingerprint = sorted((k, r.slug) for k, r in self.region_map.items())
        self.mapping_hash = hashlib.sha256(json.dumps(fingerprint).encode()).hexdigest()

    # --- the run -----------------------------------------------------------

    def run(self) -> Report:
        if not self.user.has_perm("articles.publish_article"):
            raise ImportAborted("the importing user must be an editor (publish permission)")
        self._first_pass()
        if not self.dry_run:
            # Each item commits on its own: an interrupted run keeps what it finished.
            self._second_pass()
            with transaction.atomic():
                self._term_redirects()
            return self.report
        with transaction.atomic():
            self._second_pass()
            self._term_redirects()
            transaction.set_rollback(True)
        return self.report

    def _first_pass(self) -> None:
        try:
            for record in read_export(self.path):
                if isinstance(record, WxrAuthor) and record.login:
                    self.authors[record.login] = record
                elif isinstance(record, WxrTerm) and record.slug:
                    self.terms[(record.taxonomy, normalise_slug(record.slug))] = record
                elif isinstance(record, WxrItem):
                    if record.post_type == "attachment" and record.post_id is not None:
                        self.attachments[record.post_id] = Attachment(
                            url=record.attachment_url or record.guid,
                            alt=plain(record.meta.get("_wp_attachment_image_alt", "")),
                            caption=plain(record.excerpt),
                            title=plain(record.title),
                        )
                    elif record.post_type in ("post", "page"):
                        self.total += 1
        except WxrError as exc:
            self.report.fatal = str(exc)

    def _second_pass(self) -> None:
        done = 0
        try:
            for record in read_export(self.path):
                if not isinstance(record, WxrItem):
                    continue
                if record.post_type == "post":
                    self._guarded(self.import_post, record)
                elif record.post_type == "page":
                    self._guarded(self.import_page, record)
                else:
                    self.report.add(record.post_type or "?", "skipped")
                    continue
                done += 1
                if self.progress:
                    self.progress(done, self.total)
        except WxrError as exc:
            self.report.fatal = str(exc)

    def _guarded(self, method, item: WxrItem) -> None:
        """Run `method` for one item in its own transaction; report what went wrong."""
        counts, problems = self.report.counts.copy(), len(self.report.problems)
        try:
            with transaction.atomic():
                method(item)
            return
        except (ValidationError, workflow.TransitionError, editing.EditRefused) as exc:
            messages = getattr(exc, "problems", None) or getattr(exc, "messages", [str(exc)])
            why = "; ".join(map(str, messages))
        except Exception as exc:  # one bad item never stops the run
            why = f"{exc.__class__.__name__}: {exc}"
        # Rolled back: what the item had counted (an author created…) did not happen.
        self.report.counts = counts
        del self.report.problems[problems:]
        self.report.add(item.post_type, "failed", _label(item), why)

    # --- posts ---------------------------------------------------------------

    def import_post(self, item: WxrItem) -> None:
        label = _label(item)
        if item.post_id is None:
            self.report.add("post", "failed", label, _("no post id"))
            return
        if item.status in SKIPPED_STATUSES:
            self.report.add("post", "skipped", label, _("in the WordPress trash"))
            return
        if item.size > MAX_ITEM_CHARS:
            self.report.add("post", "failed", label, _("too large to be a story"))
            return
        if self.since and (modified_date(item) or timezone.now()).date() < self.since:
            self.report.add("post", "not modified since")
            return
        digest = self.source_hash(item)
        known = (
            ImportedItem.objects.filter(source=SOURCE, wp_id=item.post_id)
            .select_related("article")
            .first()
        )
        article = known.article if known else None
        if article is not None and known.source_hash == digest:
            self.report.add("post", "unchanged")
            return
        if article is not None and article.version != known.imported_version:
            self.report.add(
                "post", "skipped", label, _("edited here since the last import: not overwritten")
            )
            return
        published = item.status == "publish"
        when = post_date(item)
        if published and when is None:
            published = False
            self.report.add("post", "warning", label, _("no valid date: imported as a draft"))
        if article is None:
            article = self._create(item)
            outcome = "created"
        else:
            self._update(article, item)
            outcome = "updated"
        if published:
            article = self._publish(article, item, when)
        elif article.status == Status.PUBLISHED:
            self.report.add(
                "post",
                "warning",
                label,
                _("unpublished on WordPress; still published here (withdraw it if need be)"),
            )
        article.refresh_from_db()
        ImportedItem.objects.update_or_create(
            source=SOURCE,
            wp_id=item.post_id,
            defaults={
                "guid": item.guid[:500],
                "post_type": "post",
                "wp_status": item.status[:20],
                "link": item.link[:500],
                "article": article,
                "source_hash": digest,
                "imported_version": article.version,
                "published_by_import": article.status == Status.PUBLISHED,
            },
        )
        if article.status == Status.PUBLISHED:
            self._post_redirects(article, item, when)
        self.report.add("post", f"{outcome} ({article.status})")

    def source_hash(self, item: WxrItem) -> str:
        data = {
            name: getattr(item, name)
            for name in (
                "title",
                "content",
                "excerpt",
                "slug",
                "status",
                "post_date_gmt",
                "post_date",
                "creator",
                "terms",
            )
        }
        data["thumbnail"] = item.meta.get("_thumbnail_id", "")
        data["mapping"] = self.mapping_hash
        data["media"] = self.media is not None
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def _values(self, item: WxrItem) -> dict:
        title = plain(item.title)[:200] or _("Untitled WordPress post %(id)s") % {
            "id": item.post_id
        }
        introduction = to_plain_text(item.excerpt) or to_plain_text(item.content)
        region = None
        tags = []
        for taxonomy, slug, name in item.terms:
            slug = normalise_slug(slug)
            name = plain(name)[:100]
            if taxonomy == "category":
                if slug in self.region_map:
                    region = region or self.region_map[slug]
                elif slug not in DEFAULT_CATEGORIES and name:
                    tags.append(name)
            elif taxonomy == "post_tag" and name:
                tags.append(name)
        return {
            "title": title,
            "introduction": introduction,
            "development": to_markdown(item.content),
            "region": region,
            "tags": list(dict.fromkeys(tags)),
        }

    def _create(self, item: WxrItem) -> Article:
        values = self._values(item)
        tags = values.pop("tags")
        article = Article(**values)
        article.slug = unique_slug(
            Article, normalise_slug(item.slug) or slugify(values["title"]), 220
        )
        editing.stamp_new(article, self.user)
        self._hero(article, item)
        article.full_clean(exclude=["hero"])
        article.save()
        author = self._author(item)
        if author is not None:
            ArticleAuthor.objects.create(article=article, author=author)
        if tags:
            article.tags.set(tags)
        editing.story_created(
            article=article,
            user=self.user,
            note=_("Imported from WordPress (post %(id)s).") % {"id": item.post_id},
            creator_byline=False,
        )
        return article

    def _update(self, article: Article, item: WxrItem) -> None:
        values = self._values(item)
        tags = values.pop("tags")
        with editing.edit_story(
            article=article,
            user=self.user,
            expected_version=article.version,
            note=_("Updated from a newer WordPress export (post %(id)s).") % {"id": item.post_id},
        ) as edit:
            story = edit.article
            for name, value in values.items():
                setattr(story, name, value)
            if not story.hero_id:
                self._hero(story, item)
            story.full_clean(exclude=["hero", "slug"])
            story.save()
            author = self._author(item)
            story.bylines.all().delete()
            if author is not None:
                ArticleAuthor.objects.create(article=story, author=author)
            story.tags.set(tags, clear=True)

    def _publish(self, article: Article, item: WxrItem, when: datetime) -> Article:
        if article.status not in (Status.DRAFT, Status.PUBLISHED):
            return article  # in verification here: an editor's decision now
        if article.status == Status.PUBLISHED and workflow.imported_content_changed(article):
            return article
        reason = _(
            "Published on WordPress on %(date)s, before the archive moved here; imported from "
            "post %(id)s (%(link)s) without a verification in this newsroom."
        ) % {
            "date": timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
            "id": item.post_id,
            "link": item.link or item.guid or "-",
        }
        return workflow.apply_transition(
            article=article,
            user=self.user,
            name="import",
            comment=reason,
            publish_at=min(when, timezone.now()),
            importing=True,
        )

    # --- authors and images -------------------------------------------------

    def _author(self, item: WxrItem) -> Author | None:
        login = (item.creator or "").strip()[:150]
        if not login:
            self.report.add("post", "warning", _label(item), _("no author"))
            return None
        known = (
            ImportedAuthor.objects.filter(source=SOURCE, login=login)
            .select_related("author")
            .first()
        )
        if known:
            return known.author
        wxr = self.authors.get(login) or WxrAuthor(login=login)
        name = (
            plain(wxr.display_name)
            or " ".join(part for part in (wxr.first_name, wxr.last_name) if part)
            or login
        )[:120]
        author = Author.objects.create(
            name=name,
            slug=unique_slug(Author, slugify(name) or slugify(login) or "auteur", 140),
        )
        email = wxr.email.strip()
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        # The WordPress e-mail stays private here: an author's public e-mail is their call.
        ImportedAuthor.objects.create(source=SOURCE, login=login, email=email, author=author)
        self.report.add("author", "created")
        return author

    def _hero(self, article: Article, item: WxrItem) -> None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail:
            return
        if self.media is None or self.dry_run:
            self.report.add("image", "not read" if self.media is None else "not read (dry run)")
            return
        attachment = self.attachments.get(int(thumbnail)) if thumbnail.isdigit() else None
        if attachment is None or not attachment.url:
            self.report.add(
                "image", "failed", _label(item), _("the featured image points to no attachment")
            )
            return
        alt = attachment.alt or attachment.caption or attachment.title
        if not alt:
            self.report.add(
                "image", "failed", _label(item), _("the featured image has no alternative text")
            )
            return
        image = self.library.get(attachment.url)
        if image is None:
            try:
                data = self.media.read(attachment.url)
            except MediaError as exc:
                self.report.add("image", "failed", _label(item), str(exc))
                return
            name = get_valid_filename(posixpath.basename(urlsplit(attachment.url).path)) or "image"
            try:
                image = media.add_image(
                    file=ContentFile(data, name=name),
                    alt=alt[:250],
                    caption=attachment.caption[:300],
                    user=self.user,
                )
            except ValidationError as exc:
                self.report.add("image", "failed", _label(item), "; ".join(exc.messages))
                return
            # One library image per attachment, however many posts feature it.
            self.library[attachment.url] = image
        media.set_hero(article, image)
        self.report.add("image", "imported")

    # --- pages and addresses ------------------------------------------------

    def import_page(self, item: WxrItem) -> None:
        label = _label(item)
        if item.status != "publish":
            self.report.add("page", "skipped", label, _("not published on WordPress"))
            return
        page = SitePage.objects.filter(slug=normalise_slug(item.slug)).first()
        if page is None:
            self.report.add("page", "skipped", label, _("no site page with this slug here"))
            return
        slug = unquote(item.slug or "")
        paths = {urlsplit(item.link).path, f"/?page_id={item.post_id}", f"/{slug}" if slug else ""}
        for path in paths:
            if path and normalise_path(path) != "/":
                self._redirect(normalise_path(path), target=page.get_absolute_url())
        self.report.add("page", "redirected to a site page")

    def _post_redirects(self, article: Article, item: WxrItem, when: datetime | None) -> None:
        paths = {f"/?p={item.post_id}", f"/archives/{item.post_id}"}
        link = urlsplit(item.link or "")
        if link.path:
            query = parse_qs(link.query)
            if "p" in query:
                paths.add(f"/?p={query['p'][0]}")
            else:
                paths.add(link.path)
        slug = unquote(item.slug or "")
        if slug and when is not None:
            local = timezone.localtime(when)
            paths.add(f"/{local:%Y/%m/%d}/{slug}")
            paths.add(f"/{local:%Y/%m}/{slug}")
            paths.add(f"/{slug}")
        for path in paths:
            key = normalise_path(path)
            if key != "/":
                self._redirect(key, article=article)

    def _redirect(self, old_path: str, *, article=None, target: str = "") -> None:
        if len(old_path) > 500:
            return
        LegacyRedirect.objects.update_or_create(
            old_path=old_path,
            defaults={"article": article, "target_path": target if article is None else ""},
        )

    def _term_redirects(self) -> None:
        """Category, tag, author and feed addresses of the old site."""
        for (taxonomy, slug), term in self.terms.items():
            if taxonomy == "category":
                region = self.region_map.get(slug)
                if region is not None:
                    self._redirect(f"/category/{slug}", target=region.get_absolute_url())
                    self._redirect(
                        f"/category/{slug}/feed",
                        target=reverse("feed_region", kwargs={"slug": region.slug}),
                    )
                    continue
            elif taxonomy != "post_tag":
                continue
            tag = Tag.objects.filter(name=plain(term.name)).first()
            if tag is not None:
                prefix = "/category" if taxonomy == "category" else "/tag"
                try:
                    target = reverse("articles:tag_detail", kwargs={"slug": tag.slug})
                except NoReverseMatch:
                    continue
                self._redirect(f"{prefix}/{slug}", target=target)
        for login in self.authors:
            known = ImportedAuthor.objects.filter(source=SOURCE, login=login).first()
            if known is not None:
                target = known.author.get_absolute_url()
                self._redirect(normalise_path(f"/author/{slugify(login)}"), target=target)
        for path, name in FEED_REDIRECTS.items():
            self._redirect(path, target=reverse(name.replace("articles_", "")))
        self._redirect("/comments/feed", target=reverse("feed_rss"))


def _label(item: WxrItem) -> str:
    return f"{item.post_type or '?'} {item.post_id} «\u00a0{plain(item.title)[:80]}\u00a0»"


def import_exceptions(article: Article, data: dict) -> None:
    """Dossier extension: each publication by an import, named as an exception."""
    for event in article.events.filter(action=ArticleEvent.Action.IMPORT).select_related("actor"):
        who = event.actor
        data["exceptions"].append(
            {
                "what": _("Published without verification here: imported from an archive"),
                "kind": "import",
                "reason": event.comment,
                "by": (who.get_full_name() or who.get_username()) if who else None,
                "at": event.at.isoformat(),
            }
        )
