"""What the API says about a story, from its published version only.

Everything here reads a `PublishedVersion` (its `card` for lists, its `content`
for the full story): the API shows an app exactly what the story page shows,
whatever the story's rows hold since (a change awaiting approval, a relabelled
verdict not yet republished). Markdown from the frozen content is rendered
with the site's own sanitising renderer, so sections are safe HTML.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.urls import reverse

from newsroom.images import rendition_name, rendition_widths, scaled_height
from newsroom.markup import render_markdown
from newsroom.site import absolute_url as absolute


def image_data(hero: dict | None, card_hero: dict | None = None) -> dict | None:
    """An image as the API gives it: never the uploaded original, only renditions.

    `hero` is a version's hero as its content holds it ({"image": storage name of
    the original, "alt", "caption", "credit", "width", "height"}) or as its card
    holds it ({"url" of the largest rendition, "alt", "width", "height",
    "crops"}); `card_hero` adds the card's crops to a content hero. Returns
    {"url", "alt", "caption", "credit", "width", "height", "renditions": [{"url",
    "width"}], "crops": [{"ratio", "url", "width", "height"}]}: absolute URLs,
    sizes in pixels, `url` the largest WebP rendition, renditions smallest first
    (all widths for a story's detail, none in lists), crops 16:9, 4:3 and 1:1
    around the editor's focal point. None without an image. Originals are not
    served: they may carry GPS positions and camera serial numbers.
    """
    if not hero:
        return None
    name = hero.get("image")
    crops = (card_hero or hero).get("crops", [])
    data = {
        "url": absolute(hero.get("url")),
        "alt": hero.get("alt", ""),
        "caption": hero.get("caption", ""),
        "credit": hero.get("credit", ""),
        "width": hero.get("width"),
        "height": hero.get("height"),
        "renditions": [],
        "crops": [
            {
                "ratio": crop.get("ratio"),
                "url": absolute(crop.get("url")),
                "width": crop.get("width"),
                "height": crop.get("height"),
            }
            for crop in crops
        ],
    }
    width, height = hero.get("width"), hero.get("height")
    if name and width and height:
        widths = rendition_widths(width)
        data["renditions"] = [
            {"url": absolute(default_storage.url(rendition_name(name, w))), "width": w}
            for w in widths
        ]
        data["url"] = data["renditions"][-1]["url"]
        data["width"], data["height"] = widths[-1], scaled_height(width, height, widths[-1])
    elif name:
        data["url"] = None
    return data


def story_links(slug: str) -> dict:
    return {
        "url": absolute(reverse("articles:article_detail", kwargs={"slug": slug})),
        "api_url": absolute(reverse("api:story_detail", kwargs={"slug": slug})),
    }


def _authors(card: dict) -> list[dict]:
    return [
        {"name": b.get("name", ""), "slug": b.get("slug", ""), "job_title": b.get("job_title", "")}
        for b in card.get("bylines", [])
    ]


def story_summary(article, version) -> dict:
    """A story in a list: its card as published. Reads `version.card` only."""
    card = version.card
    return {
        "id": article.pk,
        "slug": article.slug,
        **story_links(article.slug),
        "title": card.get("title", ""),
        "introduction": card.get("introduction", ""),
        "work_type": card.get("work_type", ""),
        "language": card.get("language", ""),
        "region": card.get("region"),
        "authors": _authors(card),
        "tags": card.get("tags", []),
        "image": image_data(card.get("hero")),
        "claims": card.get("claims", []),
        "published_at": card.get("published_at"),
        "modified_at": card.get("modified_at"),
        "updated_at": version.published_at.isoformat(),
        "version": version.number,
    }


def tombstone(article, version) -> dict:
    """A withdrawn story, for clients to remove: id, slug, reason and date."""
    return {
        "id": article.pk,
        "slug": article.slug,
        "withdrawn": True,
        "withdrawal_reason": version.reason,
        "withdrawn_at": version.published_at.isoformat(),
        "updated_at": version.published_at.isoformat(),
        "version": version.number,
    }


def _source(source: dict) -> dict:
    return {
        "id": source["id"],
        "outlet": {"name": source["outlet"]["name"], "slug": source["outlet"]["slug"]},
        "kind": source["kind"],
        "title": source["title"],
        "url": source["url"],
        "published_on": source.get("published_on"),
        "archived_url": source.get("archived_url", ""),
    }


def claim_data(claim: dict) -> dict:
    """A claim as published: verdict, its explanation (HTML), where it appeared."""
    return {
        "id": claim["id"],
        "anchor": f"affirmation-{claim['id']}",
        "label": claim["label"],
        "statement": claim.get("statement", ""),
        "claimant": claim.get("claimant", ""),
        "claimant_kind": claim.get("claimant_kind", ""),
        "verdict": claim.get("rating"),
        "verdict_explanation_html": render_markdown(claim.get("verdict_explanation", "")),
        "analysis_html": render_markdown(claim.get("analysis", "")),
        "sources": claim.get("sources", []),
        "appearances": [
            {
                "url": item["url"],
                "appeared_on": item.get("appeared_on"),
                "archived_url": item.get("archived_url", ""),
                "is_first": item.get("is_first", False),
            }
            for item in claim.get("appearances", [])
        ],
        "verdict_changes": claim.get("verdict_changes", []),
    }


def story_detail(article, version) -> dict:
    """Everything the story page shows, from `version.content` and `version.card`."""
    content = version.content
    story = content["article"]
    return {
        **story_summary(article, version),
        "authors": [
            {**author, "biography_html": byline.get("biography_html", "")}
            for author, byline in zip(
                _authors(version.card), version.card.get("bylines", []), strict=True
            )
        ],
        "image": image_data(story.get("hero"), version.card.get("hero")),
        "sections": {
            name: render_markdown(story.get(name, ""))
            for name in ("verified_facts", "development", "context")
        },
        "original_url": story.get("original_url", ""),
        "quotes": [
            {
                "text": q["text"],
                "speaker": q["speaker"],
                "speaker_role": q.get("speaker_role", ""),
                "said_on": q.get("said_on"),
                "url": q.get("url", ""),
            }
            for q in content.get("quotes", [])
        ],
        "sources": [_source(s) for s in content.get("sources", [])],
        "claims": [claim_data(c) for c in content.get("claims", [])],
        "corrections": [
            {
                "kind": c["kind"],
                "text": c["text"],
                "published_at": c.get("published_at"),
                "amended_at": c.get("amended_at"),
            }
            for c in content.get("corrections", [])
        ],
    }
