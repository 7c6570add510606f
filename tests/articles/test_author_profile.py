"""Author pages: how to reach the author, their profiles elsewhere, and a ProfilePage."""

import json

import pytest
from django.conf import settings

from articles.models import Author, AuthorLink, Status
from tests.factories import make_article
from tests.reader_site import json_ld, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    author = Author.objects.create(
        name="Léa Morel",
        slug="lea-morel",
        job_title="Journaliste, Granville",
        biography="Couvre le littoral de la Manche.",
        email="lea.morel@redaction.example",
        expertise="marées, pêche",
    )
    AuthorLink.objects.create(author=author, label="Mastodon", url="https://social.example/@lea")
    make_article(status=Status.PUBLISHED, author=author)
    return author


def test_the_author_page_shows_the_public_email_and_links(client, author):
    """Readers see "Écrire à Léa Morel : <e-mail>" as a mailto link, and her profiles."""
    document = page(client, "/auteurs/lea-morel/")
    contact = document.find("p", cls="contact")
    assert contact.text == "Écrire à Léa Morel : lea.morel@redaction.example"
    html = client.get("/auteurs/lea-morel/").content.decode()
    assert "Écrire à Léa Morel\u00a0:" in html  # the page's text helper folds spaces
    assert contact.find("a").attrs["href"] == "mailto:lea.morel@redaction.example"
    links = document.find("ul", cls="author-links").find_all("a")
    pairs = [(a.attrs["href"], a.text) for a in links]
    assert pairs == [("https://social.example/@lea", "Mastodon")]


def test_no_email_no_contact_line(client, author):
    """An author without a public e-mail gets no empty contact line."""
    Author.objects.filter(pk=author.pk).update(email="")
    assert page(client, "/auteurs/lea-morel/").find("p", cls="contact") is None


def test_the_author_page_is_a_profile_page_of_a_person(client, author):
    """JSON-LD: ProfilePage → Person with e-mail, sameAs and the publisher as employer."""
    [profile] = json_ld(page(client, "/auteurs/lea-morel/"))
    url = settings.SITE_URL + "/auteurs/lea-morel/"
    assert profile["@type"] == "ProfilePage" and profile["url"] == url
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Léa Morel"
    assert person["email"] == "lea.morel@redaction.example"
    assert person["sameAs"] == ["https://social.example/@lea"]
    assert person["knowsAbout"] == ["marées", "pêche"]
    assert person["worksFor"]["@id"] == settings.SITE_URL + "/#organization"
    assert person["description"] == "Couvre le littoral de la Manche."
    json.dumps(profile)  # plain data


def test_a_hostile_biography_stays_inside_the_json_ld(client, author):
    """A "</script>" in a biography does not end the JSON-LD element."""
    author.biography = "</script><script>alert(1)</script>"
    author.save()
    html = client.get("/auteurs/lea-morel/").content.decode()
    assert "<script>alert(1)" not in html
