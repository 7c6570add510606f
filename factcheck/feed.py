"""The ClaimReview DataFeed at /verifications/claimreview.json.

A schema.org DataFeed whose `dataFeedElement` holds one DataFeedItem per published
ClaimReview, the review in its `item`: the shape fact-check importers read. It is
written from each public story's published version (what the story pages show, never
rows changed since), newest story first, in pages of about `PAGE_SIZE` reviews.

Pages are cut by keyset, not by number: the next page starts after the last story of
this one (`?after=<publication time in µs>-<story id>`), so a link stays the same while
stories are published above it, and any page costs one index walk and `PAGE_SIZE`
rows, at a million claims as at ten. The next page is announced in an HTTP `Link`
header (rel="next"). `dateModified` is the last change of the published record that
can change the feed, never the time of the request. A page is a plain response, so
the page cache keeps it like any public page and forgets it at each change.
"""

import datetime
import json
import re

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from articles.models import Article, PublishedVersion
from articles.structured_data import absolute, iso

# ClaimReviews per page: a page ends at the story that reaches it (a story's reviews
# are never split), so it holds at most PAGE_SIZE + one story's reviews.
PAGE_SIZE = 200
_CURSOR = re.compile(r"(\d{1,20})-(\d{1,20})")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# Versions that can change what the feed holds: any with reviews, and those that take
# reviews away (a withdrawal, a verdict change).
_FEED_CHANGES = Q(kind__in=[PublishedVersion.Kind.WITHDRAWAL, PublishedVersion.Kind.VERDICT]) | ~Q(
    claim_reviews=[]
)


def cursor(story) -> str:
    micros = (story.published_at - _EPOCH) // datetime.timedelta(microseconds=1)
    return f"{micros}-{story.pk}"


def parse_cursor(value: str) -> tuple[datetime.datetime, int]:
    match = _CURSOR.fullmatch(value)
    if not match:
        raise Http404("Not a page of this feed.")
    try:
        moment = _EPOCH + datetime.timedelta(microseconds=int(match[1]))
    except OverflowError:
        raise Http404("Not a page of this feed.") from None
    return moment, int(match[2])


def last_change():
    """When the published record last changed in a way the feed shows (or None)."""
    return (
        PublishedVersion.objects.public()
        .filter(_FEED_CHANGES)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def feed_page(after: str | None):
    """(items, next cursor or None) of the page after `after`."""
    stories = (
        Article.objects.published()
        .filter(current_version__isnull=False)
        .exclude(current_version__claim_reviews=[])
        .select_related("current_version")
        .only("published_at", "current_version__claim_reviews")
        .order_by("-published_at", "-id")
    )
    if after:
        moment, pk = parse_cursor(after)
        stories = stories.filter(Q(published_at__lt=moment) | Q(published_at=moment, id__lt=pk))
    items, last, more = [], None, False
    for story in stories[: PAGE_SIZE + 1]:
        reviews = story.current_version.claim_reviews
        if last is not None and len(items) + len(reviews) > PAGE_SIZE:
            more = True
            break
        items.extend(item(review) for review in reviews)
        last = story
    return items, (cursor(last) if more and last is not None else None)


def item(review: dict) -> dict:
    """One DataFeedItem: the ClaimReview in `item`, with its dates."""
    return {
        "@type": "DataFeedItem",
        "dateCreated": review.get("datePublished"),
        "dateModified": review.get("dateModified") or review.get("datePublished"),
        "item": review,
    }


@require_safe
def claimreview_feed(request):
    """One page of the DataFeed of every published ClaimReview."""
    after = request.GET.get("after")
    items, next_cursor = feed_page(after)
    path = reverse("claimreview_feed")
    modified = last_change()
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.SITE_NAME} — ClaimReview",
        "url": absolute(path + (f"?after={after}" if after else "")),
        "publisher": {"@id": absolute("/#organization")},
        **({"dateModified": iso(modified)} if modified else {}),
        "dataFeedElement": items,
    }
    response = HttpResponse(
        json.dumps(feed, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
    )
    if next_cursor:
        response["Link"] = f'<{absolute(path)}?after={next_cursor}>; rel="next"'
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response
