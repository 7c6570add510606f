"""Archived evidence: the worker archives every cited URL, readers get our copy at
/preuves/<hash>/, and verification refuses a story whose evidence is not archived."""

import hashlib
import io

import pytest
from django.urls import reverse
from warcio.archiveiterator import ArchiveIterator

from articles.models import Status
from articles.workflow import TransitionError, apply_transition
from factcheck.evidence import record_exemption
from factcheck.models import ClaimAppearance, EvidenceCapture, EvidenceExemption, Source
from tests.factories import add_claim, add_sources, make_article
from tests.tasks import queued, run_tasks

pytestmark = pytest.mark.django_db


def cite(article, url, title="Arrêté municipal d'ouverture"):
    from factcheck.models import Outlet

    outlet, _ = Outlet.objects.get_or_create(slug="mairie-granville", name="Mairie de Granville")
    return Source.objects.create(article=article, outlet=outlet, title=title, url=url)


def test_a_cited_url_is_archived_by_the_worker(evidence_server, journalist):
    """Saving a source queues its archiving; the worker stores a WARC record, its SHA-256,
    the status, the final URL and a readable copy without the page's scripts."""
    article = make_article(author=journalist)
    url = evidence_server.url("/ancien")
    cite(article, url)
    assert [t.args_kwargs["kwargs"]["url"] for t in queued("archive_evidence")] == [url]
    assert run_tasks() == 1
    capture = EvidenceCapture.objects.get(url=url)
    assert capture.is_usable and capture.status_code == 200
    assert capture.final_url == evidence_server.url("/arrete")
    assert capture.title == "Arrêté n° 2024-118 — Mairie de Granville"
    assert "Le bassin d'eau de mer rouvre le 1er juin." in capture.text
    assert "Horaires : 8 h – 20 h & nocturnes le vendredi." in capture.text
    assert "alert" not in capture.text and "color:red" not in capture.text
    with capture.warc.open("rb") as stored:
        records = [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.http_headers.get_statuscode(),
                r.content_stream().read(),
            )
            for r in ArchiveIterator(io.BytesIO(stored.read()))
        ]
    ((kind, target, status, payload),) = records
    assert (kind, target, status) == ("response", capture.final_url, "200")
    assert hashlib.sha256(payload).hexdigest() == capture.sha256


def test_archiving_is_idempotent(evidence_server, journalist):
    """A URL already archived is not fetched again, whoever cites it next."""
    url = evidence_server.url("/arrete")
    cite(make_article(author=journalist), url)
    run_tasks()
    cite(make_article(author=journalist), url)
    assert queued("archive_evidence") == []
    assert EvidenceCapture.objects.filter(url=url).count() == 1


@pytest.mark.parametrize(
    "path, failure, status",
    [
        ("/vers-metadonnees", "address", None),
        ("/enorme", "too_large", None),
        ("/absent", "", 404),
    ],
)
def test_a_failed_archive_is_recorded_with_its_reason(
    evidence_server, journalist, path, failure, status
):
    """A refused, huge or missing page is recorded with why; it is not usable evidence."""
    url = evidence_server.url(path)
    cite(make_article(author=journalist), url)
    run_tasks()
    capture = EvidenceCapture.objects.get(url=url)
    assert (capture.failure, capture.status_code) == (failure, status)
    assert not capture.is_usable
    assert queued("archive_evidence") == []  # permanent: no retry


def test_a_slow_server_is_retried_later(evidence_server, settings, journalist):
    """A timeout is recorded and the archiving retried with back-off."""
    settings.FETCH_TIMEOUT = 0.3
    url = evidence_server.url("/lent")
    cite(make_article(author=journalist), url)
    run_tasks()
    assert EvidenceCapture.objects.get(url=url).failure == "timeout"
    (retry,) = queued("archive_evidence")
    assert retry.args_kwargs["kwargs"]["_attempt"] == 2


def test_our_copy_is_public_at_its_hash(client, evidence_server, journalist):
    """/preuves/<hash>/ shows the text (escaped, no script), where and when; the WARC
    record downloads; an unknown hash is a 404."""
    cite(make_article(author=journalist), evidence_server.url("/arrete"))
    run_tasks()
    capture = EvidenceCapture.objects.get()
    page = client.get(f"/preuves/{capture.sha256}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Le bassin d&#x27;eau de mer rouvre le 1er juin." in html
    assert "<script>document" not in html and "onerror" not in html
    assert capture.sha256 in html
    warc = client.get(f"/preuves/{capture.sha256}/warc/")
    assert warc.status_code == 200 and warc["Content-Type"] == "application/warc"
    assert client.get("/preuves/" + "0" * 64 + "/").status_code == 404
    assert client.get("/preuves/pas-un-hash/warc/").status_code == 404


def unarchived_story(journalist, ratings):
    article = make_article(author=journalist, status=Status.SUBMITTED)
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral", archive=False)
    claim = add_claim(article, ratings["faux"], sources, appeared_on=None)
    ClaimAppearance.objects.create(
        claim=claim,
        url="https://reseau.example/post/118",
        appeared_on="2026-06-01",
        is_first=True,
    )
    return article


def test_verification_refuses_unarchived_evidence_naming_it(journalist, second_editor, ratings):
    """Each source and appearance without an archive is named in the refusal."""
    article = unarchived_story(journalist, ratings)
    with pytest.raises(TransitionError) as refused:
        apply_transition(article=article, user=second_editor, name="verify")
    problems = " ".join(str(p) for p in refused.value.problems)
    assert "Document de Préfecture de la Manche" in problems
    assert "https://example.org/ouest-littoral" in problems
    assert "https://reseau.example/post/118" in problems


def test_verification_accepts_ours_a_typed_archive_or_an_exception(
    journalist, editor, second_editor, ratings
):
    """Our capture, an archive address the journalist typed, or an editor's recorded
    exception: each lets verification through."""
    from tests.factories import archived

    article = unarchived_story(journalist, ratings)
    prefecture = Source.objects.get(article=article, title="Document de Préfecture de la Manche")
    archived(prefecture.url)
    Source.objects.filter(url="https://example.org/ouest-littoral").update(
        archived_url="https://web.archive.org/web/2024/https://example.org/ouest-littoral"
    )
    record_exemption(
        article=article,
        url="https://reseau.example/post/118",
        reason="Publication supprimée avant capture ; capture d'écran au dossier.",
        user=editor,
    )
    apply_transition(article=article, user=second_editor, name="verify")
    article.refresh_from_db()
    assert article.status == Status.VERIFIED


def test_only_an_editor_records_an_exception_with_a_reason(journalist, editor, ratings):
    """A journalist cannot; an empty reason is refused."""
    from django.core.exceptions import PermissionDenied

    article = unarchived_story(journalist, ratings)
    with pytest.raises(PermissionDenied):
        record_exemption(article=article, url="https://x.example/", reason="Non.", user=journalist)
    with pytest.raises(ValueError):
        record_exemption(article=article, url="https://x.example/", reason="  ", user=editor)
    assert not EvidenceExemption.objects.exists()


def test_exceptions_are_recorded_in_the_admin_and_the_dossier(client, journalist, editor, ratings):
    """An editor records one in the admin; it shows in the story's dossier; a journalist
    gets no add page."""
    article = unarchived_story(journalist, ratings)
    add_url = reverse("admin:factcheck_evidenceexemption_add")
    client.force_login(journalist)
    assert client.get(add_url).status_code == 403
    client.force_login(editor)
    response = client.post(
        add_url,
        {"article": article.pk, "url": "https://reseau.example/post/118", "reason": "Supprimée."},
    )
    assert response.status_code == 302
    exemption = EvidenceExemption.objects.get()
    assert exemption.created_by == editor
    dossier = client.get(
        reverse("admin:articles_article_dossier", args=[article.pk]) + "?format=json"
    ).json()
    assert dossier["evidence_exemptions"][0]["reason"] == "Supprimée."


def test_the_story_page_links_each_source_to_our_copy(client, editor, journalist, ratings):
    """Readers get "our archived copy" next to each archived source and appearance."""
    from tests.factories import archived, refreeze

    article = make_article(author=journalist, status=Status.PUBLISHED)
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    claim = add_claim(article, ratings["faux"], sources, appeared_on=None)
    capture = archived("https://reseau.example/post/118")
    ClaimAppearance.objects.create(
        claim=claim, url=capture.url, appeared_on="2026-06-01", is_first=True
    )
    refreeze(article)
    html = client.get(article.get_absolute_url()).content.decode()
    ours = EvidenceCapture.objects.filter(url=sources[0].url).first()
    assert f'href="/preuves/{ours.sha256}/"' in html
    assert f'href="/preuves/{capture.sha256}/"' in html
