"""Security headers: a Content-Security-Policy that the reader site and the admin both live with."""

import re

import pytest
from django.urls import reverse

from articles.models import Author, SitePage
from factcheck.models import Outlet, Rating
from newsroom.security import content_security_policy
from tests.factories import add_claim, add_sources, make_article
from tests.reader_site import body, build_world

from .checks import inline_problems

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


def test_policy_allows_only_this_site():
    """The policy names no other origin, no inline code, no plugins, no framing."""
    from django.conf import settings

    policy = content_security_policy(settings.CONTENT_SECURITY_POLICY)
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "*" not in policy.replace("'self'", "")
    for expected in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert expected in policy


def test_public_pages_carry_the_headers(client):
    """A reader's page comes with CSP, Permissions-Policy, COOP, nosniff and referrer rules."""
    story = make_article(status="published")
    for url in ("/", story.get_absolute_url(), "/verifications/verdicts.css", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response)["script-src"] == ["'self'"], url
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert client.get("/")["X-Frame-Options"] == "DENY"


def test_cached_pages_keep_the_headers(client, settings):
    """A page served from the anonymous page cache still carries the policy."""
    settings.PAGE_CACHE_SECONDS = 60
    make_article(status="published")
    first, second = client.get("/"), client.get("/")
    assert first.status_code == second.status_code == 200
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_admin_carries_the_same_policy(client, editor):
    """The admin is served under the same strict policy as the reader site."""
    assert "Content-Security-Policy" in client.get(reverse("admin:login"))
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    assert directives(response)["style-src"] == ["'self'"]
    assert directives(response)["frame-ancestors"] == ["'none'"]


def test_report_only_mode(client, settings):
    """CSP_REPORT_ONLY sends the policy as Report-Only, to try a change without breaking pages."""
    from django.test import override_settings

    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=True):
        response = client.get("/robots.txt")
    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_public_pages_need_no_inline_script_or_style(client, normandie):
    """No page a reader can open has inline script, style blocks, style attributes or handlers."""
    world = build_world()
    story = world.public
    outlet = Outlet.objects.first()
    claim = story.claims.first()
    claim.analysis = "**Analyse** avec un [lien](https://example.org)."
    claim.save()
    urls = [
        "/",
        "/en/",
        story.get_absolute_url(),
        "/en" + story.get_absolute_url(),
        world.hidden["withdrawn"].get_absolute_url(),
        "/regions/",
        f"/regions/{normandie.slug}/",
        "/tags/marees/",
        world.author.get_absolute_url(),
        "/verifications/",
        f"/verifications/?verdict=faux&region={normandie.slug}",
        "/recherche/?q=bassin",
        "/recherche/?q=",
        "/corrections/",
        "/articles/does-not-exist/",
        *[page.get_absolute_url() for page in SitePage.objects.all()],
    ]
    assert outlet is not None
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404, 410), url
        assert "Content-Security-Policy" in response, url
        assert inline_problems(body(response)) == [], url


def test_verdict_colours_come_from_the_stylesheet(client):
    """Verdict badges are coloured by class from verdicts.css, not by a style attribute."""
    story = make_article(status="published")
    sources = add_sources(story, "Préfecture", "Ouest-France")
    add_claim(story, Rating.objects.get(slug="faux"), sources)
    html = body(client.get(story.get_absolute_url()))
    assert 'class="verdict verdict-faux' in html or "verdict-faux" in html
    css = body(client.get("/verifications/verdicts.css"))
    assert re.search(r"\.verdict-faux\{background:#[0-9a-fA-F]{6}\}", css)


def admin_urls(story, claim, author, outlet):
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?view=awaiting",
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_revisions", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_article_delete", args=[story.pk]),
        reverse("admin:articles_articleevent_changelist"),
        reverse("admin:factcheck_claim_changelist"),
        reverse("admin:factcheck_claim_change", args=[claim.pk]),
        reverse("admin:factcheck_rating_changelist"),
        reverse("admin:factcheck_outlet_change", args=[outlet.pk]),
        reverse("admin:articles_author_change", args=[author.pk]),
        reverse("admin:articles_region_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:password_change"),
        reverse("admin:autocomplete") + "?app_label=articles&model_name=article&field_name=region",
    ]


def test_admin_pages_need_no_inline_script_or_style(client, superuser, journalist):
    """The admin's scripts are files (data passes in data- attributes or JSON blocks)."""
    story = make_article(status="draft", author=journalist)
    sources = add_sources(story, "Préfecture", "Ouest-France")
    claim = add_claim(story, Rating.objects.get(slug="faux"), sources)
    author = Author.objects.get(user=journalist)
    client.force_login(superuser)
    for url in admin_urls(story, claim, author, sources[0].outlet):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response, url
        if response["Content-Type"].startswith("text/html"):
            assert inline_problems(body(response)) == [], url
    client.logout()
    response = client.get(reverse("admin:login"))
    assert inline_problems(body(response)) == []
