"""Public fact-check pages and the ClaimReview data feed."""

import re

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from articles import listing
from articles.models import Article
from newsroom.frame import render, render_blocks

from . import index_page
from .models import Claim, EvidenceCapture, Rating


@require_safe
def index(request):
    """Every rated claim of every public story, filterable by verdict and region.

    Pages go over stories (newest first) and list their claims as the story's
    published version shows them (its card: label, verdict, anchor), never the
    rows an editor may be changing since. The filters pick stories by their live
    claims and region (what the database can walk in order at a million
    stories), then show each story's published claims of that verdict.
    """
    ratings, regions = index_page.choices()
    rating = next((r for r in ratings if r.slug == request.GET.get("verdict")), None)
    region = next((r for r in regions if r.slug == request.GET.get("region")), None)
    if rating or region:
        claims = Claim.objects.rated()
        if rating:
            claims = claims.filter(rating=rating)
        stories = Article.objects.published().filter(Exists(claims.filter(article=OuterRef("pk"))))
        if region:
            stories = stories.for_region(region)
        page = listing.dated(request, stories)
    else:  # the whole index: its first page is compiled once (articles/listing.py)
        page = listing.fact_checked(request)
    for story in page.object_list:
        story.listed_claims = [
            claim
            for claim in story.card.claims
            if rating is None or claim["rating"]["slug"] == rating.slug
        ]
    query = {
        key: value
        for key, value in (("verdict", rating and rating.slug), ("region", region and region.slug))
        if value
    }
    blocks = index_page.index_blocks(request, page, rating, region, urlencode(query))
    return render_blocks(request, "factcheck/index.html", blocks, page=page)


VERDICT_CSS_KEY = "factcheck:verdict-css"
# The model validates colours in forms; a bulk import or a shell update does not.
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def verdict_stylesheet():
    """One rule per verdict, so badge colours stay data and pages need no inline style."""
    css = cache.get(VERDICT_CSS_KEY)
    if css is None:
        css = "\n".join(
            f".verdict-{rating.slug}{{background:{rating.colour}}}"
            for rating in Rating.objects.only("slug", "colour")
            if _COLOUR.fullmatch(rating.colour) and _SLUG.fullmatch(rating.slug)
        )
        cache.set(VERDICT_CSS_KEY, css, 24 * 3600)
    return css


@require_safe
def verdict_css(request):
    response = HttpResponse(verdict_stylesheet(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def evidence(request, sha256):
    """Our archived copy of a cited page, by the SHA-256 of what the page sent.

    Shows the readable text (never the page's own HTML or scripts), where and when it
    was captured, and the WARC record to download. 404 for an unknown hash.
    """
    captures = list(EvidenceCapture.objects.usable().filter(sha256=sha256).defer("text")[:20])
    if not captures:
        raise Http404
    shown = EvidenceCapture.objects.get(pk=captures[-1].pk)
    return render(
        request,
        "factcheck/evidence_detail.html",
        {"capture": shown, "captures": captures},
    )


@require_safe
def evidence_warc(request, sha256):
    """The WARC record of the capture (application/warc, gzip-compressed records)."""
    capture = EvidenceCapture.objects.usable().filter(sha256=sha256).exclude(warc="").last()
    if capture is None:
        raise Http404
    response = FileResponse(
        capture.warc.open("rb"),
        content_type="application/warc",
        as_attachment=True,
        filename=f"{sha256}.warc.gz",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
