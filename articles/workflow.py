"""The editorial workflow: one table of transitions and one function that applies them.

    draft → submitted → verified → published (now or scheduled) → withdrawn
      ↑ recall, return ↓          ↑ unschedule (back to verified)
                                  published: propose a change → approve / reject
                                             republish (a relabelled verdict, outlet…)

Each `Transition` declares everything about itself: who may take it, from
which state, what it checks, which form it needs, which timestamps and
actors it stamps, and its effect on the published record. `apply_transition`
applies any of them the same way: in a transaction, under a row lock, refusing
a stale page (the version and content hash the user saw), and writing one
immutable history entry. Admin buttons, commands, the importer, the API and
tests all call it; nothing else changes an article's status except a content
edit of a verified or scheduled story (articles/editing.py).

Verification binds to content: verifying records the SHA-256 of the whole
story graph (articles/record.py), and publishing refuses another one. Four
eyes: the verifier is not the creator, not a bylined user (now or at
submission, under any account ever linked to the byline), and not anyone who
changed the content since submission. After publication, a change reaches
readers only when a second editor approves it, as a new published version
with its public note.

Apps that own parts of a story add their checks to `SUBMISSION_CHECKS` /
`VERIFICATION_CHECKS`, what an approved change does to their rows to
`APPROVAL_EFFECTS`, and what follows a committed transition to
`AFTER_TRANSITION`, from their AppConfig, so this module never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from newsroom.text import Message

from . import record
from .models import Article, ArticleEvent, Correction, PublishedVersion, Status
from .notifications import notify_transition

Check = Callable[[Article], list[Message]]
SUBMISSION_CHECKS: list[Check] = []
VERIFICATION_CHECKS: list[Check] = []
# Called with (article, previous content, user, now) when a change is approved,
# before the new version is cut: factcheck records verdict changes there.
APPROVAL_EFFECTS: list[Callable] = []
# Called after commit with (article=, action=, actor=, comment=).
AFTER_TRANSITION: list[Callable] = []


class TransitionError(Exception):
    """The transition cannot happen; `problems` says why, in the user's words."""

    def __init__(self, problems):
        self.problems = [str(problem) for problem in problems]
        super().__init__("; ".join(self.problems))


class TransitionConflict(TransitionError):
    """The page the user acted from is stale: the story changed since (HTTP 409)."""


class TransitionForbidden(PermissionDenied):
    """The user may not take this transition (403), whatever the article holds."""


class ChangeKind:
    """What a change to a public story tells readers."""

    CORRECTION = Correction.Kind.CORRECTION
    CLARIFICATION = Correction.Kind.CLARIFICATION
    UPDATE = Correction.Kind.UPDATE
    SILENT = PublishedVersion.Kind.SILENT
    CHOICES = [
        (CORRECTION, _("Correction (public note)")),
        (CLARIFICATION, _("Clarification (public note)")),
        (UPDATE, _("Update (public note)")),
        (SILENT, _("Typo or layout fix, no public note (internal reason)")),
    ]
    PUBLIC = {CORRECTION, CLARIFICATION, UPDATE}


@dataclass
class Step:
    """One transition being applied: what the effects read and write."""

    transition: Transition
    article: Article
    user: object
    comment: str
    now: datetime
    publish_at: datetime | None = None
    change_kind: str = ""
    action: str = ""
    fields: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Message
    sources: tuple[str, ...]
    target: str
    permission: str
    action: str
    form: str = ""  # the form the admin shows: "", "comment", "publish" or "change"
    comment_required: bool = False
    comment_label: Message = ""
    comment_missing: Message = ""  # what to say when a required comment is empty
    authors_only: bool = False  # authors (or editors) of the story only
    own_only: bool = False  # the story's own authors or creator, editors included
    four_eyes: Callable[[Article, object], Message | None] | None = None
    guard: Check | None = None
    condition: Callable[[Article], Message | None] | None = None  # state beyond the status
    stamps: tuple[tuple[str, str], ...] = ()  # (time field, actor field) set to now, user
    importer_only: bool = False  # never a button: only an archive importer takes it
    clears: tuple[str, ...] = ()  # fields reset to empty
    effect: Callable[[Step], None] | None = None


# --- who is who -----------------------------------------------------------


def is_author(user, article) -> bool:
    """Whether `user` signs `article` through an author profile linked now or before."""
    if not user.is_authenticated:
        return False
    return user.pk in bylined_user_ids(article)


def bylined_user_ids(article) -> set[int]:
    """Accounts that sign the story: linked to a byline now, or ever before."""
    ids = set()
    for user_id, former in article.bylines.values_list(
        "author__user_id", "author__former_user_ids"
    ):
        if user_id:
            ids.add(user_id)
        ids.update(former or ())
    return ids


def last_event(article, action) -> ArticleEvent | None:
    return article.events.filter(action=action).order_by("-at", "-id").first()


def editors_since(article, moment) -> set[int]:
    """Users who changed the story's content after `moment` (None: ever)."""
    edits = article.events.filter(
        action__in=[
            ArticleEvent.Action.CREATE,
            ArticleEvent.Action.EDIT,
            ArticleEvent.Action.RESTORE,
        ]
    )
    if moment is not None:
        edits = edits.filter(at__gte=moment)
    return set(edits.exclude(actor=None).values_list("actor_id", flat=True))


def verification_insiders(article) -> set[int]:
    """Users who may not verify `article`: its creator, its bylined users (now and at
    submission) and whoever changed its content since it was submitted."""
    insiders = bylined_user_ids(article)
    if article.created_by_id:
        insiders.add(article.created_by_id)
    submitted = last_event(article, ArticleEvent.Action.SUBMIT)
    if submitted is not None:
        insiders.update(submitted.data.get("bylined_users", ()))
        insiders.update(editors_since(article, submitted.at))
    else:
        insiders.update(editors_since(article, None))
    return insiders


def verifier_problem(article, user) -> Message | None:
    if user.pk not in verification_insiders(article):
        return None
    if is_author(user, article):
        return _("You are an author of this story: another editor must verify it.")
    if user.pk == article.created_by_id:
        return _("You created this story: another editor must verify it.")
    submitted = last_event(article, ArticleEvent.Action.SUBMIT)
    if submitted is not None and user.pk in submitted.data.get("bylined_users", ()):
        return _("You signed this story when it was submitted: another editor must verify it.")
    return _("You changed this story since it was submitted: another editor must verify it.")


def approver_problem(article, user) -> Message | None:
    if user.pk == article.change_proposed_by_id:
        return _("You proposed this change: another editor must approve it.")
    if is_author(user, article):
        return _("You are an author of this story: another editor must approve the change.")
    since = article.current_version.created_at if article.current_version_id else None
    if user.pk in editors_since(article, since):
        return _("You changed this story since it was published: another editor must approve it.")
    return None


# --- checks -----------------------------------------------------------------


def missing_for_submission(article: Article) -> list[Message]:
    problems: list[Message] = []
    required = [
        ("title", _("a title")),
        ("slug", _("a slug")),
        ("region_id", _("a region")),
        ("introduction", _("an introduction")),
        ("verified_facts", _("the verified facts")),
    ]
    for attribute, name in required:
        if not str(getattr(article, attribute) or "").strip():
            problems.append(_("The story needs %(what)s.") % {"what": name})
    if not article.bylines.exists():
        problems.append(_("The story needs at least one author."))
    if article.hero_image and not article.hero_alt.strip():
        problems.append(_("The hero image needs its alternative text."))
    for check in SUBMISSION_CHECKS:
        problems.extend(check(article))
    return problems


def missing_for_verification(article: Article) -> list[Message]:
    problems = missing_for_submission(article)
    for check in VERIFICATION_CHECKS:
        problems.extend(check(article))
    return problems


def verified_content_unchanged(article: Article) -> list[Message]:
    if not article.verified_hash or record.live_hash(article) != article.verified_hash:
        return [_("The story changed after it was verified: it must be verified again.")]
    return []


def change_ready(article: Article) -> list[Message]:
    """A proposed change still matches what the second editor is approving."""
    if record.live_hash(article) != article.change_hash:
        return [_("The story changed after the change was proposed: propose it again.")]
    return missing_for_verification(article)


def only_relabelled(article: Article) -> list[Message]:
    """A republication re-freezes renamed labels (verdicts, outlets, places, authors,
    tags), nothing else: any other change needs a proposal and a second editor."""
    current = article.current_version
    live = record.story_content(article)
    if current is None:
        return [_("The story has no published version.")]
    if live == current.content:
        return [_("Readers already see this content.")]
    if _without_labels(live) != _without_labels(current.content):
        return [
            _(
                "The story's text changed since publication, not only a label: propose a "
                "change for a second editor to approve."
            )
        ]
    return []


_LABEL_KEYS = {"name", "label"}


def _without_labels(data):
    if isinstance(data, dict):
        return {k: _without_labels(v) for k, v in data.items() if k not in _LABEL_KEYS}
    if isinstance(data, list):
        return [_without_labels(item) for item in data]
    return data


# --- conditions beyond the status ------------------------------------------


def when_scheduled(article) -> Message | None:
    return None if article.is_scheduled else _("The story is not scheduled.")


def when_public(article) -> Message | None:
    if article.is_scheduled:
        return _("The story is scheduled, not public: cancel the schedule instead.")
    return None


def when_public_without_proposal(article) -> Message | None:
    if article.change_proposed_at:
        return _("A change is already awaiting approval.")
    current = article.current_version
    if (
        current is not None
        and current.kind in ChangeKind.PUBLIC
        and record.live_hash(article) == current.content_hash
    ):
        # The correction was just published: nothing is left to propose until the next edit.
        return _("Readers already see this story with its latest note: edit it first.")
    return when_public(article)


def when_proposal(article) -> Message | None:
    return None if article.change_proposed_at else _("No change is awaiting approval.")


# --- effects ----------------------------------------------------------------


def record_byline_at_submission(step: Step) -> None:
    step.data["bylined_users"] = sorted(bylined_user_ids(step.article))


def bind_verified_content(step: Step) -> None:
    digest = record.live_hash(step.article)
    step.fields["verified_hash"] = digest
    step.data["hash"] = digest


def publish(step: Step) -> None:
    when = step.publish_at if step.publish_at and step.publish_at > step.now else step.now
    step.fields.update(published_at=when, published_by=step.user, content_updated_at=None)
    if when > step.now:
        step.action = ArticleEvent.Action.SCHEDULE
    step.data["hash"] = step.article.verified_hash
    step.data["publish"] = {"kind": PublishedVersion.Kind.PUBLICATION, "published_at": when}


def publish_imported(step: Step) -> None:
    """Publish a story brought from an archive where it was already public.

    It was never verified here: the history entry records that exception (its
    comment names the archive and the item), and the dossier lists it. A story
    already published by an earlier import gets a new version (a newer export
    changed it), marked as a republication with the same reason.
    """
    digest = record.live_hash(step.article)
    step.data.update(hash=digest, exception="import")
    if step.article.current_version_id:
        step.fields["content_updated_at"] = step.now
        step.data["publish"] = {
            "kind": PublishedVersion.Kind.REPUBLICATION,
            "reason": step.comment,
        }
        return
    when = step.publish_at or step.now
    step.fields.update(published_at=when, published_by=step.user, content_updated_at=None)
    step.data["publish"] = {"kind": PublishedVersion.Kind.PUBLICATION, "published_at": when}


def imported_content_changed(article: Article) -> list[Message]:
    current = article.current_version
    if current is not None and current.content_hash == record.live_hash(article):
        return [_("Readers already see this content.")]
    return []


def unschedule(step: Step) -> None:
    pending = step.article.versions.filter(published_at__gt=step.now)
    for version in pending:
        version.delete()
    step.fields.update(
        published_at=None,
        published_by=None,
        current_version=step.article.versions.order_by("-number").first(),
    )


def withdraw(step: Step) -> None:
    step.fields.update(withdrawal_reason=step.comment)
    step.data["publish"] = {"kind": PublishedVersion.Kind.WITHDRAWAL, "reason": step.comment}


def propose_change(step: Step) -> None:
    digest = record.live_hash(step.article)
    step.fields.update(
        change_kind=step.change_kind,
        change_note=step.comment,
        change_hash=digest,
        change_proposed_at=step.now,
        change_proposed_by=step.user,
    )
    step.data.update(hash=digest, kind=step.change_kind)


def clear_proposal(step: Step) -> None:
    step.fields.update(
        change_kind="",
        change_note="",
        change_hash="",
        change_proposed_at=None,
        change_proposed_by=None,
    )


def approve_change(step: Step) -> None:
    article = step.article
    assert article.current_version is not None  # the transition's condition: a public story
    previous = article.current_version.content
    kind = article.change_kind
    if kind in ChangeKind.PUBLIC:
        Correction.objects.create(
            article=article, kind=kind, text=article.change_note, published_at=step.now
        )
    before = {c["id"]: c["text"] for c in previous.get("corrections", [])}
    Correction.objects.filter(
        pk__in=[
            c.pk for c in article.corrections.all() if c.pk in before and before[c.pk] != c.text
        ]
    ).update(amended_at=step.now)
    verdict_changed = False
    for effect in APPROVAL_EFFECTS:
        verdict_changed |= bool(effect(article, previous, step.user, step.now))
    if kind not in ChangeKind.PUBLIC and kind != ChangeKind.SILENT:
        kind = PublishedVersion.Kind.VERDICT if verdict_changed else ChangeKind.SILENT
    proposer = article.change_proposed_by
    clear_proposal(step)
    step.fields["content_updated_at"] = step.now
    step.data["publish"] = {
        "kind": kind,
        "reason": article.change_note,
        "proposed_by": proposer,
    }


def republish(step: Step) -> None:
    step.fields["content_updated_at"] = step.now
    step.data["publish"] = {"kind": PublishedVersion.Kind.REPUBLICATION, "reason": step.comment}


# --- the table --------------------------------------------------------------

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            _("Submit for verification"),
            (Status.DRAFT,),
            Status.SUBMITTED,
            "articles.submit_article",
            ArticleEvent.Action.SUBMIT,
            authors_only=True,
            guard=missing_for_submission,
            stamps=(("submitted_at", "submitted_by"),),
            effect=record_byline_at_submission,
        ),
        Transition(
            "recall",
            _("Recall to draft"),
            (Status.SUBMITTED,),
            Status.DRAFT,
            "articles.submit_article",
            ArticleEvent.Action.RECALL,
            form="comment",
            comment_label=_("Why (optional)"),
            own_only=True,
        ),
        Transition(
            "return",
            _("Return to the authors"),
            (Status.SUBMITTED,),
            Status.DRAFT,
            "articles.return_article",
            ArticleEvent.Action.RETURN,
            form="comment",
            comment_required=True,
            comment_label=_("What must change"),
            comment_missing=_("Say what must change before returning the story."),
        ),
        Transition(
            "verify",
            _("Approve verification"),
            (Status.SUBMITTED,),
            Status.VERIFIED,
            "articles.verify_article",
            ArticleEvent.Action.VERIFY,
            four_eyes=verifier_problem,
            guard=missing_for_verification,
            stamps=(("verified_at", "verified_by"),),
            effect=bind_verified_content,
        ),
        Transition(
            "publish",
            _("Publish or schedule"),
            (Status.VERIFIED,),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.PUBLISH,
            form="publish",
            guard=verified_content_unchanged,
            effect=publish,
        ),
        Transition(
            "unschedule",
            _("Cancel the scheduled publication"),
            (Status.PUBLISHED,),
            Status.VERIFIED,
            "articles.publish_article",
            ArticleEvent.Action.UNSCHEDULE,
            condition=when_scheduled,
            effect=unschedule,
        ),
        Transition(
            "propose",
            _("Propose this change to readers"),
            (Status.PUBLISHED,),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.PROPOSE,
            form="change",
            comment_required=True,
            comment_label=_("Note"),
            comment_missing=_(
                "Write the public note (or, for a typo fix, the internal reason) of the change."
            ),
            condition=when_public_without_proposal,
            effect=propose_change,
        ),
        Transition(
            "approve",
            _("Approve and publish the change"),
            (Status.PUBLISHED,),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.APPROVE,
            four_eyes=approver_problem,
            condition=when_proposal,
            guard=change_ready,
            effect=approve_change,
        ),
        Transition(
            "reject",
            _("Reject the proposed change"),
            (Status.PUBLISHED,),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.REJECT,
            form="comment",
            comment_required=True,
            comment_label=_("Why"),
            comment_missing=_("Say why the change is rejected."),
            condition=when_proposal,
            effect=clear_proposal,
        ),
        Transition(
            "republish",
            _("Republish with the new labels"),
            (Status.PUBLISHED,),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.REPUBLISH,
            form="comment",
            comment_required=True,
            comment_label=_("Reason, recorded"),
            comment_missing=_("Give the reason for republishing."),
            condition=when_public_without_proposal,
            guard=only_relabelled,
            effect=republish,
        ),
        Transition(
            "withdraw",
            _("Withdraw the story"),
            (Status.PUBLISHED,),
            Status.WITHDRAWN,
            "articles.withdraw_article",
            ArticleEvent.Action.WITHDRAW,
            form="comment",
            comment_required=True,
            comment_label=_("Public reason for the withdrawal"),
            comment_missing=_("Give the public reason for the withdrawal."),
            condition=when_public,
            stamps=(("withdrawn_at", "withdrawn_by"),),
            effect=withdraw,
        ),
        Transition(
            "import",
            _("Publish as imported from an archive"),
            (Status.DRAFT, Status.PUBLISHED),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.IMPORT,
            comment_required=True,
            comment_missing=_("Name the archive and the item the story is imported from."),
            importer_only=True,
            guard=imported_content_changed,
            effect=publish_imported,
        ),
    )
}


def lacks_role(transition: Transition, article: Article, user) -> Message | None:
    """Why `user` has no business with `transition` on `article` at all, or None."""
    if not (user.is_active and user.is_staff and user.has_perm(transition.permission)):
        return _("You do not have the permission to do this.")
    if (
        transition.authors_only
        and not user.has_perm("articles.change_any_article")
        and not (is_author(user, article) or article.created_by_id == user.pk)
    ):
        return _("Only the story's authors or an editor can do this.")
    if transition.own_only and not (is_author(user, article) or article.created_by_id == user.pk):
        return _("Only the story's authors can do this.")
    return None


def four_eyes_problem(transition: Transition, article: Article, user) -> Message | None:
    return transition.four_eyes(article, user) if transition.four_eyes else None


def permission_problems(transition: Transition, article: Article, user) -> list[Message]:
    """Why `user` may not take `transition` on `article`; empty if they may."""
    problem = lacks_role(transition, article, user) or four_eyes_problem(transition, article, user)
    return [problem] if problem else []


def state_problems(transition: Transition, article: Article) -> list[Message]:
    if article.status not in transition.sources:
        return [
            _("This cannot be done to a story that is %(status)s.")
            % {"status": article.get_status_display()}
        ]
    if transition.condition:
        problem = transition.condition(article)
        if problem:
            return [problem]
    return []


@dataclass
class Option:
    """A transition as the admin shows it: allowed or blocked, and why."""

    transition: Transition
    problems: list[Message]

    @property
    def allowed(self):
        return not self.problems

    @property
    def name(self):
        return self.transition.name


def options_for(article: Article, user) -> list[Option]:
    """Transitions from the article's state that `user` has the role for, each with
    what blocks it (empty when the button can be pressed). An editor who signs
    the story sees verification blocked, and why, rather than no button."""
    options = []
    for transition in TRANSITIONS.values():
        if transition.importer_only:
            continue
        if state_problems(transition, article) or lacks_role(transition, article, user):
            continue
        four_eyes = four_eyes_problem(transition, article, user)
        problems: list[Message]
        if four_eyes:
            problems = [str(four_eyes)]
        else:
            problems = transition.guard(article) if transition.guard else []
        options.append(Option(transition, problems))
    return options


def change_kind_problems(article: Article, kind: str) -> list[Message]:
    """A proposed change tells readers something, or changes something."""
    if kind not in dict(ChangeKind.CHOICES):
        return [_("Choose what kind of change this is.")]
    current = article.current_version
    if kind == ChangeKind.SILENT and current and record.live_hash(article) == current.content_hash:
        return [_("Nothing changed since publication: there is nothing to propose.")]
    return []


def stale_problem(article: Article, expected_version, expected_hash) -> Message | None:
    """Why a page showing `expected_version` / `expected_hash` is out of date, or None."""
    changed = expected_version is not None and int(expected_version) != article.version
    if not changed and expected_hash:
        changed = record.live_hash(article) != expected_hash
    if not changed:
        return None
    latest = article.events.select_related("actor").order_by("-at", "-id").first()
    who = latest.actor if latest else None
    return _(
        "This story changed after you opened it (%(what)s by %(who)s on %(when)s): nothing "
        "was done. Reload the page, check the story again, then retry."
    ) % {
        "what": latest.get_action_display() if latest else _("edited"),
        "who": (who.get_full_name() or who.get_username()) if who else _("someone"),
        "when": formats.date_format(
            timezone.localtime(latest.at if latest else article.updated_at), "DATETIME_FORMAT"
        ),
    }


def apply_transition(
    *,
    article: Article,
    user,
    name: str,
    comment: str = "",
    publish_at: datetime | None = None,
    change_kind: str = "",
    expected_version: int | None = None,
    expected_hash: str = "",
    importing: bool = False,
) -> Article:
    """Take transition `name` on `article` as `user`, or raise.

    `importing` is for archive importers only (the imports app): it allows the
    transitions marked ``importer_only``, which no admin page offers.

    `expected_version` and `expected_hash` are what the user's page showed;
    when given, a story that changed since is refused (TransitionConflict).
    Raises TransitionForbidden (the user's role does not allow it) or
    TransitionError (wrong state, missing comment, failed guard). Returns the
    article as saved.
    """
    try:
        transition = TRANSITIONS[name]
    except KeyError:
        raise TransitionError([_("Unknown action.")]) from None
    if transition.importer_only and not importing:
        raise TransitionError([_("Unknown action.")])
    comment = (comment or "").strip()
    now = timezone.now()
    with transaction.atomic():
        locked = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
        problems = permission_problems(transition, locked, user)
        if problems:
            raise TransitionForbidden("; ".join(str(p) for p in problems))
        stale = stale_problem(locked, expected_version, expected_hash)
        if stale:
            raise TransitionConflict([stale])
        problems = state_problems(transition, locked)
        if not problems and transition.comment_required and not comment:
            problems = [transition.comment_missing]
        if not problems and transition.form == "change":
            problems = change_kind_problems(locked, change_kind)
        if not problems and transition.guard:
            problems = transition.guard(locked)
        if (
            not problems
            and transition.form == "publish"
            and publish_at
            and publish_at < now - _GRACE
        ):
            problems = [_("A publication time cannot be in the past.")]
        if problems:
            raise TransitionError(problems)

        step = Step(
            transition=transition,
            article=locked,
            user=user,
            comment=comment,
            now=now,
            publish_at=publish_at,
            change_kind=change_kind,
            action=transition.action,
            fields={"status": transition.target},
        )
        for time_field, actor_field in transition.stamps:
            step.fields.update({time_field: now, actor_field: user})
        for cleared in transition.clears:
            step.fields[cleared] = None
        if transition.effect:
            transition.effect(step)
        from_status = locked.status
        for attribute, value in step.fields.items():
            setattr(locked, attribute, value)
        locked.version += 1
        locked.save(update_fields=[*step.fields, "version", "updated_at"])
        cut = step.data.pop("publish", None)
        if cut:
            version = record.cut_version(
                article=locked,
                user=user,
                kind=cut["kind"],
                reason=cut.get("reason", ""),
                published_at=cut.get("published_at"),
                proposed_by=cut.get("proposed_by"),
                now=now,
            )
            step.data["version"] = version.number
            step.data["record_hash"] = version.record_hash
        ArticleEvent.objects.create(
            article=locked,
            actor=user,
            action=step.action,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
            data=step.data,
        )
        action = step.action
        # Queued with the transition: the worker sends the mail if and only if it commits.
        notify_transition(article=locked, action=action, actor=user, comment=comment)
        transaction.on_commit(lambda: _after(locked, action, user, comment))
    return locked


# A publication time a few seconds old (the form was slow) still means "now".
_GRACE = timedelta(minutes=5)


def _after(article, action, user, comment):
    for callback in AFTER_TRANSITION:
        callback(article=article, action=action, actor=user, comment=comment)


def min_outlets() -> int:
    return settings.VERIFICATION_MIN_OUTLETS


def publication_problems_q():
    """Stories whose verified or scheduled content must be checked after a shared
    label changed (a verdict, an outlet, a region, an author, a tag)."""
    return Q(status=Status.VERIFIED) | Q(status=Status.PUBLISHED, published_at__gt=timezone.now())
