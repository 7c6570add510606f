"""Tags as a newsroom types them: commas separate, one tag per subject whatever its
accents, apostrophes or case, and French slugs, on every write path."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.tagging import format_tags, parse_tags
from imports.services import WordPressImport
from newsroom.slugs import slugify
from tests.admin_forms import article_post_data, change_url, edit_data
from tests.factories import make_article
from tests.imports.wxr import export, item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Vœux du maire", "voeux-du-maire"),
        ("Cæsar à l’Élysée", "caesar-a-l-elysee"),
        ("L'eau « potable » d’Orléans", "l-eau-potable-d-orleans"),
        ("Zone à faibles émissions", "zone-a-faibles-emissions"),
        ("ŒUVRES — «  »", "oeuvres"),
    ],
)
def test_slugs_transliterate_french(text, slug):
    """Addresses keep œ and æ as oe and ae; apostrophes separate words; « » go."""
    assert slugify(text) == slug


def test_commas_are_the_only_separator():
    """ "Réseaux de chaleur" is one tag; a name with a comma survives a round trip."""
    assert parse_tags("Réseaux de chaleur") == ["Réseaux de chaleur"]
    assert parse_tags("Réseaux de chaleur, Caen ,, caen") == ["Réseaux de chaleur", "Caen"]
    tags = [Tag(name="Caen, Calvados"), Tag(name="Réseaux de chaleur")]
    assert parse_tags(format_tags(tags)) == ["Caen, Calvados", "Réseaux de chaleur"]


def test_the_admin_keeps_a_multi_word_tag_whole(client, superuser):
    """Typing a subject without a comma on the story page makes one tag, not one per word."""
    client.force_login(superuser)
    data = article_post_data(fields={"tags": "Réseaux de chaleur"})
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="crue-orne-rocade-caen")
    assert [tag.name for tag in article.tags.all()] == ["Réseaux de chaleur"]
    assert Tag.objects.get().slug == "reseaux-de-chaleur"


def test_the_admin_reuses_a_tag_typed_without_accents(client, superuser):
    """ "zone a faibles emissions" on a story is the existing tag, not a second one (`_1`)."""
    existing = Tag.objects.create(name="Zone à faibles émissions")
    article = make_article()
    client.force_login(superuser)
    data = edit_data(article, tags="ZONE A FAIBLES EMISSIONS, L’eau, l'EAU")
    assert client.post(change_url(article), data).status_code == 302
    assert {tag.name for tag in article.tags.all()} == {"Zone à faibles émissions", "L’eau"}
    assert article.tags.get(name__startswith="Zone") == existing
    assert Tag.objects.count() == 2


def test_every_writer_reuses_the_folded_tag():
    """Commands and services that tag through the manager reuse the tag too."""
    first = make_article()
    first.tags.add("Vœux du maire")
    second = make_article()
    second.tags.set(["voeux du MAIRE", "Vœux du maire"])
    assert list(second.tags.all()) == list(first.tags.all())
    assert Tag.objects.get().slug == "voeux-du-maire"


def test_the_importer_reuses_the_folded_tag(tmp_path, superuser):
    """A WordPress post tagged "Secheresse" gets the newsroom's "Sécheresse"."""
    Tag.objects.create(name="Sécheresse", slug="secheresse")
    path = tmp_path / "export.xml"
    path.write_text(
        export(item(7, "Les nappes au plus bas", tags=[("secheresse-2", "Secheresse")])),
        encoding="utf-8",
    )
    WordPressImport(path=path, user=superuser).run()
    story = Article.objects.get(title="Les nappes au plus bas")
    assert [tag.slug for tag in story.tags.all()] == ["secheresse"]
    assert Tag.objects.count() == 1


def test_the_tag_admin_refuses_a_second_name_for_a_subject(client, superuser):
    """Adding "Secheresse" when "Sécheresse" exists is a form error naming the tag."""
    Tag.objects.create(name="Sécheresse", slug="secheresse")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:taggit_tag_add"), {"name": "SECHERESSE", "slug": "secheresse-2"}
    )
    assert response.status_code == 200
    assert (
        "L’étiquette «\u00a0Sécheresse\u00a0» désigne déjà ce sujet." in response.content.decode()
    )
    assert Tag.objects.count() == 1


@pytest.mark.parametrize(
    "page",
    [
        "admin:articles_article_add",
        "admin:taggit_tag_add",
        "admin:articles_author_add",
        "admin:articles_region_add",
        "admin:factcheck_outlet_add",
    ],
)
def test_slug_prefill_is_french_in_the_admin(client, superuser, page):
    """Every page that pre-fills a slug loads the French transliteration after Django's."""
    client.force_login(superuser)
    html = client.get(reverse(page)).content.decode()
    assert html.index("admin/js/urlify.js") < html.index("js/urlify-fr.js")


def test_the_repair_merges_variants_and_fixes_slugs_but_leaves_recorded_tags():
    """Old duplicates on drafts are merged and re-slugged; tags of published stories keep
    their names and addresses (their versions link to them)."""
    import importlib

    from django.apps import apps

    from articles.models import Status

    repair = importlib.import_module("articles.migrations.0014_i16_model_repair_tags").repair
    Tag.objects.create(name="Zone à faibles émissions", slug="zone-a-faibles-emissions")
    twin = Tag.objects.create(name="Zone a faibles emissions", slug="zone-a-faibles-emissions_1")
    voeux = Tag.objects.create(name="Vœux du maire", slug="vux-du-maire")
    public_twin = Tag.objects.create(name="ZONE A FAIBLES EMISSIONS", slug="zone_2")
    draft = make_article()
    draft.tags.through.objects.create(content_object=draft, tag=twin)
    draft.tags.through.objects.create(content_object=draft, tag=voeux)
    public = make_article(status=Status.PUBLISHED)
    public.tags.through.objects.create(content_object=public, tag=public_twin)
    repair(apps, None)
    assert sorted(draft.tags.values_list("slug", flat=True)) == [
        "voeux-du-maire",
        "zone-a-faibles-emissions",
    ]
    assert not Tag.objects.filter(pk=twin.pk).exists()
    assert list(public.tags.values_list("slug", flat=True)) == ["zone_2"]


def test_the_tag_field_suggests_existing_tags_to_staff(client, journalist, superuser):
    """Typing "emission" offers "Zone à faibles émissions", most used first; the story
    page's field carries the address and loads the script."""
    Tag.objects.create(name="Zone à faibles émissions")
    Tag.objects.create(name="Crue")
    client.force_login(journalist)
    url = reverse("admin:taggit_tag_suggest")
    assert client.get(url, {"q": "EMISSION"}).json() == {"results": ["Zone à faibles émissions"]}
    assert client.get(url, {"q": ""}).json() == {"results": []}
    client.force_login(superuser)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert f'data-suggest-url="{url}"' in html
    assert "js/tag-suggest.js" in html


def test_tag_suggestions_are_for_staff_only(client):
    """Anonymous visitors are sent to the login page, never given tag names."""
    response = client.get(reverse("admin:taggit_tag_suggest"), {"q": "cr"})
    assert response.status_code == 302
