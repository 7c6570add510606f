"""The admin's change lists: a date drill-down safe with any year, a search
that folds accents, and a selection box per row without a template.

Django's date drill-down (`date_hierarchy`) turns `?published_at__year=1` or
`=9999` into a range that starts or ends outside what Python's datetime and
the time-zone conversion can hold: an exception, a 500. Such a year is
treated like any other invalid filter (Django's "?e=1" page).
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _

from newsroom.folding import fold
from newsroom.pagination import CappedCountPaginator

# One year of margin on both sides for the time-zone shift and the range's end.
YEARS = range(2, 9999)


class DateSafeChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            years = self.filter_params.get(f"{self.date_hierarchy}__year") or []
            for year in years[-1:]:
                try:
                    number = int(year)
                except ValueError:
                    continue  # Django refuses it itself
                if number not in YEARS:
                    raise IncorrectLookupParameters(f"Year out of range: {year!r}")
        return super().get_filters(request)


class DateSafeChangeListMixin:
    """For a ModelAdmin with a `date_hierarchy`."""

    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList


class ActionCheckboxMixin:
    """Each row's selection box written directly, in the markup Django's widget gives.

    Django renders it through the checkbox widget's templates, a template
    rendering per row: the story list's CPU went from 185 to 153 ms (50 rows,
    100,000 stories, docs/performance.md). The admin site gives this to every
    registered admin (newsroom/admin_site.py); tests/newsroom/test_admin_chrome.py
    compares the markup with Django's widget's.
    """

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


class FoldedSearchMixin:
    """Admin search (the list's box and every autocomplete) that ignores accents, case
    and the kind of apostrophe: "velo" finds "Le vélo électrique", "l'ecole" finds
    "l’École" (newsroom/folding.py).

    Each word must match one of `search_fields`, as in Django's own search; a
    story with two matching tags is listed once, without DISTINCT. On a large
    table, which query is fast depends on how common the word is, so it is
    asked first: a trigram index per folded column (PostgreSQL) yields the
    first RARE + 1 matching ids at once. A rarer word is then that list of
    ids; a common one stays a condition, which the list, newest first, meets
    within its first few hundred rows. While a search is active the result
    count stops at SEARCH_COUNT_CAP.
    """

    RARE = 1000
    SEARCH_COUNT_CAP = 1000

    def get_search_results(self, request, queryset, search_term):
        search_fields = [str(path).lstrip("^=@") for path in self.get_search_fields(request)]
        if not search_fields or not search_term:
            return super().get_search_results(request, queryset, search_term)
        model = queryset.model
        for word in search_words(search_term):
            matches = [
                model._default_manager.filter(**{f"{path}__fold__contains": word}).order_by()
                for path in search_fields
            ]
            ids = matches[0].values_list("pk", flat=True)
            ids = ids.union(*(m.values_list("pk", flat=True) for m in matches[1:]), all=True)
            first = set(ids[: self.RARE + 1])
            if len(first) <= self.RARE:
                queryset = queryset.filter(pk__in=first)
                continue
            condition = Q()
            for path, match in zip(search_fields, matches, strict=True):
                if LOOKUP_SEP in path:
                    # Another table: matched once and kept as a hash, rather than
                    # joined or queried again for each row.
                    condition |= Q(pk__in=match.values("pk"))
                else:
                    condition |= Q(**{f"{path}__fold__contains": word})
            queryset = queryset.filter(condition)
        return queryset, False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if request.GET.get(SEARCH_VAR) and isinstance(paginator, CappedCountPaginator):
            paginator.COUNT_CAP = min(paginator.COUNT_CAP, self.SEARCH_COUNT_CAP)
        return paginator


def search_words(search_term: str) -> list[str]:
    """The folded words of a search; "quoted phrases" stay whole, as in Django's search."""
    words = []
    for bit in smart_split(search_term):
        if len(bit) > 1 and bit[0] in "\"'" and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        word = fold(bit).strip()
        if word:
            words.append(word)
    return words


class ReadOnlyAdminMixin:
    """A record written by the code (history, captures, link checks): shown, never
    added, changed or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
