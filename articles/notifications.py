"""E-mail the people a transition concerns.

The messages are written in the editor's request (their language, the story as it
was) and sent by the worker (articles/tasks.py), one task per person: a mail server
that is slow or down never delays the click, and a failed message is retried.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.tasks import enqueue

from .models import ArticleEvent, PublishedVersion
from .tasks import send_notification


def editors():
    """Active staff who can verify, whether by group or by direct permission."""
    perm = Q(codename="verify_article", content_type__app_label="articles")
    User = get_user_model()
    return (
        User.objects.filter(
            Q(groups__permissions__in=_perm_ids(perm)) | Q(user_permissions__in=_perm_ids(perm)),
            is_active=True,
            is_staff=True,
        )
        .exclude(email="")
        .distinct()
    )


def _perm_ids(query):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(query).values("pk")


def authors_of(article):
    User = get_user_model()
    return (
        User.objects.filter(author__bylines__article=article, is_active=True)
        .exclude(email="")
        .distinct()
    )


SUBJECTS = {
    ArticleEvent.Action.SUBMIT: gettext_lazy("To verify: %(title)s"),
    ArticleEvent.Action.RETURN: gettext_lazy("Returned to you: %(title)s"),
    ArticleEvent.Action.VERIFY: gettext_lazy("Verified: %(title)s"),
    ArticleEvent.Action.PUBLISH: gettext_lazy("Published: %(title)s"),
    ArticleEvent.Action.SCHEDULE: gettext_lazy("Scheduled: %(title)s"),
    ArticleEvent.Action.WITHDRAW: gettext_lazy("Withdrawn: %(title)s"),
}


# A change approved on a public story, as its authors are told of it (by the new version's kind).
CHANGE_SUBJECTS = {
    PublishedVersion.Kind.CORRECTION: gettext_lazy("Correction published on your story: %(title)s"),
    PublishedVersion.Kind.CLARIFICATION: gettext_lazy(
        "Clarification published on your story: %(title)s"
    ),
    PublishedVersion.Kind.UPDATE: gettext_lazy("Update published on your story: %(title)s"),
    PublishedVersion.Kind.VERDICT: gettext_lazy("Verdict changed on your story: %(title)s"),
}


def notify_transition(*, article, action, actor, comment=""):
    if action == ArticleEvent.Action.APPROVE:
        return notify_change(article=article, actor=actor)
    if action not in SUBJECTS:
        return 0
    recipients = editors() if action == ArticleEvent.Action.SUBMIT else authors_of(article)
    addresses = sorted({user.email for user in recipients if user.pk != getattr(actor, "pk", None)})
    if not addresses:
        return 0
    admin_url = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    # One line: a crafted POST can put line breaks in a title, never in a mail header.
    subject = " ".join((str(SUBJECTS[action]) % {"title": article.title}).split())
    lines = [
        subject,
        "",
        _("By: %(name)s") % {"name": actor.get_full_name() or actor.get_username()},
    ]
    if comment:
        lines += ["", comment]
    if article.published_at and action == ArticleEvent.Action.SCHEDULE:
        when = timezone.localtime(article.published_at)
        lines += ["", _("Publication: %(when)s") % {"when": when.strftime("%Y-%m-%d %H:%M (%Z)")}]
    lines += ["", admin_url]
    body = "\n".join(lines)
    # One message per person: colleagues' addresses are not shared with everyone.
    for address in addresses:
        enqueue(send_notification, subject=subject, body=body, to=address)
    return len(addresses)


def notify_change(*, article, actor):
    """Tell the authors of a public story that a change with a public note reached readers.

    A typo fix without a public note tells them nothing; a correction, a
    clarification, an update or a changed verdict does, with the note as readers
    read it and the story's public address.
    """
    version = article.versions.order_by("-number").first()
    if version is None or version.kind not in CHANGE_SUBJECTS:
        return 0
    addresses = sorted(
        {user.email for user in authors_of(article) if user.pk != getattr(actor, "pk", None)}
    )
    if not addresses:
        return 0
    subject = " ".join((str(CHANGE_SUBJECTS[version.kind]) % {"title": article.title}).split())
    lines = [
        subject,
        "",
        _("Approved by: %(name)s") % {"name": actor.get_full_name() or actor.get_username()},
    ]
    if version.reason:
        lines += ["", _("Note for readers:"), version.reason]
    lines += [
        "",
        _("As readers see it: %(url)s") % {"url": settings.SITE_URL + article.get_absolute_url()},
        _("In the newsroom: %(url)s")
        % {"url": settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])},
    ]
    body = "\n".join(lines)
    for address in addresses:
        enqueue(send_notification, subject=subject, body=body, to=address)
    return len(addresses)
