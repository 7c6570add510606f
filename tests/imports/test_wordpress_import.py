"""WordPress import: stories, authors, statuses, re-runs and bad exports."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from articles.dossier import dossier
from articles.models import Article, ArticleEvent, Author, PublishedVersion, Status
from articles.workflow import TransitionError, apply_transition, options_for
from imports.models import ImportedAuthor, ImportedItem
from imports.services import ImportAborted, WordPressImport, read_region_map
from tests.imports.wxr import author, category, export, item, tag

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path, user, **options):
    # The report's reasons are read in English here (the site's default is French).
    with translation.override("en"):
        return WordPressImport(path=path, user=user, **options).run()


def newsroom_export(**changes):
    return export(
        author("mlebas", "Marie Lebas", "marie.lebas@ancien-site.example"),
        category("normandie", "Normandie"),
        category("faits-divers", "Faits divers"),
        tag("crue", "Crue"),
        item(
            101,
            "La crue de l'Orne sous surveillance",
            content=changes.get("content", "<p>La digue de Thury-Harcourt a tenu.</p>"),
            excerpt="Les pompiers surveillent la rivière.",
            slug="crue-orne",
            categories=[("normandie", "Normandie"), ("faits-divers", "Faits divers")],
            tags=[("crue", "Crue")],
        ),
        item(102, "Marché de Vire : le projet", status="draft", date_gmt="0000-00-00 00:00:00"),
        item(103, "Une brève en attente", status="pending"),
        item(104, "Réservé à l'équipe", status="private"),
        item(105, "La foire de Lessay", status="future", date_gmt="2030-09-01 08:00:00"),
        item(106, "Article supprimé", status="trash"),
    )


@pytest.fixture
def region_map(tmp_path):
    path = tmp_path / "regions.json"
    path.write_text('{"normandie": "normandie"}', encoding="utf-8")
    return read_region_map(path)


def test_a_published_post_becomes_a_public_story_with_a_frozen_version(
    client, tmp_path, superuser, region_map
):
    """A published WordPress post reads at /articles/<slug>/ with its date, region,
    tags and author, served from a real published version."""
    report = run(write(tmp_path, newsroom_export()), superuser, region_map=region_map)
    story = Article.objects.get(slug="crue-orne")
    assert story.status == Status.PUBLISHED
    assert story.published_at.isoformat() == "2019-03-14T08:30:00+00:00"
    assert story.region.slug == "normandie"
    assert sorted(story.tags.names()) == ["Crue", "Faits divers"]
    assert story.introduction == "Les pompiers surveillent la rivière."
    assert story.development == "La digue de Thury-Harcourt a tenu."
    version = PublishedVersion.objects.get(article=story)
    assert story.current_version == version and version.kind == "publication"
    response = client.get("/articles/crue-orne/")
    assert response.status_code == 200
    assert "La digue de Thury-Harcourt a tenu." in response.content.decode()
    assert "Marie Lebas" in response.content.decode()
    assert report.counts[("post", "created (published)")] == 1


def test_the_import_is_recorded_in_the_history_and_named_in_the_dossier(
    tmp_path, superuser, region_map
):
    """The history says the story was imported, and the dossier lists the publication
    without verification as an exception, with the WordPress post it came from."""
    run(write(tmp_path, newsroom_export()), superuser, region_map=region_map)
    story = Article.objects.get(slug="crue-orne")
    actions = list(story.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == [ArticleEvent.Action.CREATE, ArticleEvent.Action.IMPORT]
    exceptions = dossier(story)["exceptions"]
    assert len(exceptions) == 1
    assert exceptions[0]["kind"] == "import"
    assert "post 101" in exceptions[0]["reason"]
    assert story.verified_hash == "" and story.verified_by is None


def test_other_statuses_become_drafts_and_trash_is_skipped(tmp_path, superuser, region_map):
    """Drafts, pending, private and scheduled posts are drafts here; trashed ones are
    skipped and listed with their reason."""
    report = run(write(tmp_path, newsroom_export()), superuser, region_map=region_map)
    statuses = dict(ImportedItem.objects.values_list("wp_id", "article__status").order_by("wp_id"))
    assert statuses == {
        101: Status.PUBLISHED,
        102: Status.DRAFT,
        103: Status.DRAFT,
        104: Status.DRAFT,
        105: Status.DRAFT,
    }
    assert not Article.objects.filter(title="Article supprimé").exists()
    assert any("106" in label and outcome == "skipped" for label, outcome, _why in report.problems)


def test_authors_become_profiles_without_accounts_or_public_email(tmp_path, superuser):
    """A WordPress account becomes an author profile; its e-mail stays private."""
    run(write(tmp_path, newsroom_export()), superuser)
    author_profile = Author.objects.get(name="Marie Lebas")
    assert author_profile.user is None
    assert author_profile.email == ""
    assert ImportedAuthor.objects.get(login="mlebas").email == "marie.lebas@ancien-site.example"
    assert Author.objects.filter(name="Marie Lebas").count() == 1


def test_running_twice_changes_nothing(tmp_path, superuser, region_map):
    """A second run of the same export creates nothing and changes no story."""
    path = write(tmp_path, newsroom_export())
    run(path, superuser, region_map=region_map)
    versions = dict(Article.objects.values_list("slug", "version"))
    events = ArticleEvent.objects.count()
    report = run(path, superuser, region_map=region_map)
    assert dict(Article.objects.values_list("slug", "version")) == versions
    assert ArticleEvent.objects.count() == events
    assert Article.objects.count() == 5
    assert report.counts[("post", "unchanged")] == 5


def test_a_newer_export_updates_the_story_through_a_new_version(tmp_path, superuser, region_map):
    """A post changed on WordPress is updated here: an edit in the history and a second
    published version, never a duplicate story."""
    run(write(tmp_path, newsroom_export()), superuser, region_map=region_map)
    newer = newsroom_export(content="<p>La digue a cédé dans la nuit.</p>")
    report = run(write(tmp_path, newer, "newer.xml"), superuser, region_map=region_map)
    story = Article.objects.get(slug="crue-orne")
    assert Article.objects.filter(title__startswith="La crue").count() == 1
    assert story.development == "La digue a cédé dans la nuit."
    assert list(story.versions.order_by("number").values_list("kind", flat=True)) == [
        "publication",
        "republication",
    ]
    assert story.events.filter(action=ArticleEvent.Action.EDIT).exists()
    assert report.counts[("post", "updated (published)")] == 1


def test_a_story_edited_here_is_not_overwritten_by_a_later_import(tmp_path, superuser, region_map):
    """Once an editor changed an imported story here, a newer export leaves it alone."""
    run(write(tmp_path, newsroom_export()), superuser, region_map=region_map)
    draft = Article.objects.get(title="Marché de Vire : le projet")
    draft.introduction = "Réécrit par la rédaction."
    draft.version += 1
    draft.save()
    newer = newsroom_export(content="<p>Autre version.</p>").replace(
        "La digue a tenu.", "Le marché ouvrira en mai."
    )
    report = run(write(tmp_path, newer, "newer.xml"), superuser, region_map=region_map)
    draft.refresh_from_db()
    assert draft.introduction == "Réécrit par la rédaction."
    assert any("not overwritten" in why for _label, _outcome, why in report.problems)


def test_dry_run_writes_nothing_and_reports_what_it_would_do(tmp_path, superuser):
    """--dry-run prints the same report and leaves the database as it was."""
    out = io.StringIO()
    call_command(
        "import_wordpress", str(write(tmp_path, newsroom_export())), "--dry-run", stdout=out
    )
    assert Article.objects.count() == 0
    assert Author.objects.count() == 0
    assert ImportedItem.objects.count() == 0
    assert "Dry run" in out.getvalue()
    assert "created (published)" in out.getvalue()


def test_duplicate_slugs_get_distinct_addresses(tmp_path, superuser):
    """Two posts with the same slug become two stories at two addresses."""
    text = export(
        item(1, "Fête de la mer à Granville", slug="fete"),
        item(2, "Fête du cidre à Pont-l'Évêque", slug="fete"),
    )
    run(write(tmp_path, text), superuser)
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["fete", "fete-2"]


def test_a_published_post_without_a_valid_date_becomes_a_draft(tmp_path, superuser):
    """'0000-00-00 00:00:00' is no date: the post is kept as a draft, and reported."""
    text = export(
        item(
            7,
            "Sans date",
            date="0000-00-00 00:00:00",
            date_gmt="0000-00-00 00:00:00",
        ).replace("<pubDate>Thu, 14 Mar 2019 08:30:00 +0000</pubDate>", "<pubDate></pubDate>")
    )
    report = run(write(tmp_path, text), superuser)
    assert Article.objects.get(title="Sans date").status == Status.DRAFT
    assert any("no valid date" in why for _label, _outcome, why in report.problems)


def test_a_post_without_author_is_imported_without_byline(tmp_path, superuser):
    """No dc:creator: no byline (never the importing editor's), and a warning."""
    Author.objects.create(name="Chef", slug="chef", user=superuser)
    report = run(write(tmp_path, export(item(8, "Brève", creator=""))), superuser)
    assert not Article.objects.get(title="Brève").bylines.exists()
    assert any(why == "no author" for _label, _outcome, why in report.problems)


def test_older_wxr_versions_and_unknown_namespaces_read_the_same(tmp_path, superuser):
    """A WXR 1.1 export (wp namespace 1.1) with plugin namespaces imports like 1.2."""
    run(write(tmp_path, export(item(9, "Version ancienne"), version="1.1")), superuser)
    assert Article.objects.get(title="Version ancienne").status == Status.PUBLISHED


def test_one_bad_item_is_reported_and_the_others_are_imported(tmp_path, superuser, monkeypatch):
    """A post refused by a story rule fails alone, with its reason; nothing of it (not
    even its new author) is saved, and the posts after it are imported."""
    from articles import editing

    def no_rumours(article):
        return ["Pas de rumeur."] if "rumeur" in article.title else []

    monkeypatch.setattr(editing, "STORY_RULES", [*editing.STORY_RULES, no_rumours])
    text = export(
        item(10, "Bonne nouvelle"),
        item(11, "Une rumeur", creator="inconnu"),
        item(12, "Suite"),
    )
    report = run(write(tmp_path, text), superuser)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Bonne nouvelle", "Suite"]
    assert not Author.objects.filter(name="inconnu").exists()
    assert report.failed == 1
    assert [why for _label, outcome, why in report.problems if outcome == "failed"] == [
        "Pas de rumeur."
    ]
    assert report.counts[("author", "created")] == 1


def test_the_import_transition_is_never_offered_nor_accepted_outside_the_importer(
    superuser,
):
    """No admin button publishes without verification; asking for it is refused."""
    story = Article.objects.create(title="Brouillon", slug="brouillon")
    assert "import" not in [option.name for option in options_for(story, superuser)]
    with pytest.raises(TransitionError):
        apply_transition(article=story, user=superuser, name="import", comment="x")
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_the_importing_user_must_be_an_editor(tmp_path, journalist):
    """A journalist cannot run an import: it publishes."""
    with pytest.raises(ImportAborted):
        run(write(tmp_path, export(item(1, "Titre"))), journalist)


def test_an_unknown_region_in_the_map_stops_before_anything_is_written(tmp_path, superuser):
    """A mapping to a region that does not exist is a clear error at the start."""
    path = tmp_path / "map.json"
    path.write_text('{"normandie": "atlantide"}', encoding="utf-8")
    with pytest.raises(CommandError, match="atlantide"):
        call_command(
            "import_wordpress", str(write(tmp_path, export(item(1, "T")))), "--region-map", path
        )
    assert Article.objects.count() == 0


def test_since_imports_only_posts_modified_from_that_day(tmp_path, superuser):
    """--since 2020-01-01 leaves older posts out, and says how many."""
    text = export(
        item(1, "Ancien", date="2019-03-14 09:30:00", date_gmt="2019-03-14 08:30:00"),
        item(2, "Récent", date="2021-06-01 09:30:00", date_gmt="2021-06-01 07:30:00"),
    )
    out = io.StringIO()
    call_command(
        "import_wordpress", str(write(tmp_path, text)), "--since", "2020-01-01", stdout=out
    )
    assert list(Article.objects.values_list("title", flat=True)) == ["Récent"]
    assert "not modified since" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_wordpress", str(write(tmp_path, text)), "--since", "hier")


def test_an_editor_can_delete_an_imported_draft(client, tmp_path, superuser, editor):
    """The import's record of a draft goes with it; a later run brings it back."""
    run(write(tmp_path, export(item(5, "Brouillon importé", status="draft"))), superuser)
    story = Article.objects.get(title="Brouillon importé")
    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=story.pk).exists()
    assert not ImportedItem.objects.filter(wp_id=5).exists()
