"""RSS and Atom feeds of public stories, site-wide and per region.

Django's syndication framework writes them (django.contrib.syndication). For each
story it asks the feed some twenty questions (title, link, dates, author, each
optional element) through a lookup that inspects the method it calls, then writes
the item's XML a tag at a time: about 80% of a feed's CPU, for 30 stories that
rarely change. A story's item is what its published version froze (title,
introduction, byline, region), at its address, with its dates: the same inputs
always give the same XML. So each worker keeps the items it wrote (`FEED_ITEMS`,
the last 4,096), under the feed's format, the story's published version, its
address and its dates, and writes a kept item as is; Django's framework
computes and writes only the others. The feed is byte for byte what Django writes
(tests/articles/test_feeds_sitemaps.py). A story without a published version
(from before the record existed) is written at each request.
"""

import io

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.signals import setting_changed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from newsroom.text import xml_text

from . import listing
from .models import Article, Region
from .structured_data import absolute, story_paths
from .templatetags.cards import CardStore

FEED_SIZE = listing.FEED_STORIES


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    return value


# Written items by (format, published version, address, publication, last change).
FEED_ITEMS = CardStore()
# An item holds settings (the site's address, the time zone of its dates).
setting_changed.connect(FEED_ITEMS.clear, dispatch_uid="articles.feeds.clear")


class Listed:
    """A feed's stories, newest first, each with the item this worker wrote for it
    earlier (None: to write). `region` is the region of a region's feed."""

    def __init__(self, stories, generator, region=None):
        self.region = region
        self.keys = []
        self.dates = []
        for story in stories:
            dates = (story.published_at, story.modified_at)
            version = story.current_version_id
            self.keys.append((generator, version, story.feed_url, *dates) if version else None)
            self.dates.append(dates)
        self.written = [key and FEED_ITEMS.get(key) for key in self.keys]
        self.to_write = [story for story, xml in zip(stories, self.written, strict=True) if not xml]


class XmlSafeFeedMixin:
    """Every text of the feed cleaned as it is written, and the items a worker wrote
    before written as they were (`Listed`).

    Text fields are cleaned when saved (newsroom/fields.py), but rows stored
    before that, or by a bulk update, may still hold a control character, and
    Django's feed writer answers one with an exception: the whole feed would
    be a 500 for one pasted vertical tab.
    """

    def __init__(self, *args, listed: Listed | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed

    def write(self, outfile, encoding):
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.items = [{key: _xml_safe(value) for key, value in item.items()} for item in self.items]
        # Written to a string, then to `outfile` (the response) at once: the XML
        # writer would otherwise send each tag and text to the response through a
        # text wrapper, some thousand writes per feed.
        text = io.StringIO()
        self.encoding = encoding
        super().write(text, encoding)
        outfile.write(text.getvalue())

    def write_items(self, handler):
        if self.listed is None:
            return super().write_items(handler)
        # Django's items are the stories to write, in the feed's order.
        to_write = iter(self.items)
        for key, xml in zip(self.listed.keys, self.listed.written, strict=True):
            if not xml:
                xml = self._written(next(to_write))
                if key is not None:
                    FEED_ITEMS.keep(key, xml)
            handler.ignorableWhitespace(xml)  # XML written by Django's writer: as is

    def _written(self, item) -> str:
        """`item`'s XML, as Django's writer writes it in the feed."""
        text = io.StringIO()
        handler = SimplerXMLGenerator(text, self.encoding, short_empty_elements=True)
        items, self.items = self.items, [item]
        try:
            super().write_items(handler)
        finally:
            self.items = items
        return text.getvalue()

    def latest_post_date(self):
        """The latest publication or change of the feed's stories (Django's reading,
        over every story, written now or before); now for a feed of none."""
        if self.listed is None:
            return super().latest_post_date()
        dates = [date for pair in self.listed.dates for date in pair if date]
        return max(dates) if dates else super().latest_post_date()


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

    def get_object(self, request):
        return Listed(_linked(listing.latest()), self.feed_type.__name__)

    def feed_extra_kwargs(self, listed):
        return {"listed": listed}

    def link(self):
        return absolute("/")

    def feed_url(self):
        return absolute("/flux/articles.rss")

    def items(self, listed):
        return listed.to_write

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
        region = get_object_or_404(Region, slug=slug)
        stories = listing.listed(
            Article.objects.published().for_region(region).latest_first()[:FEED_SIZE]
        )
        return Listed(_linked(stories), self.feed_type.__name__, region=region)

    def title(self, listed):
        return f"{settings.SITE_NAME} — {listed.region.name}"

    def link(self, listed):
        return absolute(listed.region.get_absolute_url())

    def feed_url(self, listed):
        return absolute(f"/flux/regions/{listed.region.slug}.rss")
