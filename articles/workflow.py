"""The editorial workflow: one table of transitions and one function that applies them.

    draft → submitted → verified → published (now or scheduled) → withdrawn
              ↓ return                ↑ unschedule (back to verified)
            draft

Every transition runs in a transaction, takes a row lock on the article,
checks the state, the user's permission and the guard, bumps the version and
writes an immutable history entry. Admin buttons, admin actions, commands and
tests all call `apply_transition`; nothing else changes an article's status
except a content edit of a verified story (see articles/editing.py).

Apps that own parts of a story (factcheck owns sources and claims) add their
checks to `SUBMISSION_CHECKS` / `VERIFICATION_CHECKS` from their AppConfig,
so this module never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article, ArticleEvent, Status

Check = Callable[[Article], list[str]]
SUBMISSION_CHECKS: list[Check] = []
VERIFICATION_CHECKS: list[Check] = []


class TransitionError(Exception):
    """The transition cannot happen; `problems` says why, in the user's words."""

    def __init__(self, problems):
        self.problems = [str(problem) for problem in problems]
        super().__init__("; ".join(self.problems))


class TransitionForbidden(PermissionDenied):
    """The user may not take this transition (403), whatever the article holds."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    action: str
    comment_required: bool = False
    comment_label: str = ""
    comment_missing: str = ""  # what to say when a required comment is empty
    authors_only: bool = False  # authors (or editors) of the story only
    not_authors: bool = False  # four eyes: never an author of the story
    guard: Callable[[Article], list[str]] | None = None
    when_scheduled: bool | None = None  # None: whatever; True/False: only if scheduled or not


def is_author(user, article) -> bool:
    if not user.is_authenticated:
        return False
    return article.bylines.filter(author__user=user).exists()


def missing_for_submission(article: Article) -> list[str]:
    problems = []
    required = [
        ("title", _("a title")),
        ("slug", _("a slug")),
        ("region", _("a region")),
        ("introduction", _("an introduction")),
        ("verified_facts", _("the verified facts")),
    ]
    for field, name in required:
        if not getattr(article, field if field != "region" else "region_id"):
            problems.append(_("The story needs %(what)s.") % {"what": name})
    if not article.bylines.exists():
        problems.append(_("The story needs at least one author."))
    if article.hero_image and not article.hero_alt.strip():
        problems.append(_("The hero image needs its alternative text."))
    for check in SUBMISSION_CHECKS:
        problems.extend(check(article))
    return problems


def missing_for_verification(article: Article) -> list[str]:
    problems = missing_for_submission(article)
    for check in VERIFICATION_CHECKS:
        problems.extend(check(article))
    return problems


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
        ),
        Transition(
            "return",
            _("Return to the authors"),
            (Status.SUBMITTED,),
            Status.DRAFT,
            "articles.return_article",
            ArticleEvent.Action.RETURN,
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
            not_authors=True,
            guard=missing_for_verification,
        ),
        Transition(
            "publish",
            _("Publish or schedule"),
            (Status.VERIFIED,),
            Status.PUBLISHED,
            "articles.publish_article",
            ArticleEvent.Action.PUBLISH,
        ),
        Transition(
            "unschedule",
            _("Cancel the scheduled publication"),
            (Status.PUBLISHED,),
            Status.VERIFIED,
            "articles.publish_article",
            ArticleEvent.Action.UNSCHEDULE,
            when_scheduled=True,
        ),
        Transition(
            "withdraw",
            _("Withdraw the story"),
            (Status.PUBLISHED,),
            Status.WITHDRAWN,
            "articles.withdraw_article",
            ArticleEvent.Action.WITHDRAW,
            comment_required=True,
            comment_label=_("Public reason for the withdrawal"),
            comment_missing=_("Give the public reason for the withdrawal."),
            when_scheduled=False,
        ),
    )
}


def lacks_role(transition: Transition, article: Article, user) -> str | None:
    """Why `user` has no business with `transition` on `article` at all, or None."""
    if not (user.is_active and user.is_staff and user.has_perm(transition.permission)):
        return _("You do not have the permission to do this.")
    if (
        transition.authors_only
        and not user.has_perm("articles.change_any_article")
        and not is_author(user, article)
    ):
        return _("Only the story's authors or an editor can do this.")
    return None


def four_eyes_problem(transition: Transition, article: Article, user) -> str | None:
    """The verifier is never an author of the story."""
    if transition.not_authors and is_author(user, article):
        return _("You are an author of this story: another editor must verify it.")
    return None


def permission_problems(transition: Transition, article: Article, user) -> list[str]:
    """Why `user` may not take `transition` on `article`; empty if they may."""
    problem = lacks_role(transition, article, user) or four_eyes_problem(transition, article, user)
    return [problem] if problem else []


def state_problems(transition: Transition, article: Article) -> list[str]:
    if article.status not in transition.sources:
        return [
            _("This cannot be done to a story that is %(status)s.")
            % {"status": article.get_status_display()}
        ]
    if transition.when_scheduled is True and not article.is_scheduled:
        return [_("The story is not scheduled.")]
    if transition.when_scheduled is False and article.is_scheduled:
        return [_("The story is scheduled, not public: cancel the schedule instead.")]
    return []


@dataclass
class Option:
    """A transition as the admin shows it: allowed or blocked, and why."""

    transition: Transition
    problems: list[str]

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
        if state_problems(transition, article) or lacks_role(transition, article, user):
            continue
        four_eyes = four_eyes_problem(transition, article, user)
        if four_eyes:
            problems = [str(four_eyes)]
        else:
            problems = transition.guard(article) if transition.guard else []
        options.append(Option(transition, problems))
    return options


def apply_transition(
    *, article: Article, user, name: str, comment: str = "", publish_at: datetime | None = None
) -> Article:
    """Take transition `name` on `article` as `user`, or raise.

    Raises TransitionForbidden (the user's role does not allow it) or
    TransitionError (wrong state, missing comment, failed guard). Returns the
    article as saved.
    """
    try:
        transition = TRANSITIONS[name]
    except KeyError:
        raise TransitionError([_("Unknown action.")]) from None
    comment = (comment or "").strip()
    now = timezone.now()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        problems = permission_problems(transition, locked, user)
        if problems:
            raise TransitionForbidden("; ".join(str(p) for p in problems))
        problems = state_problems(transition, locked)
        if not problems and transition.comment_required and not comment:
            problems = [transition.comment_missing]
        if not problems and transition.guard:
            problems = transition.guard(locked)
        if not problems and name == "publish" and publish_at and publish_at < now - _GRACE:
            problems = [_("A publication time cannot be in the past.")]
        if problems:
            raise TransitionError(problems)

        from_status = locked.status
        action = transition.action
        fields = {"status": transition.target}
        if name == "submit":
            fields.update(submitted_at=now, submitted_by=user)
        elif name == "verify":
            fields.update(verified_at=now, verified_by=user)
        elif name == "publish":
            when = publish_at if publish_at and publish_at > now else now
            fields.update(published_at=when, published_by=user)
            if when > now:
                action = ArticleEvent.Action.SCHEDULE
        elif name == "unschedule":
            fields.update(published_at=None, published_by=None)
        elif name == "withdraw":
            fields.update(withdrawn_at=now, withdrawn_by=user, withdrawal_reason=comment)
        for field, value in fields.items():
            setattr(locked, field, value)
        locked.version += 1
        locked.save(update_fields=[*fields, "version", "updated_at"])
        ArticleEvent.objects.create(
            article=locked,
            actor=user,
            action=action,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
        )
        transaction.on_commit(lambda: _notify(locked, action, user, comment))
    return locked


# A publication time a few seconds old (the form was slow) still means "now".
_GRACE = timedelta(minutes=5)


def _notify(article, action, user, comment):
    from .notifications import notify_transition

    notify_transition(article=article, action=action, actor=user, comment=comment)


def min_outlets() -> int:
    return settings.VERIFICATION_MIN_OUTLETS
