"""schema.org JSON-LD for story pages.

`story_graph()` returns the NewsArticle (or the subtype matching the type of
work) plus whatever other apps add through `GRAPH_EXTENSIONS`: factcheck adds
one ClaimReview per rated claim, and through `ARTICLE_EXTENSIONS` what the
story cites (`citation`) and the reports it follows (`isBasedOn`). Everything
is absolute on SITE_URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from newsroom.frame import SILENT_CHANGE_SECONDS, FrameCache
from newsroom.images import site_logo
from newsroom.site import absolute_url as absolute

from .footer import footer_pages
from .models import Article, SitePage
from .templatetags.cards import CardStore

GRAPH_EXTENSIONS: list[Callable[[Article], list[dict]]] = []
# Add properties to the story's own node: (article, data) -> None. factcheck adds the
# sources as `citation` and the reports the story follows as `isBasedOn`.
ARTICLE_EXTENSIONS: list[Callable[[Article, dict], None]] = []

# SitePage kind → the NewsMediaOrganization properties that point to it (the Trust
# Project's policies among them).
POLICY_PROPERTIES = {
    SitePage.Kind.METHODOLOGY: ("publishingPrinciples", "verificationFactCheckingPolicy"),
    SitePage.Kind.CORRECTIONS_POLICY: ("correctionsPolicy",),
    SitePage.Kind.OWNERSHIP: ("ownershipFundingInfo",),
    SitePage.Kind.TEAM: ("masthead",),
    SitePage.Kind.CONTACT: ("contactPoint",),
    SitePage.Kind.ETHICS: ("ethicsPolicy",),
    SitePage.Kind.DIVERSITY: ("diversityPolicy",),
    SitePage.Kind.FEEDBACK: ("actionableFeedbackPolicy",),
    SitePage.Kind.UNNAMED_SOURCES: ("unnamedSourcesPolicy",),
    SitePage.Kind.MISSION: ("missionCoveragePrioritiesPolicy",),
    SitePage.Kind.NO_BYLINES: ("noBylinesPolicy",),
}


def canonical(obj) -> str:
    """Absolute URL of `obj` in the default language.

    A story is one thing whatever the interface language it is read in, so
    its structured data (and the ClaimReview feed) name it by one URL.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(obj.get_absolute_url())


def iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def publisher_reference() -> dict:
    """The publisher by its `@id`, with what a reader of one node needs (name, logo)."""
    return {
        "@type": "NewsMediaOrganization",
        "@id": absolute("/#organization"),
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        **({"logo": _logo(logo)} if (logo := site_logo()) else {}),
    }


def _logo(logo: dict) -> dict:
    """The logo's publisher rendition (newsroom/images.py: no metadata, sized)."""
    publisher = logo["publisher"]
    return {
        "@type": "ImageObject",
        "url": absolute(publisher["url"]),
        "width": pixels(publisher["width"]),
        "height": pixels(publisher["height"]),
    }


def publisher() -> dict:
    """The newsroom as a NewsMediaOrganization, with its policy pages and its e-mail."""
    data = publisher_reference()
    contact = {"@type": "ContactPoint", "contactType": "newsroom"}
    if settings.SITE_CONTACT_EMAIL:
        contact["email"] = settings.SITE_CONTACT_EMAIL
    with translation.override(settings.LANGUAGE_CODE):
        site_pages = footer_pages()
    for _title, url, kind in site_pages:
        for prop in POLICY_PROPERTIES.get(kind, ()):
            if prop == "contactPoint":
                contact["url"] = absolute(url)
            else:
                data[prop] = absolute(url)
    if len(contact) > 2:
        data["contactPoint"] = contact
    return data


@cache
def _static_image_size(path: str) -> tuple[int, int] | None:
    from PIL import Image

    found = finders.find(path)
    if not found:
        return None
    with Image.open(found) as picture:
        return picture.size


def pixels(count: int) -> dict:
    """A length in pixels as schema.org has it (`width` expects a QuantitativeValue or a
    Distance, not a bare number); E37 is UN/CEFACT's code for the pixel."""
    return {"@type": "QuantitativeValue", "value": count, "unitCode": "E37"}


def default_image() -> dict | None:
    """SITE_DEFAULT_IMAGE as an ImageObject (articles/checks.py checks it at start)."""
    size = _static_image_size(settings.SITE_DEFAULT_IMAGE)
    if size is None or settings.SITE_DEFAULT_IMAGE == settings.SITE_LOGO:
        return None
    return {
        "@type": "ImageObject",
        "url": absolute(static(settings.SITE_DEFAULT_IMAGE)),
        "width": pixels(size[0]),
        "height": pixels(size[1]),
    }


def news_article(article: Article) -> dict:
    authors = article.byline_authors
    url = canonical(article)
    data = {
        "@type": article.schema_type,
        "@id": url + "#article",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.title,
        "description": article.introduction,
        "inLanguage": article.language,
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.modified_at),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": canonical(author),
                **({"jobTitle": author.job_title} if author.job_title else {}),
            }
            for author in authors
        ],
        "publisher": publisher(),
        "isAccessibleForFree": True,
    }
    display = article.hero_display
    if display:
        # The full picture, then the 16:9, 4:3 and 1:1 crops Google asks for; all are
        # stripped renditions, never the original upload.
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": absolute(image["url"]),
                "width": pixels(image["width"]),
                "height": pixels(image["height"]),
                "caption": article.hero_caption or article.hero_alt,
                **({"creditText": article.hero_credit} if article.hero_credit else {}),
            }
            for image in [display, *article.hero_crops]
        ]
    else:
        # Never the logo: search engines show this picture beside the story.
        fallback = default_image()
        data["image"] = [fallback] if fallback else []
    if article.region_id:
        data["contentLocation"] = {
            "@type": "Place",
            "name": article.region.name,
            "url": canonical(article.region),
        }
    tags = [tag.name for tag in article.tags.all()]
    if tags:
        data["keywords"] = tags
    if article.original_url:
        data["isBasedOn"] = article.original_url
    for extend in ARTICLE_EXTENSIONS:
        extend(article, data)
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": strip_tags(c.text),
                "datePublished": iso(c.published_at),
            }
            for c in corrections
        ]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def website() -> dict:
    """The site as a WebSite published by the newsroom, with its search."""
    with translation.override(settings.LANGUAGE_CODE):
        search = absolute(reverse("articles:search"))
    return {
        "@type": "WebSite",
        "@id": absolute("/#website"),
        "url": absolute("/"),
        "name": settings.SITE_NAME,
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@id": absolute("/#organization")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": search + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def _listed_title(story) -> str:
    """The title the list shows: the published card's when the list loaded it."""
    if Article.current_version.is_cached(story) and story.current_version_id:
        return story.card.title
    return story.title


# What the story URL's `slug` converter takes: such a slug stands as is in the address.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_STAND_IN = "0slug0"


@lru_cache(maxsize=32)
def _story_path_model(language: str, urlconf, script_prefix: str) -> tuple[str, str]:
    """The story address in `language` around its slug: ("/en/articles/", "/")."""
    with translation.override(language):
        model = reverse("articles:article_detail", kwargs={"slug": SLUG_STAND_IN})
    before, _stand_in, after = model.partition(SLUG_STAND_IN)
    return before, after


# A test that changes the URLconf or the languages gets new models.
setting_changed.connect(
    lambda **_signal: _story_path_model.cache_clear(), weak=False, dispatch_uid="story_paths"
)


def story_paths(stories, language: str | None = None) -> list[str]:
    """Each story's address in `language` (by default the default language), as
    ``get_absolute_url()`` gives it there.

    The address is reversed once per worker and language, with a stand-in slug;
    each story's is that address with its slug in its place (a reversal costs 25 µs:
    20 of them were 0.5 ms of a list page, and one a tenth of the story page's view).
    A slug that is not plain (it would be quoted) is reversed."""
    before, after = _story_path_model(
        language or settings.LANGUAGE_CODE, get_urlconf(), get_script_prefix()
    )
    paths = []
    for story in stories:
        if PLAIN_SLUG.fullmatch(story.slug):
            paths.append(f"{before}{story.slug}{after}")
        else:
            with translation.override(language or settings.LANGUAGE_CODE):
                paths.append(story.get_absolute_url())
    return paths


def item_list(stories, *, items: bool = True) -> dict:
    """Stories (or their cards) in the order shown, as an ItemList of their addresses;
    without `items`, its ``itemListElement`` left empty for `listed_json_ld`."""
    if not items:
        elements = []
    else:
        urls = [absolute(path) for path in story_paths(stories)]
        elements = [
            {
                "@type": "ListItem",
                "position": position,
                "url": url,
                "name": _listed_title(story),
            }
            for position, (story, url) in enumerate(zip(stories, urls, strict=True), start=1)
        ]
    return {
        "@type": "ItemList",
        "itemListOrder": "https://schema.org/ItemListOrderDescending",
        "numberOfItems": len(stories),
        "itemListElement": elements,
    }


def collection_page(name: str, path: str, stories, *, items: bool = True) -> dict:
    """A list page (front, region, tag, fact-check index) as a CollectionPage whose main
    entity is the list of the stories it shows (`item_list`, with or without its
    `items`)."""
    return {
        "@type": "CollectionPage",
        "@id": absolute(path) + "#page",
        "url": absolute(path),
        "name": name,
        "inLanguage": translation.get_language() or settings.LANGUAGE_CODE,
        "isPartOf": {"@id": absolute("/#website")},
        "publisher": {"@id": absolute("/#organization")},
        "mainEntity": item_list(list(stories), items=items),
    }


# Each listed story's ListItem but its position, as JSON-LD text: its address and
# listed title, kept per worker under its published version and slug (the last
# 4,096). A list page writes twenty of them at each request.
LIST_ITEMS = CardStore()
setting_changed.connect(LIST_ITEMS.clear, dispatch_uid="articles.structured_data.list_items")
_EMPTY_ITEMS = '"itemListElement":[]'


def listed_json_ld(data, stories) -> str:
    """``json_ld(data)`` where `data` (a node or a graph) holds one ItemList made
    without its items (`item_list(…, items=False)`), the last one written, and
    `stories` are its items: the same text as `item_list`'s, each story's written
    once per worker and version. Raises ``ValueError`` if `data` has no such list."""
    head, empty, tail = json_ld(data).rpartition(_EMPTY_ITEMS)
    if not empty:
        raise ValueError("no ItemList without its items in the data")
    stories = list(stories)
    # The item's address is the story's in the default language under this request's
    # URL configuration and script prefix; its name the published card's title when
    # the story was loaded with its version (`_listed_title`): the rest is the version.
    where = (get_urlconf(), get_script_prefix())
    keys = [
        (story.current_version_id, story.slug, *where)
        if story.current_version_id and Article.current_version.is_cached(story)
        else None
        for story in stories
    ]
    texts = [key and LIST_ITEMS.get(key) for key in keys]
    missing = [n for n, text in enumerate(texts) if text is None]
    if missing:
        urls = [absolute(path) for path in story_paths([stories[n] for n in missing])]
        for n, url in zip(missing, urls, strict=True):
            # The item's members after its position: {"url":…,"name":…} without "{".
            texts[n] = _json_text({"url": url, "name": _listed_title(stories[n])})[1:]
            if keys[n]:
                LIST_ITEMS.keep(keys[n], texts[n])
    items = ",".join(
        f'{{"@type":"ListItem","position":{position},{text}'
        for position, text in enumerate(texts, start=1)
    )
    return mark_safe(f'{head}"itemListElement":[{items}]{tail}')  # noqa: S308 - escaped JSON


# The newsroom and the site as the front page describes them, kept by each worker
# until the site's generation moves (any change to its pages: newsroom/pagecache.py),
# a setting changes, or five minutes have passed.
_SITE_GRAPH = FrameCache(max_age=SILENT_CHANGE_SECONDS)
setting_changed.connect(_SITE_GRAPH.clear, dispatch_uid="articles.structured_data.site_graph")


def front_page_graph(stories=(), *, items: bool = True) -> list[dict]:
    """The front page: the newsroom (NewsMediaOrganization, with its policy pages), the
    WebSite and the page itself, a CollectionPage of the latest stories (with or
    without its `items`: `collection_page`)."""

    def make():
        with translation.override(settings.LANGUAGE_CODE):
            return [publisher(), website(), reverse("articles:home")]

    organization, web_site, path = _SITE_GRAPH.kept("", make)
    return [organization, web_site, collection_page(settings.SITE_NAME, path, stories, items=items)]


def author_profile(author, links=None) -> dict:
    """The author page as a ProfilePage whose main entity is the Person, working for
    the publisher (by its `@id`), with their public e-mail and profiles elsewhere
    (`links`, their AuthorLinks, when the caller has them)."""
    links = author.links.all() if links is None else links
    url = canonical(author)
    person = {
        "@type": "Person",
        "@id": url + "#person",
        "name": author.name,
        "url": url,
        "jobTitle": author.job_title,
        "description": strip_tags(author.biography_html).strip(),
        "email": author.email,
        "image": absolute(author.photo_thumbnail_2x) if author.photo_thumbnail_2x else None,
        "knowsAbout": author.expertise_list,
        "sameAs": [link.url for link in links],
        "worksFor": publisher_reference(),
    }
    return {
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": {key: value for key, value in person.items() if value not in (None, "", [])},
    }


def story_graph(article: Article) -> list[dict]:
    graph = [news_article(article)]
    for extend in GRAPH_EXTENSIONS:
        graph.extend(extend(article))
    return graph


def json_ld(data) -> str:
    """JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(  # noqa: S308 - escaped by _json_text
        _json_text(
            {"@context": "https://schema.org", "@graph": data}
            if isinstance(data, list)
            else {"@context": "https://schema.org", **data}
        )
    )


def _json_text(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # A "</script>" or "<!--" inside a journalist's text must not end the element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
