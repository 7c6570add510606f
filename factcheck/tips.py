"""Reader tips: received, triaged, answered once, then forgotten.

One write path for the public form (`/signaler/`), the admin's triage queue and the
commands: `submit_tip()` checks a reader's text and the rate limits, and silently keeps
one copy of the same tip sent twice; `triage_tip()` records the newsroom's decision;
`answer_tips()` e-mails the readers who asked (with consent) when the story that answers
them is public, once, and erases their address; `purge_emails()` erases the addresses
kept longer than TIP_EMAIL_RETENTION_DAYS.

Rate limits count in the shared cache (newsroom/cache.py), per client address
(newsroom/security.py `client_address`, proxies handled) and for the whole site,
per hour. Addresses are never stored: a keyed hash (`sender`) serves the
de-duplication.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles import editing
from newsroom.cache import shared_cache
from newsroom.fields import validate_http_url
from newsroom.text import clean_text

from .matching import Tokens, score
from .models import Claim, ClaimAppearance, Tip
from .normalise import match_text, match_tokens

logger = logging.getLogger(__name__)

MIN_TEXT = 10
MAX_TEXT = 3000
MAX_WHERE = 500
DUPLICATE_WINDOW = timedelta(days=1)
RATE_WINDOW = 3600  # seconds
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


class TipRefused(Exception):
    """Too many tips from this address or in all: the reader is told to come back later."""


# --- receiving ---------------------------------------------------------------------


def plain(text: str | None, *, multiline=True) -> str:
    """A reader's text as we keep it: no HTML tags, no control characters, trimmed."""
    text = clean_text(strip_tags(text or ""), multiline=multiline)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(lines).strip() if multiline else " ".join(text.split())


def check_tip(*, text: str, seen_where: str, seen_on: date | None, email: str, consent: bool):
    """ValidationError keyed by field for anything the form must ask again."""
    errors = {}
    words = _URL.sub(" ", text)
    if len(text) < MIN_TEXT:
        errors["text"] = _("Describe what you saw in a few words (at least %(n)d characters).") % {
            "n": MIN_TEXT
        }
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Keep it under %(n)d characters: the link can go below.") % {
            "n": MAX_TEXT
        }
    elif len(_LETTERS.findall(words)) < 2:
        errors["text"] = _(
            "Tell us in words what the claim says: a link alone does not say what to check."
        )
    if len(seen_where) > MAX_WHERE:
        errors["seen_where"] = _("Keep it under %(n)d characters.") % {"n": MAX_WHERE}
    if seen_on and seen_on > timezone.localdate():
        errors["seen_on"] = _("This date is in the future.")
    elif seen_on and seen_on.year < 1990:
        errors["seen_on"] = _("Check this date.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address, or leave it empty.")
        else:
            if not consent:
                errors["consent"] = _(
                    "Tick the box so that we may keep your address to send you the answer, "
                    "or leave the address empty."
                )
    if errors:
        raise ValidationError(errors)


def fingerprint(text: str) -> str:
    """The same claim in the same words, whatever the case, accents or spacing."""
    tokens = " ".join(match_tokens(text)) or " ".join(text.casefold().split())
    return hashlib.sha256(tokens.encode()).hexdigest()


def sender_hash(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"tip-sender:{address}".encode(), hashlib.sha256).hexdigest()


def _rate_keys(sender: str):
    return [
        (f"tips:address:{sender[:32]}", settings.TIP_RATE_PER_ADDRESS),
        ("tips:all", settings.TIP_RATE_GLOBAL),
    ]


def rate_limited(sender: str) -> bool:
    store = shared_cache()
    return any((store.get(key) or 0) >= limit for key, limit in _rate_keys(sender))


def _count(sender: str) -> None:
    store = shared_cache()
    for key, _limit in _rate_keys(sender):
        store.add(key, 0, timeout=RATE_WINDOW)
        try:
            store.incr(key)
        except ValueError:  # the window ended between add() and incr()
            store.set(key, 1, timeout=RATE_WINDOW)


def submit_tip(
    *,
    text: str,
    seen_where: str = "",
    seen_on: date | None = None,
    email: str = "",
    consent: bool = False,
    language: str = "fr",
    address: str = "",
) -> Tip:
    """Keep a reader's tip; returns it (the earlier one if the same reader sent the
    same tip within a day). Raises ValidationError (keyed by field) for bad input and
    TipRefused when this address or the whole site sent too many tips this hour."""
    text = plain(text)
    seen_where = plain(seen_where, multiline=False)
    email = plain(email, multiline=False).lower()
    check_tip(text=text, seen_where=seen_where, seen_on=seen_on, email=email, consent=consent)
    sender = sender_hash(address)
    mark = fingerprint(text)
    with transaction.atomic():
        earlier = (
            Tip.objects.select_for_update()
            .filter(
                fingerprint=mark,
                sender=sender,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .first()
        )
        if earlier is not None:
            if email and consent and not earlier.email and not earlier.answered_at:
                earlier.email, earlier.consent = email, True
                earlier.save(update_fields=["email", "consent"])
            return earlier
        if rate_limited(sender):
            raise TipRefused(
                _(
                    "We received many tips from your connection in the last hour. "
                    "Please try again later."
                )
            )
        tip = Tip.objects.create(
            text=text,
            seen_where=seen_where,
            seen_on=seen_on,
            email=email if consent else "",
            consent=bool(email and consent),
            language=(language or "fr")[:10],
            fingerprint=mark,
            sender=sender,
            match_text=match_text(text),
        )
        _count(sender)
    return tip


# --- triage ------------------------------------------------------------------------


def check_triage(*, tip, state, claim=None, duplicate_of=None, reason="") -> None:
    """ValidationError keyed by field when a triage decision lacks what it needs."""
    reason = plain(reason, multiline=False)
    errors = {}
    if state == Tip.State.ACCEPTED and claim is None:
        errors["claim"] = _("Choose the claim that answers this tip.")
    if state == Tip.State.DUPLICATE and claim is None and duplicate_of is None:
        errors["claim"] = _("Choose the claim already checked, or the tip this one repeats.")
    if duplicate_of is not None and duplicate_of.pk == tip.pk:
        errors["duplicate_of"] = _("A tip cannot repeat itself.")
    if state == Tip.State.REJECTED and not reason:
        errors["rejection_reason"] = _("Say why the tip is rejected.")
    if state not in Tip.State.values:
        errors["state"] = _("Choose a state.")
    if errors:
        raise ValidationError(errors)


def triage_tip(
    *,
    tip: Tip,
    user,
    state: str,
    claim: Claim | None = None,
    duplicate_of: Tip | None = None,
    reason: str = "",
) -> Tip:
    """Record the newsroom's decision on `tip`. ValidationError (keyed by field) when
    the decision lacks what it needs; a tip linked to a claim on a public story is
    answered at once."""
    reason = plain(reason, multiline=False)
    check_triage(tip=tip, state=state, claim=claim, duplicate_of=duplicate_of, reason=reason)
    with transaction.atomic():
        locked = Tip.objects.select_for_update().get(pk=tip.pk)
        locked.state = state
        locked.claim = claim if state in (Tip.State.ACCEPTED, Tip.State.DUPLICATE) else None
        locked.duplicate_of = duplicate_of if state == Tip.State.DUPLICATE else None
        locked.rejection_reason = reason if state == Tip.State.REJECTED else ""
        if state == Tip.State.NEW:
            locked.triaged_by, locked.triaged_at = None, None
        else:
            locked.triaged_by, locked.triaged_at = user, timezone.now()
        locked.save()
        answering = locked.claim or (locked.duplicate_of and locked.duplicate_of.claim)
        story = answering.article if answering else None
        if story is not None and story.is_public:
            transaction.on_commit(lambda: answer_tips(article=story))
    return locked


def seen_url(tip: Tip) -> str | None:
    """The first web address the reader gave (where, else in the text), if a valid one."""
    for text in (tip.seen_where, tip.text):
        for match in _URL.finditer(text or ""):
            url = match.group(0).rstrip(".,;:!?)»\"'")
            if url.lower().startswith("www."):
                url = f"https://{url}"
            try:
                validate_http_url(url)
            except ValidationError:
                continue
            if len(url) <= 500:
                return url
    return None


def appearance_problem(*, tip: Tip, claim: Claim | None, user) -> str | None:
    """Why the place a tip was seen cannot become an appearance of `claim`, or None."""
    if claim is None:
        return _("Choose the claim the tip repeats.")
    if seen_url(tip) is None:
        return _("The tip gives no web address to record as an appearance.")
    if not editing.can_edit(user, claim.article):
        return _("You cannot change the story of this claim.")
    return None


def add_appearance(*, tip: Tip, claim: Claim, user) -> ClaimAppearance:
    """A recurring rumour gets one more appearance instead of a second check: the web
    address the reader saw it at, dated (the day they saw it, else today), added to the
    claim through the story's write path (articles/editing.py; on a public story readers
    see it once the change is approved). Raises ValidationError, EditRefused or
    PermissionDenied; an address already recorded is not added twice."""
    problem = appearance_problem(tip=tip, claim=claim, user=user)
    if problem:
        raise ValidationError({"add_appearance": problem})
    url = seen_url(tip)
    with editing.edit_story(
        article=claim.article_id,
        user=user,
        note=_("appearance of claim “%(label)s” added from a reader tip") % {"label": claim.label},
    ):
        existing = claim.appearances.filter(url=url).first()
        if existing is not None:
            return existing
        return ClaimAppearance.objects.create(
            claim=claim,
            url=url,
            appeared_on=tip.seen_on or timezone.localdate(),
            is_first=not claim.appearances.exists(),
        )


def similar_tips(tip: Tip, *, limit=5, recent=2000, min_score=0.45) -> list[tuple[Tip, float]]:
    """Other tips saying much the same, best first (the same rumour sent by several readers)."""
    query = Tokens(tip.match_text.split())
    if not query.set:
        return []
    rows = (
        Tip.objects.exclude(pk=tip.pk)
        .order_by("-created_at")
        .values_list("pk", "match_text")[:recent]
    )
    scored = sorted(((score(query, Tokens(text.split())), pk) for pk, text in rows), reverse=True)
    best = [(value, pk) for value, pk in scored if value >= min_score][:limit]
    found = Tip.objects.in_bulk([pk for _value, pk in best])
    return [(found[pk], round(value, 3)) for value, pk in best if pk in found]


# --- answering and forgetting ------------------------------------------------------


def tips_answered_by(article):
    """Tips linked to a claim of `article`, directly or through the tip they repeat."""
    return Tip.objects.filter(
        Q(claim__article=article) | Q(duplicate_of__claim__article=article),
        state__in=[Tip.State.ACCEPTED, Tip.State.DUPLICATE],
    )


def answer_tips(*, article) -> int:
    """E-mail every reader whose tip `article` answers, if it is public: once each
    (the tip is marked before the mail leaves), then erase the address. A mail that
    cannot leave is retried by `manage.py answer_tips`. Returns the mails sent."""
    if not article.is_public:
        return 0
    sent = 0
    for tip in tips_answered_by(article).to_answer().select_related("claim", "duplicate_of"):
        claim = tip.claim or tip.duplicate_of.claim
        address = tip.email
        claimed = Tip.objects.filter(pk=tip.pk, answered_at__isnull=True).update(
            answered_at=timezone.now(), email=""
        )
        if not claimed:
            continue  # another process answered it
        try:
            _send_answer(tip, claim, article, address)
        except OSError:
            logger.exception("Could not e-mail the answer to tip %s", tip.pk)
            Tip.objects.filter(pk=tip.pk).update(answered_at=None, email=address)
            continue
        sent += 1
    return sent


def _send_answer(tip, claim, article, address):
    with translation.override(tip.language or settings.LANGUAGE_CODE):
        link = settings.SITE_URL + claim.get_absolute_url()
        subject = _("Your tip has been checked: %(title)s") % {"title": article.title}
        subject = " ".join(subject.split())
        body = "\n".join(
            [
                _("Hello,"),
                "",
                _("You asked us to check this:"),
                f"« {Truncator(tip.text).chars(300)} »",
                "",
                _("Our fact-check is published:"),
                link,
                "",
                _(
                    "We have now erased your e-mail address; we will not write to you again "
                    "about this tip."
                ),
                "",
                settings.SITE_NAME,
            ]
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)


def after_transition(*, article, action, actor, comment=""):
    """articles.workflow.AFTER_TRANSITION: a story that became public answers its tips."""
    if article.is_public:
        answer_tips(article=article)


def answer_pending() -> int:
    """Answer every tip whose story is public now (scheduled stories, failed mails)."""
    from articles.models import Article

    stories = Article.objects.published().filter(
        Q(claims__tips__in=Tip.objects.to_answer())
        | Q(claims__tips__duplicates__in=Tip.objects.to_answer())
    )
    return sum(answer_tips(article=story) for story in stories.distinct())


def purge_emails(*, now=None) -> int:
    """Erase the addresses of answered tips and of tips older than the retention period."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.TIP_EMAIL_RETENTION_DAYS)
    return (
        Tip.objects.exclude(email="")
        .filter(Q(answered_at__isnull=False) | Q(created_at__lt=limit))
        .update(email="")
    )
