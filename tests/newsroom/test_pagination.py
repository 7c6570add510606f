"""Lists page without counting; a page that cannot exist is a 404."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from newsroom.pagination import list_page


def page_of(items, page, per_page=3):
    request = RequestFactory().get("/", {"page": page} if page is not None else {})
    return list_page(request, items, per_page=per_page)


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "²", "1.5", "10001", " 2"])
def test_impossible_page_numbers_are_not_found(raw):
    """Zero, negatives, words, Unicode digits and absurd pages answer 404."""
    with pytest.raises(Http404):
        page_of(list(range(10)), raw)


def test_next_page_is_known_from_one_extra_row():
    """The first page knows there is a next one without counting the list."""
    page = page_of(list(range(7)), None)
    assert page.object_list == [0, 1, 2] and page.has_next and not page.has_previous
    last = page_of(list(range(7)), "3")
    assert last.object_list == [6] and not last.has_next and last.has_previous
    assert last.start_index() == 7


def test_page_past_the_end_is_not_found_but_an_empty_first_page_is_fine():
    """An empty list shows an empty first page; page 2 of it is a 404."""
    assert page_of([], None).object_list == []
    with pytest.raises(Http404):
        page_of([], "2")
