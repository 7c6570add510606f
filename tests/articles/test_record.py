"""The published record: verification binds to content, versions are frozen, and a
published story changes only in the open (issue: "The published record")."""

import json
from datetime import timedelta

import pytest
from django.contrib.messages import constants, get_messages
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from articles import editing, record, workflow
from articles.models import (
    Article,
    ArticleEvent,
    ArticleRedirect,
    Author,
    Correction,
    PublishedVersion,
    Status,
)
from articles.workflow import TransitionConflict, TransitionError, TransitionForbidden
from factcheck.models import Claim, Outlet, Rating, Source
from tests.admin_forms import edit_data, press
from tests.factories import add_claim, add_sources, approve_change, make_article, story
from tests.reader_site import body, json_ld, page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def published(journalist, editor, second_editor, **fields):
    """A story taken through the real workflow: written, submitted, verified, published."""
    article = story(journalist, **fields)
    workflow.apply_transition(article=article, user=journalist, name="submit")
    workflow.apply_transition(article=article, user=second_editor, name="verify")
    workflow.apply_transition(article=article, user=editor, name="publish")
    article.refresh_from_db()
    return article


def public_text(client, article):
    client.logout()
    return body(client.get(article.get_absolute_url()))


# --- the scenarios of the issue, one test each --------------------------------------


def test_stale_approval_is_refused(client, journalist, editor, second_editor):
    """Editor A opened the story at version 1; editor B changed it; A's “verify” from
    the old page is refused with a conflict message and nothing is verified."""
    article = story(journalist, status=Status.SUBMITTED)
    client.force_login(second_editor)
    seen_by_a = edit_data(article, _transition="verify")  # A's page, version 1
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.verified_facts = "B a réécrit les faits vérifiés."
        edit.article.save()
    response = client.post(change_url(article), seen_by_a)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["edit_conflict"]
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.verified_facts == "B a réécrit les faits vérifiés."
    assert not article.events.filter(action=ArticleEvent.Action.VERIFY).exists()


def test_stale_transition_through_the_service_is_a_conflict(journalist, editor, second_editor):
    """The service refuses a step taken from a version or content hash that moved on."""
    article = story(journalist, status=Status.SUBMITTED)
    seen_version, seen_hash = article.version, record.live_hash(article)
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.development = "Ajout."
        edit.article.save()
    for expected in ({"expected_version": seen_version}, {"expected_hash": seen_hash}):
        with pytest.raises(TransitionConflict):
            workflow.apply_transition(
                article=article, user=second_editor, name="verify", **expected
            )
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_verification_records_the_hash_and_publishing_checks_it(journalist, editor, second_editor):
    """Verifying stores the SHA-256 of the content; a story whose rows changed behind the
    workflow's back cannot be published."""
    article = story(journalist, status=Status.SUBMITTED)
    workflow.apply_transition(article=article, user=second_editor, name="verify")
    article.refresh_from_db()
    assert article.verified_hash == record.live_hash(article)
    event = article.events.get(action=ArticleEvent.Action.VERIFY)
    assert event.data["hash"] == article.verified_hash
    Article.objects.filter(pk=article.pk).update(title="Changé en douce")  # no service
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        workflow.apply_transition(article=article, user=editor, name="publish")
    assert "verified again" in str(refused.value)


def test_an_editor_cannot_verify_a_story_they_created(editor, second_editor):
    """An editor who creates a story bylined to an author without an account cannot
    submit, verify and publish it alone."""
    agency = Author.objects.create(name="Agence régionale", slug="agence")
    article = story(agency, status=Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(created_by=editor)
    workflow.apply_transition(article=article, user=editor, name="submit")
    with translation.override("en"), pytest.raises(TransitionForbidden, match="created this story"):
        workflow.apply_transition(article=article, user=editor, name="verify")
    workflow.apply_transition(article=article, user=second_editor, name="verify")


def test_unlinking_ones_author_profile_does_not_open_verification(client, editor, second_editor):
    """An editor who signs a story, submits it, then unlinks their author profile is
    still refused its verification, and after relinking too."""
    article = story(editor, status=Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(created_by=second_editor)
    workflow.apply_transition(article=article, user=editor, name="submit")
    profile = editor.author
    profile.user = None
    profile.save()
    article.refresh_from_db()
    with pytest.raises(TransitionForbidden):
        workflow.apply_transition(article=article, user=editor, name="verify")
    profile.user = editor
    profile.save()
    with pytest.raises(TransitionForbidden):
        workflow.apply_transition(article=article, user=editor, name="verify")


def test_an_editor_who_changed_the_story_cannot_verify_it(journalist, editor, second_editor):
    """Whoever changed the content since submission is not the second pair of eyes."""
    article = story(journalist, status=Status.DRAFT)
    workflow.apply_transition(article=article, user=journalist, name="submit")
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.context = "Un contexte ajouté par l'éditrice."
        edit.article.save()
    with translation.override("en"), pytest.raises(TransitionForbidden, match="changed this story"):
        workflow.apply_transition(article=article, user=editor, name="verify")
    workflow.apply_transition(article=article, user=second_editor, name="verify")


def test_editing_a_scheduled_story_sends_it_back(client, journalist, editor, second_editor):
    """A scheduled story whose verified facts change goes back to verification: its
    schedule is cancelled and it never goes public unverified."""
    article = story(journalist, status=Status.SUBMITTED)
    workflow.apply_transition(article=article, user=second_editor, name="verify")
    when = timezone.now() + timedelta(hours=2)
    workflow.apply_transition(article=article, user=editor, name="publish", publish_at=when)
    article.refresh_from_db()
    assert article.is_scheduled and article.versions.count() == 1
    client.force_login(editor)
    data = edit_data(article, verified_facts="Des faits changés après vérification.")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.published_at is None and article.verified_hash == ""
    assert not article.versions.exists()
    reopen = article.events.get(action=ArticleEvent.Action.REOPEN)
    assert any(
        words in reopen.comment
        for words in ("scheduled publication is cancelled", "publication programmée est annulée")
    )
    assert not Article.objects.scheduled().filter(pk=article.pk).exists()


def test_moving_a_claim_to_another_story_is_recorded_on_both(
    client, journalist, editor, second_editor
):
    """A claim moved on its own page leaves a verified story for verification again and
    a published story's readers still see it until a change is approved."""
    verified = story(journalist, status=Status.SUBMITTED)
    workflow.apply_transition(article=verified, user=second_editor, name="verify")
    live = published(journalist, editor, second_editor)
    target = story(journalist, status=Status.DRAFT)
    client.force_login(editor)
    for source_story in (verified, live):
        source_story.refresh_from_db()
        claim = source_story.claims.get()
        url = reverse("admin:factcheck_claim_change", args=[claim.pk])
        data = claim_post(claim, article=target.pk, sources=[], loaded_version=source_story.version)
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        claim.refresh_from_db()
        assert claim.article == target
        edit = source_story.events.filter(action=ArticleEvent.Action.EDIT).latest("id")
        assert any(
            words in edit.comment
            for words in ("moved to another story", "déplacée vers un autre article")
        )
    verified.refresh_from_db()
    assert verified.status == Status.SUBMITTED
    assert verified.events.filter(action=ArticleEvent.Action.REOPEN).exists()
    assert target.events.filter(action=ArticleEvent.Action.EDIT).exists()
    live.refresh_from_db()
    assert live.status == Status.PUBLISHED
    assert "Le bassin serait fermé tout l'été" in public_text(client, live)


def claim_post(claim, **changes):
    data = {
        "article": claim.article_id,
        "label": claim.label,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_kind": claim.claimant_kind,
        "rating": claim.rating_id or "",
        "verdict_explanation": claim.verdict_explanation,
        "analysis": claim.analysis,
        "sources": [source.pk for source in claim.sources.all()],
        "position": "0",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_published_corrections_cannot_be_deleted(client, journalist, editor, second_editor):
    """A published correction stays: the page offers no delete box, a forged one changes
    nothing, and the write path refuses it for every writer."""
    article = published(journalist, editor, second_editor)
    approve_change(article, editor, second_editor, note="L'horaire était 8 h, pas 9 h.")
    correction = article.corrections.get()
    client.force_login(editor)
    page_html = client.get(change_url(article)).content.decode()
    assert 'name="corrections-0-DELETE"' not in page_html
    data = edit_data(article, **{"corrections-0-DELETE": "on"})
    client.post(change_url(article), data)
    assert Correction.objects.filter(pk=correction.pk).exists()
    with pytest.raises(editing.EditRefused), editing.edit_story(article=article, user=editor):
        Correction.objects.filter(pk=correction.pk).delete()
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_correction_dates_are_the_approval_time(client, journalist, editor, second_editor):
    """A correction is dated when it is approved: a posted date in 2030 or 2001 is ignored."""
    article = published(journalist, editor, second_editor)
    before = timezone.now()
    approve_change(article, editor, second_editor, note="Précision sur la date.")
    correction = article.corrections.get()
    assert before <= correction.published_at <= timezone.now()
    client.force_login(editor)
    data = edit_data(
        article,
        **{"corrections-0-published_at_0": "2030-01-01", "corrections-0-published_at_1": "10:00"},
    )
    client.post(change_url(article), data)
    correction.refresh_from_db()
    assert before <= correction.published_at <= timezone.now()


def test_a_correction_reaches_readers_only_once_approved(client, journalist, editor, second_editor):
    """An edit of a published story is invisible until a second editor approves it; then
    readers get a new version with the public note, and the old one stays readable."""
    article = published(journalist, editor, second_editor)
    client.force_login(editor)
    data = edit_data(article, development="Le bassin ouvre à 8 h, et non 9 h.")
    client.post(change_url(article), data)
    assert "Le bassin ouvre à 8 h" not in public_text(client, article)
    client.force_login(editor)
    response = press(
        client, article, "propose", change_kind="correction", comment="L'horaire était faux."
    )
    assert response.status_code == 302
    with (
        translation.override("en"),
        pytest.raises(TransitionForbidden, match="proposed this change"),
    ):
        workflow.apply_transition(article=article, user=editor, name="approve")
    client.force_login(second_editor)
    press(client, article, "approve")
    text = public_text(client, article)
    assert "Le bassin ouvre à 8 h" in text and "L&#x27;horaire était faux." in text
    article.refresh_from_db()
    assert article.current_version.number == 2
    assert article.current_version.kind == PublishedVersion.Kind.CORRECTION
    listing = page(client, reverse("articles:article_versions", args=[article.slug]))
    assert len(listing.find_all("li")) >= 2
    diff = body(client.get(reverse("articles:article_version", args=[article.slug, 2])))
    assert "<ins>" in diff and "8" in diff
    first = body(client.get(reverse("articles:article_version", args=[article.slug, 1])))
    assert "Le bassin ouvre à 8 h" not in first
    log = body(client.get(reverse("articles:corrections")))
    assert "L&#x27;horaire était faux." in log


def test_a_change_made_after_the_proposal_withdraws_it(journalist, editor, second_editor):
    """A second editor approves what was proposed, nothing else: an edit after the
    proposal withdraws it from approval."""
    article = published(journalist, editor, second_editor)
    approve_args = {"note": "Ajout."}
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.context = "Version proposée."
        edit.article.save()
    workflow.apply_transition(
        article=article, user=editor, name="propose", comment="Ajout.", change_kind="update"
    )
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.context = "Version modifiée ensuite."
        edit.article.save()
    article.refresh_from_db()
    assert article.change_proposed_at is None
    with pytest.raises(TransitionError):
        workflow.apply_transition(article=article, user=second_editor, name="approve")
    assert approve_args  # the proposal must be made again


def test_verdict_change_keeps_the_old_verdict_visible(client, journalist, editor, second_editor):
    """A changed verdict reaches readers only after a second editor approves it, with a
    notice naming the old verdict and a dateModified on that ClaimReview."""
    article = published(journalist, editor, second_editor)
    claim = article.claims.get()
    old_label = claim.rating.label
    with editing.edit_story(article=article, user=editor) as edit:
        Claim.objects.filter(pk=claim.pk).update(rating=Rating.objects.get(slug="vrai"))
        assert edit  # the change is made inside the write path
    assert old_label in public_text(client, article)
    workflow.apply_transition(
        article=article,
        user=editor,
        name="propose",
        comment="Nouveau document.",
        change_kind="update",
    )
    workflow.apply_transition(article=article, user=second_editor, name="approve")
    client.logout()
    html = page(client, article.get_absolute_url())
    notice = html.find("p", cls="verdict-change")
    assert notice is not None and old_label in notice.text
    reviews = [item for item in json_ld(html) if item["@type"] == "ClaimReview"]
    assert reviews[0]["reviewRating"]["alternateName"] == Rating.objects.get(slug="vrai").label
    assert reviews[0]["dateModified"] >= reviews[0]["datePublished"]
    assert "dateModified" not in [r for r in reviews if r is not reviews[0]]


def test_relabelling_a_verdict_changes_no_published_version(
    client, journalist, editor, second_editor
):
    """Renaming a verdict of the scale leaves published fact-checks as they were; an
    editor republishes each with a recorded reason."""
    article = published(journalist, editor, second_editor)
    rating = article.claims.get().rating
    frozen = public_text(client, article)
    client.force_login(editor)
    url = reverse("admin:factcheck_rating_change", args=[rating.pk])
    form = {
        "label": "Complètement faux",
        "slug": rating.slug,
        "value": rating.value or "",
        "description": rating.description,
        "colour": rating.colour,
        "position": rating.position,
    }
    assert client.post(url, form).status_code == 302
    assert public_text(client, article) == frozen
    client.force_login(editor)
    assert article.title in client.get(url).content.decode()  # the stories that show it
    press(client, article, "republish", comment="Nouvelle échelle des verdicts.")
    assert "Complètement faux" in public_text(client, article)
    article.refresh_from_db()
    assert article.current_version.kind == PublishedVersion.Kind.REPUBLICATION
    assert article.current_version.reason == "Nouvelle échelle des verdicts."


def test_renaming_an_outlet_changes_no_published_version(client, journalist, editor, second_editor):
    """Renaming an outlet does not rewrite published stories; republishing is refused when
    the text changed too (that needs a proposal and a second editor)."""
    article = published(journalist, editor, second_editor)
    outlet = Outlet.objects.get(slug="ouest-france")
    frozen = public_text(client, article)
    client.force_login(editor)
    url = reverse("admin:factcheck_outlet_change", args=[outlet.pk])
    form = {
        "name": "Ouest-France (édition Manche)",
        "slug": outlet.slug,
        "homepage": "",
        "kind": "press",
    }
    assert client.post(url, form).status_code == 302
    assert public_text(client, article) == frozen
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.context = "Un ajout qui n'est pas un libellé."
        edit.article.save()
    with translation.override("en"), pytest.raises(TransitionError, match="not only a label"):
        workflow.apply_transition(article=article, user=editor, name="republish", comment="x")


def test_a_verified_story_goes_back_when_a_label_it_shows_changes(
    journalist, editor, second_editor
):
    """A verified story's content hash covers the verdict labels it shows: relabelling sends
    it back to verification rather than publishing words nobody verified."""
    article = story(journalist, status=Status.SUBMITTED)
    workflow.apply_transition(article=article, user=second_editor, name="verify")
    rating = article.claims.get().rating
    rating.label = "Archi-faux"
    rating.save()
    from factcheck import services

    assert services.rating_changed(rating=rating, user=editor) == 1
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_each_claim_needs_a_primary_source_of_its_own(journalist, second_editor):
    """A claim backed only by two outlets' coverage is not verified, even when the story
    cites an unrelated primary document."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    add_sources(article, "Insee")  # a primary document, for another point
    coverage = add_sources(article, "Ouest-France", "France 3", kind=Source.Kind.COVERAGE)
    add_claim(article, Rating.objects.get(slug="faux"), coverage, label="Le port fermerait")
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        workflow.apply_transition(article=article, user=second_editor, name="verify")
    assert any(
        "Le port fermerait" in problem and "primary" in problem
        for problem in refused.value.problems
    )


def test_a_claim_cannot_cite_another_storys_source_through_any_writer(journalist, editor):
    """The write path refuses a claim citing another story's source, whoever writes it."""
    mine = story(journalist)
    theirs = story(journalist)
    claim = mine.claims.get()
    with (
        pytest.raises(editing.EditRefused, match="another story|autre article"),
        editing.edit_story(article=mine, user=editor),
    ):
        claim.sources.add(theirs.sources.first())
    assert not claim.sources.filter(article=theirs).exists()


# --- the versions themselves ----------------------------------------------------------


def test_published_versions_are_immutable(journalist, editor, second_editor):
    """A version cannot be saved again or deleted, in Python or in SQL."""
    article = published(journalist, editor, second_editor)
    version = article.current_version
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()
    table = PublishedVersion._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reason = 'réécrit' WHERE id = %s", [version.pk])  # noqa: S608
    version.refresh_from_db()
    assert version.reason == ""


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_delete_a_public_version(journalist, editor, second_editor):
    """On PostgreSQL a trigger refuses deleting a version readers could see."""
    article = published(journalist, editor, second_editor)
    table = PublishedVersion._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [article.current_version_id])  # noqa: S608
    assert PublishedVersion.objects.filter(pk=article.current_version_id).exists()


def test_the_admin_offers_no_way_to_change_a_version(
    client, superuser, journalist, editor, second_editor
):
    """Published versions are read-only in the admin, for superusers too."""
    article = published(journalist, editor, second_editor)
    client.force_login(superuser)
    model_admin_url = "admin:articles_publishedversion_change"
    from django.urls import NoReverseMatch

    try:
        url = reverse(model_admin_url, args=[article.current_version_id])
    except NoReverseMatch:
        return  # not registered at all: nothing to change
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_verify_record_passes_and_finds_a_broken_link(journalist, editor, second_editor, capsys):
    """`manage.py verify_record` passes on an intact record and names the first broken link."""
    article = published(journalist, editor, second_editor)
    approve_change(article, editor, second_editor, note="Précision.")
    call_command("verify_record")
    assert "The record holds" in capsys.readouterr().out
    table = PublishedVersion._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks on the table
            cursor.execute(
                f"ALTER TABLE {table} DISABLE TRIGGER articles_publishedversion_immutable"
            )
        else:
            cursor.execute("DROP TRIGGER articles_publishedversion_immutable")
        cursor.execute(
            f"UPDATE {table} SET reason = 'réécrit' WHERE article_id = %s AND number = 1",  # noqa: S608
            [article.pk],
        )
    with pytest.raises(CommandError):
        call_command("verify_record")
    out = capsys.readouterr().out
    assert f"article {article.pk}" in out and "version 1" in out


def test_the_story_page_serves_the_frozen_version(client, journalist, editor, second_editor):
    """Rows changed behind the workflow's back do not reach readers: they read the version."""
    article = published(journalist, editor, second_editor)
    Article.objects.filter(pk=article.pk).update(title="Titre jamais vérifié")
    Claim.objects.filter(article=article).update(label="Libellé jamais vérifié")
    for url in (
        article.get_absolute_url(),
        "/",
        "/flux/articles.rss",
        "/verifications/claimreview.json",
    ):
        text = body(client.get(url))
        assert "jamais vérifié" not in text, url


def test_withdrawal_is_a_version_and_is_logged(client, journalist, editor, second_editor):
    """Withdrawing makes a last version with the public reason; the log lists it."""
    article = published(journalist, editor, second_editor)
    workflow.apply_transition(
        article=article, user=editor, name="withdraw", comment="Source fausse."
    )
    article.refresh_from_db()
    assert article.current_version.kind == PublishedVersion.Kind.WITHDRAWAL
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410 and "Source fausse." in body(response)
    assert "Source fausse." in body(client.get(reverse("articles:corrections")))
    assert client.get(reverse("articles:article_versions", args=[article.slug])).status_code == 410


def test_unknown_version_number_is_not_found(client, journalist, editor, second_editor):
    """Asking for a version that does not exist answers 404."""
    article = published(journalist, editor, second_editor)
    assert (
        client.get(reverse("articles:article_version", args=[article.slug, 9])).status_code == 404
    )


# --- restoring, recalling, the dossier ------------------------------------------------


def test_an_editor_restores_an_earlier_revision(client, journalist, editor):
    """Restoring brings back an earlier revision as a new one; nothing is overwritten."""
    article = story(journalist)
    client.force_login(journalist)
    client.post(change_url(article), edit_data(article, title="Premier titre"))
    article.refresh_from_db()
    first = article.revisions.latest("version")
    client.post(change_url(article), edit_data(article, title="Second titre"))
    article.refresh_from_db()
    client.force_login(editor)
    url = reverse("admin:articles_article_restore", args=[article.pk])
    response = client.post(url, {"source": first.version, "loaded_version": article.version})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Premier titre"
    assert article.revisions.count() == 3
    assert article.events.filter(action=ArticleEvent.Action.RESTORE).exists()


def test_a_journalist_cannot_restore(client, journalist):
    """Restoring is an editor's act: a journalist's POST is refused with 403."""
    article = story(journalist)
    client.force_login(journalist)
    url = reverse("admin:articles_article_restore", args=[article.pk])
    assert client.post(url, {"source": "1"}).status_code == 403


def test_a_journalist_recalls_their_submitted_story(client, journalist, other_journalist):
    """The author recalls a submitted story to draft; a colleague cannot."""
    article = story(journalist, status=Status.SUBMITTED)
    with pytest.raises(TransitionForbidden):
        workflow.apply_transition(article=article, user=other_journalist, name="recall")
    client.force_login(journalist)
    press(client, article, "recall", comment="J'ai oublié une source.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    event = article.events.get(action=ArticleEvent.Action.RECALL)
    assert event.actor == journalist and event.comment == "J'ai oublié une source."


def test_verification_dossier(client, journalist, editor, second_editor):
    """The dossier lists claims, sources with archives, who did each step and every
    version's hash, as JSON and as a printable page."""
    article = published(journalist, editor, second_editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_dossier", args=[article.pk])
    data = json.loads(client.get(url, {"format": "json"}).content)
    assert data["steps"]["verified"]["by"]["username"] == second_editor.username
    assert data["steps"]["published"]["by"]["username"] == editor.username
    assert data["claims"][0]["rating"]["slug"] == "faux"
    assert {source["url"] for source in data["sources"]} == set(
        article.sources.values_list("url", flat=True)
    )
    assert data["claims"][0]["sources"]
    assert data["versions"][0]["record_hash"] == article.current_version.record_hash
    assert data["chain"]["intact"] is True
    assert data["story"]["verified_hash"] == article.verified_hash
    html = client.get(url)
    assert html.status_code == 200 and article.current_version.record_hash in html.content.decode()


# --- a public story's address ------------------------------------------------------------


def test_renaming_a_public_storys_slug_keeps_the_old_address(
    client, journalist, editor, second_editor
):
    """The old address of a published story answers 301 to the new one, in both languages,
    and the rename is recorded in the history."""
    article = published(journalist, editor, second_editor)
    old_slug = article.slug
    client.force_login(editor)
    response = client.post(change_url(article), edit_data(article, slug="nouvelle-adresse"))
    assert response.status_code == 302
    client.logout()
    for prefix in ("", "/en", "/fr"):
        response = client.get(f"{prefix}/articles/{old_slug}/")
        if response.status_code == 404 and prefix:
            continue  # the default language has no prefix
        assert response.status_code == 301, prefix
        assert response["Location"].endswith("/articles/nouvelle-adresse/")
        assert client.get(response["Location"]).status_code == 200
    event = article.events.get(action=ArticleEvent.Action.ADDRESS)
    assert "nouvelle-adresse" in event.comment
    assert ArticleRedirect.objects.get(old_slug=old_slug).article == article
    assert client.get("/articles/jamais-existe/").status_code == 404


def test_story_page_messages_after_editing_a_published_story(
    client, journalist, editor, second_editor
):
    """After saving an edit of a published story, the editor is told readers don't see it yet."""
    article = published(journalist, editor, second_editor)
    client.force_login(editor)
    response = client.post(change_url(article), edit_data(article, context="Ajout."))
    levels = [m.level for m in get_messages(response.wsgi_request)]
    assert constants.WARNING in levels
    assert "Ajout." not in public_text(client, article)
