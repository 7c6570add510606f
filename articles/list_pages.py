"""The list pages' own blocks, written in Python: the front page's, a tag's, a
region's, an author's.

These pages are what readers reach most after the story page, and each costs its
CPU when no cache holds it (docs/performance.md). Their frame is rendered once
per worker, and each story card once per worker and version
(articles/templatetags/cards.py); what is left at each request is the page's own
blocks. Through Django's templates those cost more than the list's query and its
rows together: a block tree to walk for some forty lines of HTML. Written here as
plain string formatting, with the same escaping (`escaped`: what a template's
``{{ }}`` writes), they cost a fraction of that.

Translations are written as ``{% translate %}`` writes them (trusted text), and
the values put into them escaped, as ``{% blocktranslate %}`` does.

The same functions serve the fact-check index (factcheck/index_page.py), the
search (`search_blocks`) and the template that still shows a list (the
corrections log) through the ``{% story_list %}`` and ``{% pagination %}`` tags,
so each piece of HTML is written once.
"""

import html
from urllib.parse import urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from newsroom.frame import SILENT_CHANGE_SECONDS, FrameCache, escaped
from newsroom.markup import safe_html
from newsroom.templatetags.newsroom import time_tag

from . import structured_data
from .models import Region
from .structured_data import story_paths
from .templatetags.cards import story_cards


def story_list(stories, level: int = 3) -> str:
    """The cards of `stories` (loaded `for_listing()`) as a list, their titles
    headings of `level`; a sentence saying there is none yet for none."""
    if not stories:
        return f"<p>{gettext('No stories yet.')}</p>\n"
    return f'<ul class="story-list">\n  {story_cards(stories, level)}\n</ul>\n'


def pagination(page, path: str, query_string: str = "") -> str:
    """The links to the newer and older pages of a list (`page`: a
    newsroom.pagination `ListPage`, or None) at `path`, each keeping `query_string`
    (already URL-encoded: the list's filters); only a line break for a list of one
    page."""
    if page is None or not page.has_other_pages():
        return "\n"
    parts = [f'<nav class="pagination" aria-label="{gettext("Pages")}">\n  ']
    if page.has_previous:
        previous = page.previous_query
        if query_string or previous:
            joint = "&amp;" if query_string and previous else ""
            href = f"?{escaped(query_string)}{joint}{escaped(previous)}"
        else:
            href = escaped(path)
        parts.append(f'<a rel="prev" href="{href}">{gettext("Newer")}</a>')
    parts.append("\n  ")
    if page.number:
        number = gettext("Page %(number)s") % {"number": escaped(page.number)}
        parts.append(f"<span>{number}</span>")
    elif page.before:
        date = escaped(date_format(template_localtime(page.before), "DATE_FORMAT"))
        parts.append(f"<span>{gettext('Before %(date)s') % {'date': date}}</span>")
    parts.append("\n  ")
    if page.has_next:
        filters = f"{escaped(query_string)}&amp;" if query_string else ""
        older = gettext("Older")
        parts.append(f'<a rel="next" href="?{filters}{escaped(page.next_query)}">{older}</a>')
    parts.append("\n</nav>\n")
    return "".join(parts)


def collection_script(heading: str, path: str, stories) -> str:
    """The JSON-LD of a list page: a CollectionPage named `heading` (HTML, as a
    heading is written) at `path`, listing `stories`."""
    data = structured_data.collection_page(html.unescape(heading), path, stories, items=False)
    text = structured_data.listed_json_ld(data, stories)
    return f'<script type="application/ld+json">{text}</script>'


def _list_and_pages(request, page) -> str:
    return f"{story_list(page.object_list, 2)}\n{pagination(page, request.path)}\n"


def _safe(blocks: dict[str, str]) -> dict[str, SafeString]:
    return {name: mark_safe(value) for name, value in blocks.items()}  # escaped above


def tag_blocks(request, tag, page) -> dict[str, SafeString]:
    """The blocks of `tag`'s page showing `page` (a `ListPage` of its stories)."""
    heading = gettext("Stories tagged “%(tag)s”") % {"tag": escaped(tag.name)}
    return _safe(
        {
            "title": f"{escaped(tag.name)} — {escaped(settings.SITE_NAME)}",
            "meta": collection_script(heading, request.path, page.object_list),
            "content": f"\n<h1>{heading}</h1>\n{_list_and_pages(request, page)}",
        }
    )


def region_blocks(request, region, page, breadcrumbs) -> dict[str, SafeString]:
    """The blocks of `region`'s page showing `page`, under `breadcrumbs` (the larger
    places it belongs to, largest first)."""
    name = escaped(region.name)
    heading = gettext("Regional news %(region)s") % {"region": name}
    feed = escaped(reverse("feed_region", args=[region.slug]))
    trail = ""
    if breadcrumbs:
        links = " › ".join(
            f'<a href="{escaped(place.get_absolute_url())}">{escaped(place.name)}</a>'
            for place in breadcrumbs
        )
        trail = f'<p class="kicker">{links}</p>'
    feed_link = gettext("RSS feed for %(region)s") % {"region": name}
    return _safe(
        {
            "title": f"{heading} — {escaped(settings.SITE_NAME)}",
            "head_extra": f'<link rel="alternate" type="application/rss+xml" title="{name}" '
            f'href="{feed}">',
            "meta": collection_script(heading, request.path, page.object_list),
            "content": f"\n{trail}\n<h1>{heading}</h1>\n"
            f'<p><a href="{feed}">{feed_link}</a></p>\n{_list_and_pages(request, page)}',
        }
    )


def _author_header(author, links, count: int) -> str:
    name = escaped(author.name)
    lines = ['\n<header class="author-header">']
    photo = ""
    if author.photo_thumbnail_2x:
        alt = gettext("Portrait of %(name)s") % {"name": name}
        photo = (
            f'<img src="{escaped(author.photo_thumbnail_2x)}" alt="{alt}" width="160" height="160">'
        )
    lines.append(f"  {photo}")
    lines.append(f"  <h1>{name}</h1>")
    job = f'<p class="job-title">{escaped(author.job_title)}</p>' if author.job_title else ""
    lines.append(f"  {job}")
    bio = ""
    if author.biography_html:
        bio = f'<div class="bio">{safe_html(author.biography_html)}</div>'
    lines.append(f"  {bio}")
    expertise = ""
    if author.expertise_list:
        known = ", ".join(escaped(subject) for subject in author.expertise_list)
        expertise = f"<p>{gettext('Expertise:')} {known}</p>"
    lines.append(f"  {expertise}")
    contact = ""
    if author.email:
        email = escaped(author.email)
        write = gettext("Write to %(name)s:") % {"name": name}
        contact = f'<p class="contact">{write} <a href="mailto:{email}">{email}</a></p>'
    lines.append(f"  {contact}")
    profiles = ""
    if links:
        items = "".join(
            f'<li><a href="{escaped(link.url)}" rel="me noopener">{escaped(link.label)}</a></li>'
            for link in links
        )
        profiles = f'<ul class="author-links">{items}</ul>'
    lines.append(f"  {profiles}")
    published = ngettext(
        "%(counter)s published article", "%(counter)s published articles", count
    ) % {"counter": escaped(count)}
    lines.append(f'  <p class="count">{published}</p>')
    lines.append("</header>\n")
    return "\n".join(lines)


def author_blocks(request, author, links, page, count: int, json_ld: str) -> dict[str, SafeString]:
    """The blocks of `author`'s page showing `page`: their profile (`links`: their
    AuthorLinks; `count` published stories; `json_ld` their ProfilePage), then their
    stories."""
    return _safe(
        {
            "title": f"{escaped(author.name)} — {escaped(settings.SITE_NAME)}",
            "meta": f'<script type="application/ld+json">{json_ld}</script>',
            "content": _author_header(author, links, count) + _list_and_pages(request, page),
        }
    )


# The front page's list of regions in each language, kept by each worker until the
# site's generation moves (a change to any place forgets every page), five minutes
# at most.
_REGION_LISTS = FrameCache(max_age=SILENT_CHANGE_SECONDS)
setting_changed.connect(_REGION_LISTS.clear, dispatch_uid="articles.list_pages.regions")


def _region_list() -> str:
    def make():
        items = "".join(
            f'<li><a href="{escaped(region.get_absolute_url())}">{escaped(region.name)}</a></li>'
            for region in Region.objects.filter(level=Region.Level.REGION)
        )
        return f'<ul class="region-list">{items}</ul>'

    return _REGION_LISTS.kept(translation.get_language(), make)


def front_blocks(stories, factchecks, json_ld: str) -> dict[str, SafeString]:
    """The front page's blocks: the latest `stories` and `factchecks`, the regions,
    and `json_ld` (the newsroom, the site and the page)."""
    all_factchecks = escaped(reverse("factcheck:index"))
    return _safe(
        {
            "meta": f'<script type="application/ld+json">{json_ld}</script>',
            "content": (
                f'\n<h1 class="visually-hidden">{escaped(settings.SITE_NAME)}</h1>\n'
                '<div class="columns">\n'
                '<section aria-labelledby="dernieres">\n'
                f'  <h2 id="dernieres">{gettext("Latest stories")}</h2>\n'
                f"  {story_list(stories)}\n"
                "</section>\n"
                '<section aria-labelledby="verifications">\n'
                f'  <h2 id="verifications">{gettext("Latest fact-checks")}</h2>\n'
                f"  {story_list(factchecks)}\n"
                f'  <p><a href="{all_factchecks}">{gettext("All fact-checks")}</a></p>\n'
                "</section>\n"
                "</div>\n"
                '<section aria-labelledby="regions">\n'
                f'  <h2 id="regions">{gettext("Regions")}</h2>\n'
                f"  {_region_list()}\n"
                "</section>\n"
            ),
        }
    )


def _result(story, path: str) -> str:
    card = story.card
    kicker = f'<p class="kicker">{escaped(card.region["name"])}</p>' if card.region else ""
    return (
        '\n      <li class="story-card">\n'
        f"        {kicker}\n"
        f'        <h2 class="card-title"><a href="{escaped(path)}">{escaped(card.title)}</a></h2>\n'
        f"        <p>{escaped(story.highlighted)}</p>\n"
        f'        <p class="meta">{time_tag(story.published_at, "DATE_FORMAT")}</p>\n'
        "      </li>\n    "
    )


def search_blocks(request, query: str, page, *, searched: bool) -> dict[str, SafeString]:
    """The blocks of the search page for `query` (cleaned; "" for none): its form,
    then `page` (a `ListPage` of stories with their ``highlighted`` excerpt) when
    the query had words to look for (`searched`), or a line asking for one when
    the form was sent without."""
    search = gettext("Search")
    title = gettext("Search: %(query)s") % {"query": escaped(query)} if query else search
    parts = [
        f"\n<h1>{search}</h1>\n"
        f'<form role="search" method="get" action="{escaped(reverse("articles:search"))}"'
        ' class="search-form">\n'
        f'  <label for="q">{gettext("Words to look for")}</label>\n'
        f'  <input id="q" type="search" name="q" value="{escaped(query)}" maxlength="200">\n'
        f'  <button type="submit">{search}</button>\n'
        "</form>\n"
    ]
    if searched and page.object_list:
        status = gettext("Results for “%(query)s”, from number %(first)s, most relevant first") % {
            "query": escaped(query),
            "first": escaped(page.start_index()),
        }
        stories = page.object_list
        paths = story_paths(stories, translation.get_language())
        results = "".join(_result(story, path) for story, path in zip(stories, paths, strict=True))
        query_string = urlencode({"q": query}) if query else ""
        parts.append(
            f'\n  \n  <p role="status">{status}</p>\n'
            f'  <ul class="story-list">\n    {results}\n  </ul>\n'
            f"  {pagination(page, request.path, query_string)}\n  \n"
        )
    elif searched:
        status = gettext("No story matches “%(query)s”.") % {"query": escaped(query)}
        parts.append(f'\n  \n  <p role="status">{status}</p>\n  \n')
    elif "q" in request.GET:  # the form was sent without a word to look for
        typed = gettext("Type at least one word or number.")
        parts.append(f'\n  <p role="status">{typed}</p>\n')
    parts.append("\n")
    return _safe(
        {
            "title": f"{title} — {escaped(settings.SITE_NAME)}",
            "meta": '<meta name="robots" content="noindex">',
            "query": escaped(query),  # the site's search field keeps the words
            "content": "".join(parts),
        }
    )
