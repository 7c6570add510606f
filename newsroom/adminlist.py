"""The admin's change lists, safe with any date in the address.

Django's date drill-down (`date_hierarchy`) turns `?published_at__year=1` or
`=9999` into a range that starts or ends outside what Python's datetime and
the time-zone conversion can hold: an exception, a 500. Such a year is
treated like any other invalid filter (Django's "?e=1" page).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

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
