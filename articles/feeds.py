"""RSS and Atom feeds of public stories, site-wide and per region."""

import io

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from newsroom.text import xml_text

from . import listing
from .models import Article, Region
from .structured_data import absolute, story_paths

FEED_SIZE = listing.FEED_STORIES


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XmlSafeFeedMixin:
    """Every text of the feed cleaned as it is written.

    Text fields are cleaned when saved (newsroom/fields.py), but rows stored
    before that, or by a bulk update, may still hold a control character, and
    Django's feed writer answers one with an exception: the whole feed would
    be a 500 for one pasted vertical tab.
    """

    def write(self, outfile, encoding):
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.items = [{key: _xml_safe(value) for key, value in item.items()} for item in self.items]
        # Written to a string, then to `outfile` (the response) at once: the XML
        # writer would otherwise send each tag and text to the response through a
        # text wrapper, some thousand writes per feed.
        text = io.StringIO()
        super().write(text, encoding)
        outfile.write(text.getvalue())


class SafeRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class SafeAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


def _linked(stories) -> list[Article]:
    """`stories` with their address (`feed_url`), computed for all at once: the
    feed writes it twice per item (link and guid)."""
    stories = list(stories)
    for story, path in zip(stories, story_paths(stories, translation.get_language()), strict=True):
        story.feed_url = absolute(path)
    return stories


class LatestArticlesFeed(Feed):
    feed_type = SafeRssFeed
    title = settings.SITE_NAME
    description = _("The latest verified stories.")

    def link(self):
        return absolute("/")

    def feed_url(self):
        return absolute("/flux/articles.rss")

    def items(self):
        return _linked(listing.latest())

    # Titles and introductions come from each story's published version (its card).
    def item_title(self, item):
        return item.card.title

    def item_description(self, item):
        # Feed readers render the description as HTML; the introduction is plain text.
        return escape(item.card.introduction)

    def item_link(self, item):
        return item.feed_url

    def item_guid(self, item):
        return item.feed_url

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return item.card.author_names or None

    def item_categories(self, item):
        return [item.card.region["name"]] if item.card.region else []


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = SafeAtomFeed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return absolute("/flux/articles.atom")


class RegionArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def title(self, region):
        return f"{settings.SITE_NAME} — {region.name}"

    def link(self, region):
        return absolute(region.get_absolute_url())

    def feed_url(self, region):
        return absolute(f"/flux/regions/{region.slug}.rss")

    def items(self, region):
        stories = Article.objects.published().for_region(region).for_listing()
        return _linked(stories.latest_first()[:FEED_SIZE])
