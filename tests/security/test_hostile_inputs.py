"""Hostile text typed into every admin field comes out inert on every public page.

Each value of the corpus (tests/security/hostile.py) goes, through the admin's
HTTP interface, into every field of a story (and its quotes, sources, claim,
tags, correction), its author's profile, a cited outlet and a site page. The
story is then submitted, verified and published, and every public page, feed,
sitemap and data feed is read back: no script survives, nothing breaks out of
the JSON-LD, no inline style appears, and no request fails with a 500.
"""

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, MediaImage, SitePage
from articles.workflow import apply_transition
from factcheck.models import Claim, ClaimAppearance, EvidenceCapture, Outlet, Rating, Source
from tests.admin_forms import article_post_data, change_url, edit_data, press
from tests.factories import archived
from tests.html import parse, script_problems
from tests.reader_site import body, json_ld
from tests.tasks import run_tasks

from .checks import inline_problems
from .hostile import HOSTILE, HOSTILE_URLS, ODD_NUMBERS, REFUSED_BY_FORMS, TRICKY_URLS, fit

pytestmark = pytest.mark.django_db

STORABLE = {name: value for name, value in HOSTILE.items() if name not in REFUSED_BY_FORMS}
# What pages may legitimately contain: the search form, <meta>/<link> in the head,
# and JSON-LD <script> elements (checked separately).
PAGE_TAGS = {"meta", "link", "form", "script"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def folded(text):
    return " ".join(text.split())


def max_length(model, name):
    return model._meta.get_field(name).max_length


# --- what a safe response looks like ------------------------------------------------


def assert_safe_html(html, where):
    """No script can run and no inline style is needed in `html`."""
    assert script_problems(html, allowed_tags=PAGE_TAGS) == [], where
    document = parse(html)
    for script in document.find_all("script"):
        assert script.attrs.get("type") == "application/ld+json", (where, script)
        assert "src" not in script.attrs, where
        json.loads(script.text)  # a "</script>" in the data would have cut it short
    assert document.find_all("style") == [], where
    assert [node for node in document.iter() if "style" in node.attrs] == [], where


def get_ok(client, url, statuses=(200,)):
    response = client.get(url)
    assert response.status_code in statuses, (url, response.status_code)
    return response


def public_html(client, url, statuses=(200,)):
    response = get_ok(client, url, statuses)
    html = body(response)
    assert_safe_html(html, url)
    return html


def assert_safe_feed(client, url):
    """Valid XML whose HTML parts (what feed readers render) carry no script."""
    root = ET.fromstring(body(get_ok(client, url)).encode())  # noqa: S314 - our own output
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local in ("description", "summary", "content") and element.text:
            assert script_problems(element.text) == [], (url, element.text[:200])
            assert "<script" not in element.text.lower(), (url, element.text[:200])
    return root


# --- putting hostile text in through the admin ------------------------------------


def create_author(client, value, index):
    response = client.post(
        reverse("admin:articles_author_add"),
        {
            "name": fit(value, max_length(Author, "name")),
            "slug": f"hostile-author-{index}",
            "user": "",
            "job_title": fit(value, max_length(Author, "job_title")),
            "biography": value,
            "expertise": fit(value, max_length(Author, "expertise")),
            "email": "",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-MIN_NUM_FORMS": "0",
            "links-MAX_NUM_FORMS": "1000",
            "links-0-label": fit(value, 60),
            "links-0-url": TRICKY_URLS[index % len(TRICKY_URLS)],
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    return Author.objects.get(slug=f"hostile-author-{index}")


def create_outlet(client, value, index):
    response = client.post(
        reverse("admin:factcheck_outlet_add"),
        {
            "name": fit(value, max_length(Outlet, "name")),
            "slug": f"hostile-outlet-{index}",
            "homepage": TRICKY_URLS[index % len(TRICKY_URLS)],
            "kind": "government",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    return Outlet.objects.get(slug=f"hostile-outlet-{index}")


def create_library_image(client, value, index):
    """A media library image described with `value`, uploaded through its admin form."""
    from tests.factories import png_file

    response = client.post(
        reverse("admin:articles_mediaimage_add"),
        {
            "image": png_file(f"hostile-{index}.png"),
            "alt": fit(value, max_length(MediaImage, "alt")) or "x",
            "caption": fit(value, max_length(MediaImage, "caption")),
            "credit": fit(value, max_length(MediaImage, "credit")),
            "focal_x": "50",
            "focal_y": "50",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    return MediaImage.objects.latest("pk")


def story_data(value, index, *, region, authors, outlets, rating, hero=None):
    url = TRICKY_URLS[index % len(TRICKY_URLS)]
    return article_post_data(
        fields={
            "title": fit(value, max_length(Article, "title")),
            "slug": f"hostile-story-{index}",
            "region": str(region.pk),
            "tags": f'"{fit(value.replace(chr(34), ""), 60)}", sécurité',
            "introduction": value,
            "verified_facts": value,
            "development": value,
            "context": value,
            "hero": str(hero.pk) if hero else "",
            "original_url": url,
        },
        bylines=[
            {"author": str(author.pk), "position": str(position)}
            for position, author in enumerate(authors)
        ],
        quotes=[
            {
                "speaker": fit(value, 150),
                "speaker_role": fit(value, 200),
                "text": value,
                "said_on": "2024-05-02",
                "url": url,
                "position": "0",
            }
        ],
        sources=[
            {
                "outlet_name": outlet.name,
                "kind": kind,
                "title": fit(value, max_length(Source, "title")),
                "url": url,
                "published_on": "",
                "archived_url": url,
                "position": str(position),
            }
            for position, (outlet, kind) in enumerate(
                zip(outlets, ("document", "coverage"), strict=True)
            )
        ],
        claims=[
            {
                "label": fit(value, max_length(Claim, "label")),
                "statement": value,
                "claimant": fit(value, 150),
                "claimant_kind": "social",
                "rating": str(rating.pk),
                "verdict_explanation": value,
                "analysis": value,
                "position": "0",
            }
        ],
    )


def add_corrections(client, article, values, proposer, approver):
    """One public correction per value, each proposed and approved on the story's page
    after an edit of the text (a published note leaves nothing to propose until then)."""
    for number, value in enumerate(values):
        client.force_login(proposer)
        article.refresh_from_db()
        edited = edit_data(article, context=f"{article.context} Précision n° {number}.")
        assert client.post(change_url(article), edited).status_code == 302
        press(client, article, "propose", change_kind="correction", comment=value)
        client.force_login(approver)
        response = press(client, article, "approve")
        assert response.status_code == 302
    client.logout()
    assert article.corrections.count() == len(values)


def edit_site_page(client, page, value):
    response = client.post(
        reverse("admin:articles_sitepage_change", args=[page.pk]),
        {
            "kind": page.kind,
            "title": fit(value, max_length(SitePage, "title")),
            "slug": page.slug,
            "body": value,
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]


def publish_hostile_story(client, journalist, editor, value, index, fixtures):
    """Author, outlet and story through the admin, then the workflow: a public story."""
    client.force_login(editor)
    author = create_author(client, value, index)
    client.force_login(journalist)
    outlet = create_outlet(client, value, index)
    hero = create_library_image(client, value, index)
    data = story_data(
        value,
        index,
        hero=hero,
        region=fixtures["region"],
        authors=[journalist.author, author],
        outlets=[outlet, fixtures["second_outlet"]],
        rating=fixtures["rating"],
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get(slug=f"hostile-story-{index}")
    claim = article.claims.get()
    # Which sources support the verdict is picked once the story exists.
    claim.sources.set(article.sources.all())
    ClaimAppearance.objects.create(
        claim=claim,
        url=TRICKY_URLS[index % len(TRICKY_URLS)],
        appeared_on=timezone.localdate(),
        is_first=True,
    )
    # The worker archived every cited page; the pages themselves say the hostile text.
    cited = [
        *article.sources.exclude(url="").values_list("url", flat=True),
        *[item.url for item in claim.appearances.all()],
    ]
    for url in cited:
        archived(url, text=value)
    apply_transition(article=article, user=journalist, name="submit")
    apply_transition(article=article, user=editor, name="verify")
    article = apply_transition(article=article, user=editor, name="publish")
    client.logout()
    for capture in EvidenceCapture.objects.filter(url__in=cited):
        public_html(client, capture.get_absolute_url())
    return article, author


@pytest.fixture
def fixtures(normandie):
    return {
        "region": normandie,
        "rating": Rating.objects.get(slug="faux"),
        "second_outlet": Outlet.objects.create(name="Ouest-France", slug="ouest-france"),
    }


# --- the tests ------------------------------------------------------------------------


def test_hostile_text_is_inert_on_every_public_page(
    client,
    journalist,
    editor,
    second_editor,
    fixtures,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    """Whatever a journalist types, readers' pages, feeds and data run no script and never fail."""
    stories = []
    site_pages = list(SitePage.objects.all())
    for index, (name, value) in enumerate(STORABLE.items()):
        # Notifications run too: a title is also an e-mail subject.
        with django_capture_on_commit_callbacks(execute=True):
            article, author = publish_hostile_story(
                client, journalist, editor, value, index, fixtures
            )
        stories.append(article)
        items = json_ld(parse(public_html(client, article.get_absolute_url())))
        # (The page parser folds whitespace, U+2028 included.)
        assert folded(items[0]["headline"]) == folded(article.title), name
        assert folded(items[1]["claimReviewed"]) == folded(article.claims.get().label), name
        public_html(client, author.get_absolute_url())
        for tag in article.tags.all():
            public_html(client, reverse("articles:tag_detail", args=[tag.slug]))
        page = site_pages[index % len(site_pages)]
        client.force_login(editor)
        edit_site_page(client, page, value)
        client.logout()
        public_html(client, page.get_absolute_url())

    # Each title became an e-mail subject, on one line (no header injection, no error).
    run_tasks()
    assert len(mailoutbox) >= len(stories)
    assert not [m.subject for m in mailoutbox if "\n" in m.subject or "\r" in m.subject]

    add_corrections(client, stories[0], list(STORABLE.values()), editor, second_editor)
    public_html(client, stories[0].get_absolute_url())
    for url in (
        "/",
        "/en/",
        "/regions/",
        "/regions/normandie/",
        "/verifications/",
        "/corrections/",
        "/auteurs/lea-morel/",
        "/tags/securite/",
    ):
        public_html(client, url)
    for url in ("/flux/articles.rss", "/flux/articles.atom", "/flux/regions/normandie.rss"):
        assert_safe_feed(client, url)
    for url in ("/sitemap.xml", "/sitemap-news.xml", "/sitemap-articles.xml"):
        ET.fromstring(body(get_ok(client, url)).encode())  # noqa: S314 - our own output
    feed = json.loads(body(get_ok(client, "/verifications/claimreview.json")))
    reviewed = {element["item"]["claimReviewed"] for element in feed["dataFeedElement"]}
    assert reviewed == {story.claims.get().label for story in stories}
    assert_safe_admin(client, editor, stories)


def assert_safe_admin(client, editor, stories):
    """The editor who reviews hostile work in the admin runs none of it either."""
    client.force_login(editor)
    claim = stories[0].claims.get()
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=script",
        reverse("admin:articles_articleevent_changelist"),
        reverse("admin:factcheck_claim_changelist"),
        reverse("admin:factcheck_claim_change", args=[claim.pk]),
        reverse("admin:factcheck_outlet_changelist"),
        reverse("admin:articles_author_changelist"),
        reverse("admin:taggit_tag_changelist"),
        reverse("admin:articles_sitepage_changelist"),
        reverse("admin:articles_article_revisions", args=[stories[0].pk]),
    ]
    urls += [reverse("admin:articles_article_change", args=[s.pk]) for s in stories[:3]]
    for url in urls:
        html = body(get_ok(client, url))
        assert inline_problems(html) == [], url
        assert "<script>alert" not in html, url
    client.logout()


def test_search_takes_hostile_text_and_finds_it_escaped(client, journalist):
    """Searching for hostile text shows results or nothing, escaped, on both databases."""
    from tests.factories import make_article

    for name, value in STORABLE.items():
        make_article(status="published", author=journalist, title=fit(f"{name} {value}", 200))
    for value in HOSTILE.values():
        public_html(client, reverse("articles:search") + "?" + urlencode({"q": value[:1000]}))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_query_parameters_never_fail(client, name, journalist):
    """Every public query parameter takes any text: a page or a 404, never a 500."""
    from tests.factories import make_article

    make_article(status="published", author=journalist)
    value = HOSTILE[name]
    for path, param in (
        ("/recherche/", "q"),
        ("/recherche/", "page"),
        ("/verifications/", "verdict"),
        ("/verifications/", "region"),
        ("/verifications/", "page"),
        ("/regions/normandie/", "page"),
        ("/auteurs/lea-morel/", "page"),
        ("/corrections/", "page"),
        ("/", "page"),
        ("/sitemap-articles.xml", "p"),
    ):
        query = {param: value, "q": "bac"} if path == "/recherche/" and param == "page" else {}
        url = f"{path}?{urlencode(query or {param: value})}"
        response = client.get(url)
        assert response.status_code in (200, 404), (url[:120], response.status_code)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            assert_safe_html(body(response), url[:120])


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_odd_page_numbers_are_not_found(client, value):
    """A page number that is not a plain positive integer is a 404 (or the first page)."""
    for path in ("/verifications/", "/corrections/", "/regions/normandie/"):
        response = client.get(path, {"page": value})
        assert response.status_code in (200, 404), (path, value, response.status_code)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_slugs_in_addresses_are_not_found(client, name):
    """An address made of hostile text is a 404 page, never a 500."""
    value = quote(HOSTILE[name][:300], safe="")
    for prefix in ("/articles/", "/regions/", "/tags/", "/auteurs/", "/pages/", "/en/articles/"):
        response = client.get(f"{prefix}{value}/")
        assert response.status_code == 404, (prefix, name, response.status_code)
    response = client.get(f"/flux/regions/{value}.rss")
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_admin_search_takes_any_text(client, name, editor):
    """Searching the admin lists with hostile text shows a list, never a 500."""
    client.force_login(editor)
    for model in (
        "articles/article",
        "factcheck/claim",
        "articles/articleevent",
        "articles/mediaimage",
    ):
        response = client.get(f"/admin/{model}/", {"q": HOSTILE[name][:1000]})
        assert response.status_code == 200, (model, response.status_code)


FORM_FIELDS = ["title", "introduction", "verified_facts", "tags"]


@pytest.mark.parametrize("field", ["alt", "caption", "credit"])
def test_library_text_is_checked_like_a_story(client, journalist, field):
    """A null byte or 100,000 characters in an image's description is a form error, no file kept."""
    from tests.factories import png_file

    client.force_login(journalist)
    for value in ("avant\x00après", "x" * 100_000):
        data = {"alt": "La digue", "caption": "", "credit": "", "focal_x": "50", "focal_y": "50"}
        data.update({field: value, "image": png_file()})
        response = client.post(reverse("admin:articles_mediaimage_add"), data)
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
    assert not MediaImage.objects.exists()


@pytest.mark.parametrize("field", FORM_FIELDS)
def test_null_bytes_are_a_form_error(client, journalist, field):
    """A null byte in a text field is refused with a message next to the field, nothing saved."""
    client.force_login(journalist)
    data = article_post_data(fields={field: "avant\x00après"})
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_null_bytes_in_inline_rows_are_a_form_error(client, journalist):
    """A null byte in a quote is refused in the quote's row, nothing saved."""
    client.force_login(journalist)
    data = article_post_data(
        quotes=[{"speaker": "Un\x00porte-parole", "text": "x", "position": "0"}]
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_overlong_text_is_a_form_error(client, journalist):
    """100,000 characters in a title or one tag are refused with a message."""
    client.force_login(journalist)
    long_word = "x" * 100_000
    for field, value in (
        ("title", HOSTILE["long"]),
        ("tags", long_word),
    ):
        data = article_post_data(fields={field: value})
        response = client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 200, field
        assert field in response.context["adminform"].form.errors, field
    assert not Article.objects.exists()


@pytest.mark.parametrize("tags", ["🧐", "crue, ✅", "#, !!", '"' + "é" * 101 + '"', "北京" * 40])
def test_tags_without_an_address_are_a_form_error(client, journalist, tags):
    """A tag made only of symbols, or too long for its address, is refused, not a broken page."""
    client.force_login(journalist)
    response = client.post(
        reverse("admin:articles_article_add"), article_post_data(fields={"tags": tags})
    )
    assert response.status_code == 200
    assert "tags" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_scripted_addresses_are_refused(client, journalist, url):
    """javascript:, data:, vbscript: and scheme-less addresses are refused in every URL field."""
    client.force_login(journalist)
    data = article_post_data(
        fields={"original_url": url},
        quotes=[{"speaker": "Préfète", "text": "Oui.", "url": url, "position": "0"}],
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "original_url" in response.context["adminform"].form.errors
    assert not Article.objects.exists()
    response = client.post(
        reverse("admin:factcheck_outlet_add"),
        {"name": "Officiel", "slug": "officiel", "homepage": url, "kind": "other"},
    )
    assert response.status_code == 200
    assert not Outlet.objects.exists()
