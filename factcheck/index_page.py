"""The fact-check index's own blocks, written in Python (as the other list pages'
are: articles/list_pages.py), and the filters' choices kept by each worker.

The verdicts and the regions the filters offer change only when an editor changes
them, and any such change moves the site's generation (newsroom/pagecache.py): each
worker keeps them until it moves (or five minutes have passed: `FrameCache`),
instead of two queries at each request.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from articles.list_pages import collection_script, pagination
from articles.models import Region
from newsroom.frame import SILENT_CHANGE_SECONDS, FrameCache, escaped

from .models import Rating
from .templatetags.factcheck import claim_cards

_CHOICES = FrameCache(max_age=SILENT_CHANGE_SECONDS)
setting_changed.connect(_CHOICES.clear, dispatch_uid="factcheck.index_page.choices")


def choices() -> tuple[list[Rating], list[Region]]:
    """Every verdict and every region, in their order: what the filters offer."""
    return _CHOICES.kept(
        "",
        lambda: (
            list(Rating.objects.all()),
            list(Region.objects.filter(level=Region.Level.REGION)),
        ),
    )


def _options(choices, chosen, label) -> str:
    return "".join(
        f'<option value="{escaped(choice.slug)}"{" selected" if choice == chosen else ""}>'
        f"{escaped(label(choice))}</option>"
        for choice in choices
    )


def _form(rating, region) -> str:
    ratings, regions = choices()
    verdicts = _options(ratings, rating, lambda r: r.display_label)
    places = _options(regions, region, lambda r: r.name)
    return (
        f'<form method="get" class="filters" action="{escaped(reverse("factcheck:index"))}">\n'
        f'  <label for="verdict">{gettext("Verdict")}</label>\n'
        '  <select id="verdict" name="verdict">\n'
        f'    <option value="">{gettext("All verdicts")}</option>\n'
        f"    {verdicts}\n"
        "  </select>\n"
        f'  <label for="region">{gettext("Region")}</label>\n'
        '  <select id="region" name="region">\n'
        f'    <option value="">{gettext("All regions")}</option>\n'
        f"    {places}\n"
        "  </select>\n"
        f'  <button type="submit">{gettext("Filter")}</button>\n'
        "</form>\n"
    )


def index_blocks(request, page, rating, region, query_string: str) -> dict[str, SafeString]:
    """The blocks of the fact-check index showing `page` (stories with their
    ``listed_claims``), filtered by `rating` and `region` (or None), whose
    `query_string` the page links keep."""
    heading = gettext("Fact-checks")
    if page.object_list:
        cards = claim_cards(page.object_list, rating)
        listed = (
            f'\n<ul class="claim-list">\n  {cards}\n</ul>\n'
            f"{pagination(page, request.path, query_string)}\n"
        )
    else:
        listed = f"<p>{gettext('No fact-check matches these filters.')}</p>"
    blocks = {
        "title": f"{heading} — {escaped(settings.SITE_NAME)}",
        "meta": collection_script(heading, request.path, page.object_list),
        "content": f"\n<h1>{heading}</h1>\n{_form(rating, region)}{listed}\n",
    }
    return {name: mark_safe(value) for name, value in blocks.items()}  # escaped above
