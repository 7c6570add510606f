"""`<time>` on the public pages: one template tag writes it, with a `datetime` HTML accepts."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.models import Correction
from tests.html import parse
from tests.reader_site import body, build_world, path_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# HTML's valid date string, or global date and time string: at most 3 fraction digits.
HTML_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d))?$")


def render(moment, *args):
    template = Template("{% load newsroom %}{% time_tag moment " + " ".join(args) + " %}")
    return template.render(Context({"moment": moment}))


def test_a_moment_with_microseconds_is_written_to_the_second_in_local_time():
    """A moment stored with microseconds reads `datetime="…T10:15:30+01:00"`, Paris time."""
    html = render(datetime(2026, 1, 5, 9, 15, 30, 123456, tzinfo=UTC))
    assert html.startswith('<time datetime="2026-01-05T10:15:30+01:00">')
    assert "5 janvier 2026" in html


def test_a_day_is_written_as_a_date():
    """A date (a quotation's day, a source's) reads `datetime="2026-01-05"`."""
    assert render(date(2026, 1, 5), '"DATE_FORMAT"') == (
        '<time datetime="2026-01-05">5 janvier 2026</time>'
    )


def test_no_moment_writes_nothing():
    """A story without a date shows no empty `<time>`."""
    assert render(None) == ""


def test_no_template_writes_time_by_hand():
    """Every `<time>` of every template (public pages, admin, apps') comes from
    `{% time_tag %}`."""
    by_hand = [
        path.relative_to(ROOT)
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "<time" in path.read_text(encoding="utf-8")
    ]
    assert by_hand == []


def test_every_time_on_the_public_pages_has_a_valid_datetime(client):
    """Stories, versions, lists, search, corrections and the withdrawn page all give
    machines a `datetime` with at most 3 fraction digits (moments are stored with six)."""
    world = build_world()
    story = world.public
    Correction.objects.filter(article=story).update(amended_at=timezone.now())
    url = path_of(story)
    paths = {
        "/": 200,
        url: 200,
        f"{url}versions/": 200,
        f"{url}versions/1/": 200,
        path_of(world.hidden["withdrawn"]): 410,
        "/regions/normandie/": 200,
        "/tags/marees/": 200,
        path_of(world.author): 200,
        "/verifications/": 200,
        "/recherche/?q=bassin": 200,
        "/corrections/": 200,
    }
    for path, status in paths.items():
        response = client.get(path)
        assert response.status_code == status, path
        times = parse(body(response)).find_all("time")
        assert times, path
        for element in times:
            assert HTML_DATETIME.match(element.attrs.get("datetime", "")), (path, element)


MOMENTS = [
    datetime(2026, 1, 5, 9, 15, 30, 123456, tzinfo=UTC),
    datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # the 29th in Paris, the night clocks change
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),  # already the next year in Paris
    datetime(2028, 2, 29, 12, tzinfo=UTC),
    date(2026, 8, 15),
]
FORMATS = [
    '"DATE_FORMAT"',
    '"DATETIME_FORMAT"',
    '"SHORT_DATE_FORMAT"',
    '"l j F Y"',
    '"j F Y, H\\h"',
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_date_written_for_its_day_is_what_djangos_format_writes(language):
    """Day-only formats are written once per day and language (a search page has twenty
    dates): the words are Django's for that day in the page's language, whatever the
    time; formats with a time are written at each call."""
    from django.utils import formats, translation
    from django.utils.html import format_html

    with translation.override(language):
        for fmt in FORMATS:
            for moment in MOMENTS * 2:  # the second time from what was kept
                local = timezone.localtime(moment) if hasattr(moment, "hour") else moment
                machine = (
                    local.isoformat(timespec="seconds")
                    if hasattr(local, "hour")
                    else local.isoformat()
                )
                try:
                    words = formats.date_format(local, fmt.strip('"'))
                except TypeError:  # an hour asked of a date: an error, as before
                    with pytest.raises(TypeError):
                        render(moment, fmt)
                    continue
                expected = format_html('<time datetime="{}">{}</time>', machine, words)
                assert render(moment, fmt) == expected, (language, fmt, moment)
