"""Every public page type is valid HTML (the Nu HTML checker) and has no WCAG 2.1 A/AA
violation (axe-core in Chromium, at 1280 and 375 px wide), on the demo's content.

The results, page type by page type, are kept under test-artifacts/html/ (git-ignored).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from articles.models import Article, SitePage, Status
from factcheck.models import ClaimAppearance, EvidenceCapture
from newsroom.pagination import PAGE_SIZE
from tests.factories import library_image, make_article, refreeze
from tests.outage import database_down

from .conftest import E2E_MARKS
from .validators import (
    axe_run,
    describe_axe,
    describe_nu,
    focus_ring_problems,
    load_axe,
    nu_check,
    nu_errors,
)

pytestmark = E2E_MARKS

WIDTHS = (1280, 375)


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200
    post: bool = False  # the tip form, sent empty: shown again with its errors
    outage: bool = False  # served while the database is unreachable


def _png(width, height) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 140)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


def every_page_type() -> list[PageType]:
    """Load the demo, give one story a hero picture and its author a portrait, and
    name one page of each public type."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    public = Article.objects.published().order_by("-published_at")
    factcheck = public.filter(claims__rating__isnull=False).distinct().first()
    corrected = public.filter(corrections__isnull=False).distinct().first()
    plain = public.exclude(pk__in=[factcheck.pk, corrected.pk]).filter(corrections=None).first()
    withdrawn = Article.objects.filter(status=Status.WITHDRAWN).first()
    assert factcheck and corrected and plain and withdrawn, "the demo lost a kind of story"

    hero = library_image(
        "hero.png",
        alt="Le pont à marée basse, vu de la rive gauche",
        size=(1600, 900),
        caption="Le pont, un matin de semaine.",
        credit="Rédaction",
    )
    Article.objects.filter(pk=plain.pk).update(hero=hero)
    plain.refresh_from_db()
    refreeze(plain)
    author = plain.authors.first()
    author.photo.save("portrait.png", _png(600, 600), save=True)

    claim = factcheck.claims.filter(rating__isnull=False).select_related("rating").first()
    region = factcheck.region
    while region.parent_id and region.level != region.Level.REGION:
        region = region.parent
    appearance_urls = ClaimAppearance.objects.filter(claim__article=factcheck).values("url")
    evidence = EvidenceCapture.objects.filter(url__in=appearance_urls).first()
    assert evidence, "the demo's fact-check has no archived appearance"
    word = max(re.findall(r"\w+", plain.title), key=len)
    # More stories than a list page holds, so the region's pages link to each other.
    for number in range(PAGE_SIZE):
        make_article(
            title=f"Brève régionale numéro {number + 1}",
            status=Status.PUBLISHED,
            region=region,
            author=author,
        )
    return [
        PageType("front", "/"),
        PageType("story", plain.get_absolute_url()),
        PageType("factcheck-story", factcheck.get_absolute_url()),
        PageType("corrected-story", corrected.get_absolute_url()),
        PageType("withdrawn-410", withdrawn.get_absolute_url(), status=410),
        PageType("versions", f"{corrected.get_absolute_url()}versions/"),
        PageType("version", f"{corrected.get_absolute_url()}versions/1/"),
        PageType("region-index", "/regions/"),
        PageType("region", region.get_absolute_url()),
        PageType("region-page-2", f"{region.get_absolute_url()}?page=2"),
        PageType("tag", f"/tags/{factcheck.tags.first().slug}/"),
        PageType("author", author.get_absolute_url()),
        PageType(
            "factcheck-index-filtered",
            f"/verifications/?verdict={claim.rating.slug}&region={region.slug}",
        ),
        PageType("search-results", f"/recherche/?q={word}"),
        PageType("search-no-result", "/recherche/?q=zzzintrouvable"),
        PageType("corrections-log", "/corrections/"),
        PageType("site-page", SitePage.objects.first().get_absolute_url()),
        PageType("tip-form-errors", "/signaler/", post=True),
        PageType("tip-thanks", "/signaler/merci/"),
        PageType("evidence", f"/preuves/{evidence.sha256}/"),
        PageType("not-found-404", "/articles/cette-page-n-existe-pas/", status=404),
        PageType("unavailable-503", "/recherche/?q=panne", status=503, outage=True),
        PageType("story-en", f"/en{factcheck.get_absolute_url()}"),
    ]


def artifacts(config, *parts) -> Path:
    folder = Path(config.rootpath, "test-artifacts", "html", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_public_page_type_is_valid_html(client, pytestconfig):
    """The Nu HTML checker finds no error on any public page type, as the server sends
    it, nor in the stylesheets they link to."""
    pages = every_page_type()
    folder = artifacts(pytestconfig, "nu")
    shutil.rmtree(folder)
    folder.mkdir()
    files = {}
    for page_type in pages:
        if page_type.post:
            response = client.post(page_type.path, {})
        elif page_type.outage:
            with database_down():
                response = client.get(page_type.path)
        else:
            response = client.get(page_type.path)
        assert response.status_code == page_type.status, page_type
        path = folder / f"{page_type.name}.html"
        path.write_bytes(response.content)
        files[page_type.name] = path

    # The stylesheets those pages link to: the site's, and the verdict colours.
    files["site.css"] = Path(pytestconfig.rootpath, "static", "css", "site.css")
    files["verdicts.css"] = folder / "verdicts.css"
    files["verdicts.css"].write_bytes(client.get("/verifications/verdicts.css").content)

    messages = nu_check(list(files.values()))
    report = {}
    for name, path in files.items():
        errors = nu_errors(messages[path])
        report[name] = {
            "path": next((p.path for p in pages if p.name == name), name),
            "errors": len(errors),
            "warnings": len(messages[path]) - len(errors),
            "messages": messages[path],
        }
    (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    failures = {
        name: describe_nu(nu_errors(messages[path]))
        for name, path in files.items()
        if nu_errors(messages[path])
    }
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_wcag_violation_on_any_public_page_type(open_context, pytestconfig, width):
    """axe-core finds no WCAG 2.1 A/AA violation on any public page type at this width, and
    every element a keyboard reaches shows a focus ring of at least 3:1."""
    pages = every_page_type()
    page = open_context("reader")
    page.set_viewport_size({"width": width, "height": 900})
    load_axe(page.context)
    report = {}
    for page_type in pages:
        if page_type.post:
            page.goto(page_type.path)
            page.locator("form.tip-form").evaluate("form => { form.noValidate = true; }")
            with page.expect_navigation() as navigation:
                page.locator("form.tip-form button[type=submit]").click()
            response = navigation.value
        elif page_type.outage:
            with database_down():
                response = page.goto(page_type.path)
        else:
            response = page.goto(page_type.path)
        assert response.status == page_type.status, page_type
        result = axe_run(page)
        report[page_type.name] = {
            "path": page_type.path,
            "violations": len(result["violations"]),
            "rules_passed": result["passes"],
            "focus_rings": focus_ring_problems(page),
            "details": result["violations"],
        }
    folder = artifacts(pytestconfig, "axe")
    (folder / f"report-{width}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    failures = {
        name: describe_axe(entry["details"]) + entry["focus_rings"]
        for name, entry in report.items()
        if entry["details"] or entry["focus_rings"]
    }
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)
    assert all(entry["rules_passed"] > 0 for entry in report.values()), "axe checked nothing"
    assert not page.problems
