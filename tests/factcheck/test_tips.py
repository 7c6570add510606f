"""Reader tips: the public form and its refusals, the triage queue, the answer e-mailed once
when the story is public, and e-mail addresses forgotten."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.workflow import apply_transition
from factcheck import tips
from factcheck.forms import issue_stamp
from factcheck.models import Claim, Tip
from tests.factories import story
from tests.reader_site import body
from tests.security.hostile import HOSTILE

pytestmark = pytest.mark.django_db

TEXT = "Une vidéo affirme que le pont de la Fonderie à Caen sera fermé pendant deux ans."


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    settings.TIP_FORM_MIN_SECONDS = 0


def answers():
    """Mails sent to readers (the workflow also mails the story's authors)."""
    staff = ("lea@example.org", "claire@example.org")
    return [m for m in mail.outbox if m.to[0] not in staff]


def send(client, **fields):
    data = {
        "text": TEXT,
        "seen_where": "https://example.org/video/42",
        "seen_on": "",
        "email": "",
        "stamp": issue_stamp(),
        **fields,
    }
    return client.post(reverse("factcheck:tip"), data, REMOTE_ADDR=fields.pop("addr", "10.0.0.1"))


# --- the public form ------------------------------------------------------------------


def test_the_form_is_french_accessible_and_needs_no_script(client):
    """/signaler/ shows labelled fields in French, a CSRF token, and no script at all."""
    response = client.get("/signaler/")
    page = body(response)
    assert response.status_code == 200
    assert "Signaler" in page and 'lang="fr"' in page
    assert "csrfmiddlewaretoken" in page
    assert "<script" not in page.replace('<script type="application/ld+json"', "")
    for name in ("text", "seen_where", "seen_on", "email", "consent"):
        assert f'for="id_{name}"' in page
    assert 'aria-describedby="id_text_helptext"' in page
    assert "no-store" in response["Cache-Control"]  # never a shared copy with a token


def test_the_form_exists_in_english(client):
    page = body(client.get("/en/signaler/"))
    assert 'lang="en"' in page and "What did you see?" in page


def test_every_page_links_to_the_form(client):
    assert reverse("factcheck:tip") in body(client.get("/"))


def test_a_tip_is_received(client):
    """A reader's tip is stored and the reader is thanked; no e-mail is kept without one."""
    response = send(client)
    assert response.status_code == 302 and response["Location"] == reverse("factcheck:tip_thanks")
    tip = Tip.objects.get()
    assert (tip.text, tip.seen_where, tip.state, tip.email) == (
        TEXT,
        "https://example.org/video/42",
        Tip.State.NEW,
        "",
    )
    assert tip.sender and "10.0.0.1" not in tip.sender  # a keyed hash, never the address


def test_an_email_is_kept_only_with_consent(client):
    """An e-mail without the box ticked: a clear error, the text kept, nothing stored."""
    response = send(client, email="lecteur@example.org")
    page = body(response)
    assert response.status_code == 200
    assert not Tip.objects.exists()
    assert "Cochez la case" in page
    assert "pont de la Fonderie" in page  # the text is kept
    send(client, email="Lecteur@Example.org", consent="on")
    tip = Tip.objects.get()
    assert (tip.email, tip.consent) == ("lecteur@example.org", True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Ce champ est obligatoire"),
        ("Faux", "au moins 10 caractères"),
        ("x" * 3001, "3000 caractères"),
        ("https://example.org/a https://example.org/b", "un lien seul"),
        ("<script>alert(1)</script><b></b>", "au moins 10 caractères"),
    ],
)
def test_bad_text_gets_a_clear_error_and_is_kept(client, text, message):
    response = send(client, text=text)
    assert response.status_code == 200
    assert message in body(response)
    assert not Tip.objects.exists()


def test_markup_and_control_characters_are_not_stored(client):
    """Script and HTML are removed, control characters dropped, what remains is kept."""
    send(client, text="<script>alert(1)</script>Le pont\x0b de la <b>Fonderie</b> fermé\x1f 2 ans")
    tip = Tip.objects.get()
    assert "<" not in tip.text and "\x0b" not in tip.text and "\x1f" not in tip.text
    assert "Le pont" in tip.text and "Fonderie" in tip.text


def test_a_nul_byte_is_a_form_error(client):
    response = send(client, text=TEXT + "\x00")
    assert response.status_code == 200 and not Tip.objects.exists()


def test_a_date_in_the_future_is_refused(client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = send(client, seen_on=tomorrow)
    assert "futur" in body(response) and not Tip.objects.exists()


def test_the_honeypot_stores_nothing(client):
    """A robot that fills the hidden field is thanked and nothing is stored."""
    response = send(client, website="https://spam.example")
    assert response.status_code == 302 and not Tip.objects.exists()


@pytest.mark.parametrize("stamp", ["", "forged", "1700000000"])
def test_a_missing_or_forged_stamp_is_refused(client, stamp):
    response = send(client, stamp=stamp)
    page = body(response)
    assert response.status_code == 200 and "expiré" in page and "Fonderie" in page
    assert not Tip.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, settings):
    settings.TIP_FORM_MIN_SECONDS = 60
    response = send(client)
    assert response.status_code == 200 and not Tip.objects.exists()
    assert "Fonderie" in body(response)


def test_csrf_is_enforced(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("factcheck:tip"), {"text": TEXT, "stamp": issue_stamp()})
    assert response.status_code == 403 and not Tip.objects.exists()


def test_the_same_tip_twice_is_kept_once(client):
    """A double click, or the same tip sent again the same day: one tip."""
    send(client)
    send(client, text=TEXT.upper())
    assert Tip.objects.count() == 1


def test_thousands_of_tips_from_one_address_are_refused(client, settings):
    """Beyond the hourly limit per address: 429 with the text kept; another address passes."""
    settings.TIP_RATE_PER_ADDRESS = 3
    for n in range(3):
        assert send(client, text=f"{TEXT} Variante numéro {n} avec le mot {n}x.").status_code == 302
    response = send(client, text=f"{TEXT} Encore une autre version.")
    assert response.status_code == 429
    assert "Encore une autre version" in body(response)
    assert Tip.objects.count() == 3
    assert send(client, text=f"{TEXT} Autre lecteur.", addr="10.0.0.2").status_code == 302


def test_the_site_wide_limit_holds(client, settings):
    settings.TIP_RATE_GLOBAL = 2
    send(client, text=f"{TEXT} Un.", addr="10.0.0.1")
    send(client, text=f"{TEXT} Deux.", addr="10.0.0.2")
    assert send(client, text=f"{TEXT} Trois.", addr="10.0.0.3").status_code == 429


# --- the triage queue -------------------------------------------------------------------


@pytest.fixture
def tip():
    return tips.submit_tip(text=TEXT, email="lecteur@example.org", consent=True, address="x")


def test_the_queue_shows_similar_claims(client, journalist, tip, normandie):
    """A journalist opening a tip sees the claim already entered that it repeats."""
    article = story(journalist)
    claim = Claim.objects.create(
        article=article,
        label="Fermeture du pont de la Fonderie",
        statement="Le pont de la Fonderie à Caen fermé deux ans.",
    )
    client.force_login(journalist)
    page = body(client.get(reverse("admin:factcheck_tip_change", args=[tip.pk])))
    assert reverse("admin:factcheck_claim_change", args=[claim.pk]) in page
    assert "lecteur@example.org" not in page  # the address is not shown around


def test_the_queue_groups_similar_tips(client, editor, tip):
    twin = tips.submit_tip(
        text="Le pont de la Fonderie de Caen fermé 2 ans, vu dans une vidéo", address="y"
    )
    client.force_login(editor)
    page = body(client.get(reverse("admin:factcheck_tip_change", args=[twin.pk])))
    assert reverse("admin:factcheck_tip_change", args=[tip.pk]) in page


def triage(client, tip, **fields):
    data = {"state": "new", "claim": "", "duplicate_of": "", "rejection_reason": "", **fields}
    return client.post(reverse("admin:factcheck_tip_change", args=[tip.pk]), data)


def test_accepting_needs_a_claim_and_rejecting_a_reason(client, editor, tip):
    client.force_login(editor)
    assert "qui répond à ce signalement" in body(triage(client, tip, state="accepted"))
    assert "Dites pourquoi" in body(triage(client, tip, state="rejected"))
    tip.refresh_from_db()
    assert tip.state == Tip.State.NEW
    response = triage(client, tip, state="rejected", rejection_reason="Hors de notre zone.")
    assert response.status_code == 302
    tip.refresh_from_db()
    assert (tip.state, tip.rejection_reason) == ("rejected", "Hors de notre zone.")
    assert tip.triaged_by == editor


def test_readers_cannot_add_tips_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:factcheck_tip_add")).status_code == 403


def test_the_desk_counts_tips_by_state(client, editor, tip):
    client.force_login(editor)
    page = body(client.get(reverse("admin:index")))
    assert 'id="desk-tips"' in page
    assert reverse("admin:factcheck_tip_changelist") + "?state__exact=new" in page


# --- the answer ------------------------------------------------------------------------


def test_publishing_the_story_answers_the_tipster_once(
    journalist, editor, second_editor, tip, django_capture_on_commit_callbacks
):
    """Accepted, linked to the claim, the story published: one mail with the link, then the
    address is erased; a later republication sends nothing more."""
    article = story(journalist, status=Status.VERIFIED)
    claim = article.claims.get()
    tips.triage_tip(tip=tip, user=editor, state=Tip.State.ACCEPTED, claim=claim)
    assert mail.outbox == []  # the story is not public yet
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=second_editor, name="publish")
    assert len(answers()) == 1
    message = answers()[0]
    assert message.to == ["lecteur@example.org"]
    assert claim.get_absolute_url() in message.body and "Fonderie" in message.body
    tip.refresh_from_db()
    assert tip.email == "" and tip.answered_at is not None
    assert tips.answer_tips(article=article) == 0
    assert len(answers()) == 1


def test_a_tip_linked_to_a_published_check_is_answered_at_once(
    journalist, editor, tip, django_capture_on_commit_callbacks
):
    """A rumour already checked: marking the tip a duplicate of that claim answers it."""
    article = story(journalist, status=Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        tips.triage_tip(tip=tip, user=editor, state=Tip.State.DUPLICATE, claim=article.claims.get())
    assert [m.to for m in answers()] == [["lecteur@example.org"]]


def test_repeated_tips_are_answered_with_the_first(
    journalist, editor, second_editor, tip, django_capture_on_commit_callbacks
):
    other = tips.submit_tip(
        text="Pont de la Fonderie fermé deux ans ?",
        email="autre@example.org",
        consent=True,
        address="z",
    )
    article = story(journalist, status=Status.VERIFIED)
    tips.triage_tip(tip=tip, user=editor, state="accepted", claim=article.claims.get())
    tips.triage_tip(tip=other, user=editor, state="duplicate", duplicate_of=tip)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=second_editor, name="publish")
    assert sorted(m.to[0] for m in answers()) == ["autre@example.org", "lecteur@example.org"]


def test_a_scheduled_story_answers_when_it_is_public(journalist, editor, second_editor, tip):
    """No mail while the story is scheduled; the daily command sends it once it is public."""
    article = story(journalist, status=Status.VERIFIED)
    tips.triage_tip(tip=tip, user=editor, state="accepted", claim=article.claims.get())
    apply_transition(
        article=article,
        user=second_editor,
        name="publish",
        publish_at=timezone.now() + timedelta(hours=1),
    )
    call_command("purge_tip_emails")
    assert answers() == []
    article.refresh_from_db()
    type(article).objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("purge_tip_emails")
    assert len(answers()) == 1


def test_a_mail_server_outage_keeps_the_answer_for_later(journalist, editor, tip, monkeypatch):
    article = story(journalist, status=Status.PUBLISHED)
    Tip.objects.filter(pk=tip.pk).update(state="accepted", claim=article.claims.get())

    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(tips, "send_mail", down)
    assert tips.answer_tips(article=article) == 0
    tip.refresh_from_db()
    assert tip.email == "lecteur@example.org" and tip.answered_at is None


def test_old_addresses_are_erased(tip, settings):
    """After the retention period, an address is erased even if no answer was sent."""
    settings.TIP_EMAIL_RETENTION_DAYS = 90
    recent = tips.submit_tip(
        text=TEXT + " Récent.", email="b@example.org", consent=True, address="q"
    )
    Tip.objects.filter(pk=tip.pk).update(created_at=timezone.now() - timedelta(days=91))
    call_command("purge_tip_emails", "--no-answers")
    tip.refresh_from_db()
    recent.refresh_from_db()
    assert (tip.email, recent.email) == ("", "b@example.org")


def test_the_methodology_page_says_how_long_addresses_are_kept(client, settings):
    from articles.models import SitePage

    page = SitePage.objects.filter(kind="methodology").first()
    if page is None:
        pytest.skip("no methodology page seeded")
    settings.TIP_EMAIL_RETENTION_DAYS = 45
    html = body(client.get(page.get_absolute_url()))
    assert "45 jours" in html and reverse("factcheck:tip") in html


# --- a rumour that comes back -------------------------------------------------------------


def test_a_recurring_rumour_becomes_a_new_appearance(client, editor, journalist, tip):
    """An editor marks the tip a duplicate of the claim already checked and records, in the
    same step, where the reader saw it as a new dated appearance of that claim."""
    Tip.objects.filter(pk=tip.pk).update(
        seen_where="Vu ici : https://example.org/video/42.", seen_on="2026-11-02"
    )
    article = story(journalist, status=Status.DRAFT)
    claim = article.claims.get()
    client.force_login(editor)
    response = triage(client, tip, state="duplicate", claim=claim.pk, add_appearance="on")
    assert response.status_code == 302
    appearance = claim.appearances.get(is_first=False)  # beside the builder's first one
    assert (appearance.url, str(appearance.appeared_on)) == (
        "https://example.org/video/42",
        "2026-11-02",
    )
    tip.refresh_from_db()
    assert (tip.state, tip.claim) == ("duplicate", claim)
    triage(client, tip, state="duplicate", claim=claim.pk, add_appearance="on")
    assert claim.appearances.count() == 2  # the same address is not added twice


def test_an_appearance_needs_an_address_and_the_right_to_edit(client, journalist, tip, editor):
    """No web address in the tip, or a story the journalist may not change: a form error,
    nothing saved."""
    article = story(editor, status=Status.PUBLISHED)
    claim = article.claims.get()
    client.force_login(journalist)
    page = body(triage(client, tip, state="duplicate", claim=claim.pk, add_appearance="on"))
    assert "aucune adresse web à enregistrer" in page
    assert not claim.appearances.filter(is_first=False).exists()
    tip.refresh_from_db()
    assert tip.state == Tip.State.NEW


def test_the_queue_costs_the_same_with_many_tips(
    client, editor, journalist, django_assert_max_num_queries
):
    """The tip list loads each row's linked claim with the rows (no query per tip)."""
    article = story(journalist)
    claim = article.claims.get()
    for n in range(30):
        tip = tips.submit_tip(text=f"{TEXT} Version {n} numéro {n}.", address=f"a{n}")
        Tip.objects.filter(pk=tip.pk).update(state="accepted", claim=claim)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:factcheck_tip_changelist"))
    assert response.status_code == 200 and body(response).count("Le bassin serait fermé tout") >= 30


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_refused_or_stored_inert(client, editor, name):
    """Every value of the hostile corpus, in every field of the form: a page or a redirect
    (never a 500), no markup stored, and the triage page shows it escaped."""
    value = HOSTILE[name]
    response = send(
        client,
        text=f"Rumeur sur le pont de la Fonderie : {value}",
        seen_where=value[:500],
        email=value[:254],
        consent="on",
    )
    assert response.status_code in (200, 302), response.status_code
    tip = Tip.objects.first()
    if tip is None:
        return
    for stored in (tip.text, tip.seen_where, tip.email):
        assert "<script" not in stored.lower() and "<img" not in stored.lower()
    client.force_login(editor)
    page = client.get(reverse("admin:factcheck_tip_change", args=[tip.pk]))
    assert page.status_code == 200
    assert "alert(1)</script>" not in body(page) and 'onerror="alert' not in body(page)
