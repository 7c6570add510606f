"""Anonymous readers' requests through the middleware that concerns them only
(newsroom/readers.py): the same answers as through every middleware, byte for byte."""

import re

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone

from articles.models import ArticleRedirect
from newsroom import readers
from newsroom.pagecache import anonymous_request
from newsroom.readers import ReaderHandler, ReaderRouting, reader_middleware
from tests.factories import make_article
from tests.page_types import every_page_type
from tests.wsgi import serve

# The tip form's CSRF token is masked anew at each rendering, and its cookie drawn anew.
CSRF = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[^"]+|(?<=csrftoken=)[^;]+')


def _answer(handler, path, **extra):
    """(status, sorted headers, body) of `handler` for a GET of `path`, the tip
    form's CSRF token and cookie masked."""
    status, headers, body = serve(handler, path, **extra)
    masked = sorted((name, CSRF.sub(b"", value.encode()).decode()) for name, value in headers)
    return status, masked, CSRF.sub(b"", body)


def _addresses():
    """Every public page type of the demo (tests/page_types.py), in both languages,
    with the feeds, sitemaps, robots.txt and the API's lists and items."""
    kinds = [kind for kind in every_page_type() if not kind.post and not kind.outage]
    story = next(kind.path for kind in kinds if kind.name == "factcheck-story")
    slug = story.strip("/").split("/")[-1]
    renamed = make_article(status="published", slug="granville-nouvelle-adresse")
    ArticleRedirect.objects.create(old_slug="granville-ancienne-adresse", article=renamed)
    paths = [kind.path for kind in kinds]
    paths += ["/en" + path for path in paths if not path.startswith("/en/")]
    return paths + [
        f"{story}?utm_source=lettre&fbclid=x",
        "/articles/granville-ancienne-adresse/",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/flux/articles.rss",
        "/flux/articles.atom",
        "/verifications/claimreview.json",
        "/api/v1/stories/",
        f"/api/v1/stories/{slug}/",
        "/api/v1/openapi.json",
    ]


@pytest.mark.django_db
def test_readers_get_through_fewer_middleware_the_answers_every_middleware_gives(
    settings, time_machine
):
    """Status, headers (Vary, cache and security headers, ETag) and body, for every
    public address and shape of answer: 200, 301, 404, 410, and 304 for a client
    that holds the page."""
    # The clock stands still: the API's next-page cursor is signed with the second.
    time_machine.move_to(timezone.now(), tick=False)
    full, lean = WSGIHandler(), ReaderHandler()
    compared = 0
    for path in _addresses():
        answer = _answer(full, path)
        assert _answer(lean, path) == answer, path
        etag = dict(answer[1]).get("ETag")
        if etag and answer[0] == "200 OK":
            held = _answer(full, path, HTTP_IF_NONE_MATCH=etag)
            assert held[0] == "304 Not Modified", path
            assert _answer(lean, path, HTTP_IF_NONE_MATCH=etag) == held, path
        compared += 1
    assert compared > 45
    # Over HTTPS with HSTS; a host the site does not serve, and plain HTTP owed a
    # redirect, go through every middleware.
    routing = ReaderRouting(full, lean)
    settings.SECURE_HSTS_SECONDS = 3600
    for extra in ({"secure": True}, {"HTTP_HOST": "ailleurs.example"}):
        assert _answer(routing, "/", **extra) == _answer(full, "/", **extra)
    settings.SECURE_SSL_REDIRECT = True  # read by SecurityMiddleware when it is built
    full = WSGIHandler()
    routing = ReaderRouting(full, ReaderHandler())
    assert _answer(routing, "/") == _answer(full, "/")
    assert _answer(routing, "/")[0] == "301 Moved Permanently"


def test_the_reader_chain_is_every_middleware_but_the_account_ones(settings):
    chain = reader_middleware(settings.MIDDLEWARE)
    assert not set(chain) & set(readers.ACCOUNT_MIDDLEWARE)
    assert [path for path in chain if path != readers.READER_MIDDLEWARE] == [
        path for path in settings.MIDDLEWARE if path not in readers.ACCOUNT_MIDDLEWARE
    ]
    session = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert chain.index(readers.READER_MIDDLEWARE) == session
    # Every account middleware is one this site runs: a renamed one would stay in.
    assert set(readers.ACCOUNT_MIDDLEWARE) <= set(settings.MIDDLEWARE)
    # The handler's chain was read from it, and the settings are left as they were.
    before = list(settings.MIDDLEWARE)
    ReaderHandler()
    assert before == settings.MIDDLEWARE
    with pytest.raises(ValueError):
        reader_middleware(["django.middleware.common.CommonMiddleware"])


@pytest.mark.parametrize(
    ("method", "path", "cookie", "reader"),
    [
        ("GET", "/articles/un-article/", "", True),
        ("HEAD", "/", "csrftoken=abc", True),
        ("GET", "/en/tags/port/", "theme=dark", True),
        ("GET", "/articles/un-article/", "sessionid=abc", False),  # an editor: previews
        ("GET", "/articles/un-article/", "x=1; sessionid=abc", False),
        ("POST", "/signaler/", "", False),  # forms go through every middleware
        ("GET", "/admin/", "", False),
        ("GET", "/en/admin/login/", "", False),
        ("GET", "/static/css/site.css", "", False),
        ("GET", "/healthz", "", False),
    ],
)
def test_which_requests_are_an_anonymous_readers(method, path, cookie, reader):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "HTTP_COOKIE": cookie,
        "HTTP_HOST": "testserver",
    }
    assert anonymous_request(environ) is reader
    assert anonymous_request({**environ, "HTTP_HOST": "ailleurs.example"}) is False
    routed = []
    routing = ReaderRouting(
        lambda environ, start_response: routed.append("every middleware"),
        readers=lambda environ, start_response: routed.append("readers"),
    )
    routing(environ, None)
    assert routed == ["readers" if reader else "every middleware"]


def test_gunicorn_serves_readers_through_the_reader_chain():
    from newsroom.wsgi import application

    routing = application.application.application
    assert isinstance(routing, ReaderRouting)
    assert isinstance(routing.readers, ReaderHandler)
    assert type(routing.application) is WSGIHandler
