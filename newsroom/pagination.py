"""Pages of a list without counting the list.

At a million stories, `COUNT(*)` of a region's or a tag's stories costs more
than the page itself. A `ListPage` fetches one row more than it shows: that
row says whether there is a next page. Counts that readers do see (an
author's published stories) are computed once and cached elsewhere.

Lists in date order page by position, not by number (`dated_page`): "Older"
leads to `?before=<date>~<id>`, the stories published before the last one
shown, and "Newer" to `?after=<date>~<id>`. Each page is one index range
scan that stops after a page, however deep (OFFSET reads and throws away
every row before the page: page 400 read 8,000 rows), and its address names
the same stories as long as none is published or withdrawn in between. The
id breaks ties between stories published at the same instant. Numbered
pages (`?page=N`) remain for ranked lists (search) and old links, up to
MAX_PAGE.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.http import urlencode

from newsroom.numbers import parse_number

PAGE_SIZE = 20
MAX_PAGE = 50  # numbered pages: OFFSET reads every row before the page; deeper, use dates

CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)Z~(\d{1,18})")


@dataclass
class ListPage:
    object_list: list
    number: int | None
    per_page: int
    has_next: bool
    # For pages by position: the query naming this page, the previous and the next one.
    query: str = ""
    previous_query: str | None = None
    next_query: str | None = None
    before: datetime | None = None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __post_init__(self):
        if self.number is not None:  # numbered: the queries follow from the number
            self.query = f"page={self.number}" if self.number > 1 else ""
            if self.number > 1:
                self.previous_query = f"page={self.number - 1}" if self.number > 2 else ""
            if self.has_next:
                self.next_query = f"page={self.number + 1}"

    @property
    def has_previous(self):
        return self.previous_query is not None

    def has_other_pages(self):
        return self.has_previous or self.has_next

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        if self.number is None or not self.object_list:
            return 0
        return (self.number - 1) * self.per_page + 1


def page_number(request) -> int:
    """The `page` query parameter; 404 when it is not a page that can exist."""
    number = parse_number(request.GET.get("page") or "1")
    if number is None or not 1 <= number <= MAX_PAGE:
        raise Http404
    return number


def list_page(request, queryset, per_page=PAGE_SIZE) -> ListPage:
    """The requested page of `queryset`; 404 for an empty page after the first."""
    number = page_number(request)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404
    return ListPage(rows[:per_page], number, per_page, len(rows) > per_page)


def cursor(row, field="published_at") -> str:
    """The position of `row` in a list ordered by `field` then id, newest first."""
    when = getattr(row, field).astimezone(UTC)
    return f"{when:%Y-%m-%dT%H:%M:%S.%f}Z~{row.pk}"


def parse_cursor(raw: str) -> tuple[datetime, int]:
    """(date, id) from a cursor; 404 when it is not one."""
    match = CURSOR.fullmatch(raw)
    if not match:
        raise Http404
    try:
        when = datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC)
    except ValueError:  # a month 13, a 30 February
        raise Http404 from None
    pk = int(match.group(2))
    if pk > 2**63 - 1:
        raise Http404
    return when, pk


def dated_page(request, queryset, *, field="published_at", per_page=None) -> ListPage:
    """The page of `queryset` (newest first by `field`, then id) that the request names.

    No parameter: the newest stories. `?before=<cursor>`: the stories right
    after that position, older ones; `?after=<cursor>`: the ones right before
    it, newer ones (shown newest first too). `?page=N`, from older links, is
    served by number. A cursor that cannot be one, or a position with
    nothing past it, is a 404, never a 500.
    """
    per_page = per_page or PAGE_SIZE
    before, after = request.GET.get("before"), request.GET.get("after")
    if before is None and after is None:
        if "page" in request.GET:
            return list_page(request, queryset.order_by(f"-{field}", "-pk"), per_page)
        return _dated(queryset, field, per_page, query="", previous=False)
    if before is not None and after is not None:
        raise Http404
    when, pk = parse_cursor(before if before is not None else after)
    if before is not None:
        # `field <= when` lets the date index start the scan at the position.
        older = queryset.filter(**{f"{field}__lte": when}).filter(
            Q(**{f"{field}__lt": when}) | Q(pk__lt=pk)
        )
        page = _dated(older, field, per_page, query=urlencode({"before": before}), previous=True)
        page.before = when
        return page
    newer = queryset.filter(**{f"{field}__gte": when}).filter(
        Q(**{f"{field}__gt": when}) | Q(pk__gt=pk)
    )
    rows = list(newer.order_by(field, "pk")[: per_page + 1])
    if not rows:
        raise Http404
    more = len(rows) > per_page
    rows = rows[:per_page][::-1]
    return ListPage(
        rows,
        None,
        per_page,
        has_next=True,
        query=urlencode({"after": after}),
        previous_query=urlencode({"after": cursor(rows[0], field)}) if more else None,
        next_query=urlencode({"before": cursor(rows[-1], field)}),
    )


def names_position(request) -> bool:
    """Whether the request asks for a page other than a dated list's first."""
    return any(name in request.GET for name in ("before", "after", "page"))


def first_page(rows: list, *, field="published_at", per_page=None) -> ListPage:
    """The first page of a dated list (what `dated_page` gives a request naming no
    position) from its first rows, newest first by `field` then id: at least
    ``per_page + 1`` of them (PAGE_SIZE by default), or all there are."""
    per_page = per_page or PAGE_SIZE
    return _page_of(rows[: per_page + 1], field, per_page, query="", previous=False)


def _dated(queryset, field, per_page, *, query, previous) -> ListPage:
    rows = list(queryset.order_by(f"-{field}", "-pk")[: per_page + 1])
    return _page_of(rows, field, per_page, query=query, previous=previous)


def _page_of(rows, field, per_page, *, query, previous) -> ListPage:
    if previous and not rows:
        raise Http404
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    return ListPage(
        rows,
        None,
        per_page,
        has_next,
        query=query,
        previous_query=urlencode({"after": cursor(rows[0], field)}) if previous else None,
        next_query=urlencode({"before": cursor(rows[-1], field)}) if has_next else None,
    )


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
