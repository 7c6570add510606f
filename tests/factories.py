"""Builders for tests: users, stories with their sources and claims, published versions.

Stories made here in a published or verified state stand for stories that went
through the workflow: a verified one carries the hash of its content, a
published one its published version. Adding a source, a claim or a quote with
these builders keeps that true (the version is cut again), so a test can build
a public story piece by piece; rows written directly need `refreeze(article)`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import record
from articles.models import Article, ArticleAuthor, Author, PublishedVersion, Region, Status
from factcheck.models import Claim, ClaimAppearance, EvidenceCapture, Outlet, Source

PASSWORD = "correct-horse-battery"


def make_user(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        is_staff=role is not None or extra.pop("is_staff", False),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


_counter = {"n": 0}


def make_article(
    *, title=None, status=Status.DRAFT, author=None, region=None, published_at=None, **fields
):
    """A story with the fields submission needs; `author` is an Author or a user."""
    _counter["n"] += 1
    title = title or f"Le bac à marée de Granville rouvre ses portes ({_counter['n']})"
    region = region or Region.objects.get(slug="normandie")
    if status in (Status.PUBLISHED, Status.WITHDRAWN) and published_at is None:
        published_at = timezone.now() - timezone.timedelta(hours=1)
    if status == Status.WITHDRAWN:
        fields.setdefault("withdrawal_reason", "Témoignage principal non confirmé.")
    if "hero_image" in fields:
        fields["hero"] = _hero_from(fields)
    article = Article.objects.create(
        title=title,
        slug=fields.pop("slug", None) or f"story-{_counter['n']}",
        region=region,
        status=status,
        published_at=published_at,
        introduction=fields.pop("introduction", "La piscine d'eau de mer rouvre après travaux."),
        verified_facts=fields.pop("verified_facts", "La mairie a confirmé la date."),
        **fields,
    )
    if author is not None:
        if not isinstance(author, Author):
            author = author.author
        ArticleAuthor.objects.create(article=article, author=author)
    refreeze(article)
    return article


def _hero_from(fields):
    """`hero_image=<upload>, hero_alt=…` (the story's description of its image) as a
    library image, added through articles.media like every writer does."""
    upload = fields.pop("hero_image")
    described = {
        "alt": fields.pop("hero_alt"),
        "caption": fields.pop("hero_caption", ""),
        "credit": fields.pop("hero_credit", ""),
        "focal": (fields.pop("hero_focal_x", 50), fields.pop("hero_focal_y", 50)),
    }
    from articles import media
    from articles.renditions import image_renditions

    image = media.add_image(file=upload, **described)
    image_renditions(image)  # as the worker would
    return image


def refreeze(article):
    """Make a builder-made story's record match its rows again.

    A verified story gets the hash of its content as the verified one; a
    published or withdrawn story gets a new published version of it (as an
    approved change would). Drafts and submitted stories have no record.
    """
    article.refresh_from_db()
    if article.status == Status.VERIFIED or article.is_scheduled:
        Article.objects.filter(pk=article.pk).update(verified_hash=record.live_hash(article))
    if article.status in (Status.PUBLISHED, Status.WITHDRAWN):
        withdrawn = article.status == Status.WITHDRAWN
        if not article.verified_hash:
            Article.objects.filter(pk=article.pk).update(verified_hash=record.live_hash(article))
        kind = PublishedVersion.Kind.PUBLICATION
        if article.versions.exists():
            kind = PublishedVersion.Kind.REPUBLICATION
            if withdrawn and article.current_version.kind == PublishedVersion.Kind.WITHDRAWAL:
                return article
        if article.is_scheduled and article.versions.exists():
            for version in article.versions.all():
                version.delete()
            kind = PublishedVersion.Kind.PUBLICATION
        record.cut_version(
            article=article,
            user=None,
            kind=kind,
            published_at=article.published_at if kind == "publication" else None,
            reason="",
        )
        if withdrawn:
            record.cut_version(
                article=article,
                user=None,
                kind=PublishedVersion.Kind.WITHDRAWAL,
                reason=article.withdrawal_reason,
            )
        article.refresh_from_db()
    return article


def archived(url, *, text="Arrêté municipal n° 2024-118 : ouverture du bassin le 1er juin."):
    """Record our archived copy of `url` as the worker would have (no network, no WARC
    file): verification asks every cited URL to have one."""
    import hashlib

    from factcheck.models import EvidenceCapture

    body = f"<html><title>Archive</title><p>{text}</p></html>".encode()
    return EvidenceCapture.objects.create(
        url=url,
        final_url=url,
        status_code=200,
        content_type="text/html",
        sha256=hashlib.sha256(body + url.encode()).hexdigest(),
        size=len(body),
        title="Archive",
        text=text,
        fetched_at=timezone.now(),
    )


def add_sources(article, *outlet_names, kind=Source.Kind.DOCUMENT, archive=True):
    """One source per outlet name; each URL archived unless `archive` is false."""
    sources = []
    for name in outlet_names:
        outlet, _ = Outlet.objects.get_or_create(
            slug=name.lower().replace(" ", "-"), defaults={"name": name}
        )
        if archive:
            archived(f"https://example.org/{outlet.slug}")
        sources.append(
            Source.objects.create(
                article=article,
                outlet=outlet,
                kind=kind,
                title=f"Document de {name}",
                url=f"https://example.org/{outlet.slug}",
            )
        )
    refreeze(article)
    return sources


_APPEARED = object()


def add_claim(
    article,
    rating=None,
    sources=(),
    label="Le bassin serait fermé tout l'été",
    appeared_on=_APPEARED,
):
    """A claim of `article`, first seen on `appeared_on` (default: three days ago; None
    for a claim without any appearance, which verification refuses)."""
    claim = Claim.objects.create(
        article=article,
        label=label,
        statement="Le bassin restera fermé tout l'été.",
        claimant="Un compte anonyme",
        rating=rating,
        verdict_explanation="La mairie a publié l'arrêté d'ouverture.",
    )
    claim.sources.set(sources)
    if appeared_on is _APPEARED:
        appeared_on = timezone.localdate() - timezone.timedelta(days=3)
    if appeared_on is not None:
        url = f"https://social.example/posts/{claim.pk}"
        if not EvidenceCapture.objects.filter(url=url).exists():
            archived(url)  # as the worker would have: verification asks for our copy
        ClaimAppearance.objects.create(
            claim=claim,
            url=url,
            appeared_on=appeared_on,
            is_first=True,
        )
    refreeze(article)
    return claim


def approve_change(
    article, proposer, approver, *, note="Précision apportée.", kind="correction", **fields
):
    """Change a public story the way a newsroom does: `proposer` edits `fields` and
    proposes the change with `note`, `approver` approves it (a new version)."""
    from articles import editing, workflow

    article.refresh_from_db()
    if fields:
        with editing.edit_story(article=article, user=proposer) as edit:
            for name, value in fields.items():
                setattr(edit.article, name, value)
            edit.article.save()
    workflow.apply_transition(
        article=article, user=proposer, name="propose", comment=note, change_kind=kind
    )
    workflow.apply_transition(article=article, user=approver, name="approve")
    article.refresh_from_db()
    return article


def verifiable(article, ratings=None):
    """Give `article` what verification asks: two outlets, a primary source, a rated
    claim with a dated appearance."""
    from factcheck.models import Rating

    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    add_claim(article, Rating.objects.get(slug="faux"), sources)
    return article


def story(author, status=Status.DRAFT, **fields):
    """A story that passes every guard: sources from two outlets, a rated claim."""
    from factcheck.models import Rating

    article = make_article(author=author, status=status, **fields)
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-France")
    add_claim(article, Rating.objects.get(slug="faux"), sources)
    return article


def png_file(name="image.png", size=(64, 48), colour=(30, 110, 160)):
    """A small PNG upload made here (nothing downloaded)."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def library_image(
    name="image.png",
    *,
    alt="La digue de Granville à marée haute",
    size=(64, 48),
    ready=True,
    **described,
):
    """A media library image added as every writer adds one (articles.media.add_image);
    `ready=True` makes its renditions, as the worker would."""
    from articles import media
    from articles.renditions import image_renditions

    image = media.add_image(file=png_file(name, size), alt=alt, **described)
    if ready:
        image_renditions(image)
    return image


def with_hero(article, image=None, **described):
    """`article` (a draft being written) with a library image as its hero."""
    from articles import media

    media.set_hero(article, image or library_image(**described))
    return article
