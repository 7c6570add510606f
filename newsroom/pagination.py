"""Pages of a list without counting the list.

At a million stories, `COUNT(*)` of a region's or a tag's stories costs more
than the page itself. A `ListPage` fetches one row more than it shows: that
row says whether there is a next page. Counts that readers do see (an
author's published stories) are computed once and cached elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property

PAGE_SIZE = 20
MAX_PAGE = 10_000  # beyond this, OFFSET scans are too deep to be worth serving


@dataclass
class ListPage:
    object_list: list
    number: int
    per_page: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_previous or self.has_next

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


def page_number(request) -> int:
    """The `page` query parameter; 404 when it is not a page that can exist."""
    raw = request.GET.get("page") or "1"
    # isdigit() alone lets "²" through, which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404
    return int(raw)


def list_page(request, queryset, per_page=PAGE_SIZE) -> ListPage:
    """The requested page of `queryset`; 404 for an empty page after the first."""
    number = page_number(request)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404
    return ListPage(rows[:per_page], number, per_page, len(rows) > per_page)


class CappedCountPaginator(Paginator):
    """For admin lists: counts at most COUNT_CAP rows.

    The admin shows a result count and page links; beyond ten thousand rows
    nobody pages through, and counting a million rows at every page load
    costs more than the page. Past the cap the list says "10000" and offers
    as many pages as that makes.
    """

    COUNT_CAP = 10_000

    @cached_property
    def count(self):
        query = self.object_list
        if hasattr(query, "values_list"):
            return query.order_by().values_list("pk", flat=True)[: self.COUNT_CAP].count()
        return min(len(query), self.COUNT_CAP)
