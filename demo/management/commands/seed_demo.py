"""`manage.py seed_demo`: demo accounts and original demo stories.

Idempotent: accounts, authors, outlets and stories are looked up by username or
slug, and a story's bylines, sources, claims, quotes and history are built only
when the story itself is created. The content lives in data files under demo/
(demo/README.md): one Markdown file per story, author and site page.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import record
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    Author,
    Correction,
    PublishedVersion,
    Quote,
    Region,
    SitePage,
    Status,
)
from demo import content
from factcheck import evidence
from factcheck.models import Claim, ClaimAppearance, EvidenceCapture, Outlet, Rating, Source
from newsroom.fetch import Fetched
from newsroom.partialdates import PartialDate
from newsroom.roles import EDITOR, JOURNALIST, sync_roles

# Public on purpose: printed by the command and documented in the README.
DEMO_PASSWORD = "demo-newsroom-2026"  # noqa: S105
LOGIN_URL = "http://127.0.0.1:8000/admin/"

# (username, first name, last name, role); no role means superuser.
ACCOUNTS = [
    ("journalist", "Camille", "Le Goff", JOURNALIST),
    ("editor", "Julien", "Marchetti", EDITOR),
    ("editor2", "Sophie", "Lambert", EDITOR),
    ("admin", "Admin", "Démo", None),
]

# (timeline step, history action, from status, to status)
STEPS = [
    ("created", ArticleEvent.Action.CREATE, "", Status.DRAFT),
    ("submitted", ArticleEvent.Action.SUBMIT, Status.DRAFT, Status.SUBMITTED),
    ("verified", ArticleEvent.Action.VERIFY, Status.SUBMITTED, Status.VERIFIED),
    ("published", ArticleEvent.Action.PUBLISH, Status.VERIFIED, Status.PUBLISHED),
    ("withdrawn", ArticleEvent.Action.WITHDRAW, Status.PUBLISHED, Status.WITHDRAWN),
]


class Command(BaseCommand):
    help = "Create demo accounts and load original demo stories (idempotent; needs DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts share a public password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a real site: seed_demo adds staff accounts whose "
                "password is public. Pass --force to run it anyway."
            )
        try:  # every file is read before anything is written
            stories = content.stories()
            author_data, outlet_data, page_bodies = (
                content.authors(),
                content.outlets(),
                content.pages(),
            )
        except content.DemoContentError as exc:
            raise CommandError(f"Demo data file: {exc}") from exc
        with transaction.atomic():
            users, existing = seed_accounts()
            authors = seed_authors(users, author_data)
            outlets = seed_outlets(outlet_data)
            seeder = StorySeeder(timezone.now(), users, authors, outlets)
            new_stories = sum(seeder.seed(story) for story in stories)
            pages = seed_pages(page_bodies)
        self.report(new_stories, pages, existing)

    def report(self, new_stories, pages, existing):
        write = self.stdout.write
        by_status = {
            status.label: Article.objects.filter(status=status).count() for status in Status
        }
        write(self.style.SUCCESS(f"Demo content ready ({new_stories} new stories)."))
        write(
            f"  Stories: {Article.objects.count()} — "
            + ", ".join(f"{count} {label}" for label, count in by_status.items())
            + f" (of which {Article.objects.scheduled().count()} scheduled)"
        )
        write(
            f"  Claims: {Claim.objects.count()}, sources: {Source.objects.count()}, "
            f"outlets: {Outlet.objects.count()}, quotes: {Quote.objects.count()}, "
            f"corrections: {Correction.objects.count()}, authors: {Author.objects.count()}"
        )
        write(f"  Site pages filled: {pages}")
        write("")
        write(f"Log in at {LOGIN_URL} — every demo account's password is: {DEMO_PASSWORD}")
        for username, first, last, role in ACCOUNTS:
            write(f"  {username:<11} {role or 'superuser':<11} {first} {last}")
        if existing:
            write("Accounts that already existed kept their password: " + ", ".join(existing))


def seed_accounts():
    """The demo users, in their groups; returns them and the names that already existed."""
    groups = sync_roles()
    user_model = get_user_model()
    users, existing = {}, []
    for username, first, last, role in ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": True,
                "is_superuser": role is None,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        else:
            # Someone may have changed it on purpose; a rerun must not undo that.
            existing.append(username)
        if role:
            user.groups.add(groups[role])
        users[username] = user
    return users, existing


def seed_authors(users, author_data):
    authors = {}
    for data in author_data:
        user = users.get(data["account"])
        if user is not None and Author.objects.filter(user=user).exists():
            user = None  # already signs as someone: the account is linked once only
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "job_title": data["job_title"],
                "expertise": data["expertise"],
                "biography": data["biography"],
                "user": user,
            },
        )
        if not created and author.user_id is None and user is not None:
            author.user = user
            author.save()
        authors[data["slug"]] = author
    return authors


def seed_outlets(outlet_data):
    outlets = {}
    for outlet in outlet_data:
        outlets[outlet["slug"]], _ = Outlet.objects.get_or_create(
            slug=outlet["slug"],
            defaults={
                "name": outlet["name"],
                "homepage": outlet["homepage"],
                "kind": outlet["kind"],
            },
        )
    return outlets


def seed_pages(bodies):
    """Fill the site pages that still hold the migration's one-line placeholder."""
    filled = 0
    for page in SitePage.objects.filter(kind__in=bodies):
        # A page with several lines has been written by someone: leave it alone.
        if "\n" not in page.body.strip():
            page.body = bodies[page.kind]
            page.save()
            filled += 1
    return filled


class StorySeeder:
    """Builds each demo story with everything it carries, at dates relative to `now`."""

    def __init__(self, now, users, authors, outlets):
        self.now = now
        self.users = users
        self.authors = authors
        self.outlets = outlets
        self.ratings = {rating.slug: rating for rating in Rating.objects.all()}
        self.regions = {region.slug: region for region in Region.objects.all()}

    def when(self, days):
        return self.now + timedelta(days=days)

    def day(self, days):
        return timezone.localdate(self.when(days))

    def dated(self, item):
        """`date: "2025"` or `"03/2025"` (known to the year or month, kept so), else the
        `day` relative to now."""
        if item.get("date") is not None:
            return PartialDate.from_typed(str(item["date"]))
        return self.day(item["day"])

    def seed(self, data):
        """Create the story unless its slug exists; True if it was created."""
        if Article.objects.filter(slug=data["slug"]).exists():
            return False
        at = {step: self.when(days) for step, days in data["timeline"].items()}
        byline = [self.authors[slug] for slug in data["authors"]]
        signers = [author.user for author in byline if author.user_id]
        writer = signers[0] if signers else self.users["editor"]
        # Four eyes: an editor who does not sign the story, and preferably did not submit it.
        eligible = [u for u in (self.users["editor"], self.users["editor2"]) if u not in signers]
        editor = next((u for u in eligible if u != writer), eligible[0])
        actors = {
            "created": writer,
            "submitted": writer,
            "verified": editor,
            "published": editor,
            "withdrawn": editor,
        }
        corrections = [(self.when(c["day"]), c) for c in data.get("corrections", [])]

        fields = {
            "title": data["title"],
            "work_type": data["work_type"],
            "region": self.region(data["region"]),
            "introduction": data["introduction"],
            "verified_facts": data["verified_facts"],
            "development": data["development"],
            "context": "\n\n".join(filter(None, [data["context"], content.DEMO_NOTICE])),
            "original_url": data.get("original_url", ""),
            "original_outlet": data.get("original_outlet", ""),
            "status": data["status"],
            "created_by": writer,
            "updated_by": writer,
            "withdrawal_reason": data.get("withdrawal_reason", ""),
        }
        for step in ("submitted", "verified", "published", "withdrawn"):
            if step in at:
                fields[f"{step}_at"] = at[step]
                fields[f"{step}_by"] = actors[step]
        article = Article.objects.create(slug=data["slug"], **fields)

        # Through the tag manager, as every writer: "Intempéries" and "intemperies" are
        # one tag, with the newsroom's slug (articles/tagging.py).
        article.tags.add(*data["tags"])
        for position, author in enumerate(byline):
            ArticleAuthor.objects.create(article=article, author=author, position=position)
        for position, quote in enumerate(data["quotes"]):
            Quote.objects.create(
                article=article,
                position=position,
                text=quote["text"],
                speaker=quote["speaker"],
                speaker_role=quote["speaker_role"],
                said_on=self.dated(quote),
                url=quote.get("url", ""),
            )
        for source in data["sources"]:
            self.evidence(
                content.DEMO_URL + source["path"],
                source["title"],
                f"{source['title']}. {data['introduction']}",
            )
        sources = {
            source["key"]: Source.objects.create(
                article=article,
                position=position,
                outlet=self.outlets[source["outlet"]],
                kind=source["kind"],
                title=source["title"],
                url=content.DEMO_URL + source["path"],
                published_on=self.day(source["day"]),
                archived_url=content.ARCHIVE_URL + source["path"] if source.get("archived") else "",
            )
            for position, source in enumerate(data["sources"])
        }
        reviewer = (editor, at["verified"] - timedelta(hours=1)) if "verified" in at else None
        for position, claim in enumerate(data["claims"]):
            self.claim(article, position, claim, sources, reviewer)
        self.history(article, at, actors)
        self.published_record(article, at, actors, corrections)

        # auto_now and auto_now_add stamp today; backdate them so that lists, feeds and
        # the admin agree with the story's timeline.
        last_change = max(t for t in [*at.values(), *(w for w, _ in corrections)] if t <= self.now)
        Article.objects.filter(pk=article.pk).update(
            created_at=at["created"], updated_at=last_change
        )
        Claim.objects.filter(article=article).update(
            created_at=at["created"], updated_at=last_change
        )
        return True

    def evidence(self, url, title, text):
        """Our archived copy of a demo URL, as the worker would have stored it. The demo
        works offline: the "page" is made from the demo's own text, and the capture is
        recorded before the citation, so no archiving task is queued for it."""
        if EvidenceCapture.objects.usable().filter(url=url).exists():
            return
        page = f"<!doctype html><title>{escape(title)}</title><p>{escape(text)}</p>"
        evidence.store(
            Fetched(
                url=url,
                final_url=url,
                status=200,
                reason="OK",
                headers=[("Content-Type", "text/html; charset=utf-8")],
                body=page.encode(),
                fetched_at=self.now,
            )
        )

    def region(self, slug):
        try:
            return self.regions[slug]
        except KeyError:
            raise CommandError(f"Region {slug!r} is missing: run migrate first.") from None

    def rating(self, slug):
        if slug is None:
            return None
        try:
            return self.ratings[slug]
        except KeyError:
            raise CommandError(f"Verdict {slug!r} is missing: run migrate first.") from None

    def claim(self, article, position, data, sources, reviewer):
        rating = self.rating(data["rating"])
        reviewed_by, reviewed_at = reviewer if reviewer and rating else (None, None)
        claim = Claim.objects.create(
            article=article,
            position=position,
            label=data["label"],
            statement=data["statement"],
            claimant=data["claimant"],
            claimant_kind=data["claimant_kind"],
            rating=rating,
            verdict_explanation=data["verdict_explanation"],
            analysis=data["analysis"],
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
        )
        claim.sources.set([sources[key] for key in data["sources"]])
        for appearance in data["appearances"]:
            self.evidence(content.DEMO_URL + appearance["path"], data["label"], data["statement"])
            ClaimAppearance.objects.create(
                claim=claim,
                url=content.DEMO_URL + appearance["path"],
                appeared_on=self.dated(appearance),
                archived_url=content.ARCHIVE_URL + appearance["path"]
                if appearance.get("archived")
                else "",
                is_first=appearance.get("first", False),
            )

    def published_record(self, article, at, actors, corrections):
        """What readers saw, step by step: the verified hash, the published version, one
        version per correction, and the withdrawal, each at its time in the timeline."""
        if article.status == Status.DRAFT or "verified" not in at:
            return
        Article.objects.filter(pk=article.pk).update(verified_hash=record.live_hash(article))
        if "published" not in at:
            return
        article.refresh_from_db()
        scheduled = at["published"] > self.now
        record.cut_version(
            article=article,
            user=actors["published"],
            kind=PublishedVersion.Kind.PUBLICATION,
            published_at=at["published"],
            now=at["verified"] + timedelta(minutes=30) if scheduled else at["published"],
        )
        for when, correction in sorted(corrections, key=lambda item: item[0]):
            Correction.objects.create(
                article=article,
                published_at=when,
                kind=correction["kind"],
                text=correction["text"],
            )
            Article.objects.filter(pk=article.pk).update(content_updated_at=when)
            article.refresh_from_db()
            record.cut_version(
                article=article,
                user=actors["published"],
                kind=correction["kind"],
                reason=correction["text"],
                proposed_by=actors["created"],
                now=when,
            )
        if "withdrawn" in at:
            article.refresh_from_db()
            record.cut_version(
                article=article,
                user=actors["withdrawn"],
                kind=PublishedVersion.Kind.WITHDRAWAL,
                reason=article.withdrawal_reason,
                now=at["withdrawn"],
            )

    def history(self, article, at, actors):
        for step, action, from_status, to_status in STEPS:
            if step not in at:
                continue
            when = at[step]
            if step == "published" and when > self.now:
                # A scheduled story: the editor scheduled it after verifying it.
                action, when = ArticleEvent.Action.SCHEDULE, at["verified"] + timedelta(minutes=30)
            event = ArticleEvent.objects.create(
                article=article,
                actor=actors[step],
                action=action,
                from_status=from_status,
                to_status=to_status,
                comment=article.withdrawal_reason if step == "withdrawn" else "",
            )
            # Entries are immutable through the model; this dates the one just written,
            # which nobody has seen yet, to when the step happened in the story's timeline.
            ArticleEvent.objects.filter(pk=event.pk).update(at=when)
