"""The admin index as a newsroom desk: what waits for an editor, where a writer's stories are."""

from django import template
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..models import Article, ArticleEvent, Author, Status

register = template.Library()

QUEUE_SIZE = 8
LATEST_SIZE = 5

# The article list's shortcuts (ShortcutFilter), in workflow order.
SHORTCUTS = (
    ("mine", _("Drafts")),
    ("awaiting", _("Awaiting verification")),
    ("verified", _("Verified, to publish")),
    ("scheduled", _("Scheduled")),
    ("published", _("Published")),
    ("withdrawn", _("Withdrawn")),
)


def shortcut_url(view, **filters):
    changelist = reverse("admin:articles_article_changelist")
    return f"{changelist}?{urlencode({'view': view, **filters})}"


def count_each(base, **querysets):
    """One query counting the rows of `base` that fall in each queryset."""
    return base.aggregate(
        **{
            name: Count("pk", filter=Q(pk__in=queryset.values("pk")))
            for name, queryset in querysets.items()
        }
    )


def my_stories(user, author_id):
    """Counts per state of the stories `user` signs, and the latest of them."""
    mine = Article.objects.by_user(user)
    every = Article.objects.all()
    counts = count_each(
        Article.objects.filter(pk__in=mine.values("pk")),
        mine=every.filter(status=Status.DRAFT),
        awaiting=every.awaiting_verification(),
        verified=every.filter(status=Status.VERIFIED),
        scheduled=every.scheduled(),
        published=every.published(),
        withdrawn=every.withdrawn(),
    )
    # The changelist's "mine" is my drafts; the other shortcuts list everyone's
    # stories, so they are narrowed to the user's byline.
    byline = {"bylines__author__id__exact": author_id} if author_id else {}
    states = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": shortcut_url(key) if key == "mine" else shortcut_url(key, **byline),
        }
        for key, label in SHORTCUTS
    ]
    returns = ArticleEvent.objects.filter(action=ArticleEvent.Action.RETURN).select_related("actor")
    latest = list(
        mine.select_related("region")
        .prefetch_related(Prefetch("events", queryset=returns, to_attr="returns"))
        .order_by("-updated_at")[:LATEST_SIZE]
    )
    for article in latest:
        # A returned draft shows why: its latest return is what made it a draft again.
        returned = article.status == Status.DRAFT and article.returns
        article.last_return = article.returns[0] if returned else None
    return {
        "states": states,
        "latest": latest,
        "total": sum(counts.values()),
        "has_author": author_id is not None,
    }


def editor_queues(user):
    """What waits for an editor: stories to verify (not their own), to publish, scheduled."""
    to_verify = Article.objects.awaiting_verification().exclude(
        pk__in=Article.objects.by_user(user).values("pk")
    )
    to_publish = Article.objects.filter(status=Status.VERIFIED)
    scheduled = Article.objects.scheduled()
    counts = count_each(
        Article.objects.all(), verify=to_verify, publish=to_publish, scheduled=scheduled
    )
    return [
        {
            "key": "verify",
            "title": _("To verify"),
            "help": _("Submitted stories you did not write, oldest first."),
            "count": counts["verify"],
            "url": shortcut_url("awaiting"),
            "articles": list(
                to_verify.select_related("region", "submitted_by").order_by("submitted_at", "pk")[
                    :QUEUE_SIZE
                ]
            ),
        },
        {
            "key": "publish",
            "title": _("To publish"),
            "help": _("Verified stories, oldest first."),
            "count": counts["publish"],
            "url": shortcut_url("verified"),
            "articles": list(
                to_publish.select_related("region", "verified_by").order_by("verified_at", "pk")[
                    :QUEUE_SIZE
                ]
            ),
        },
        {
            "key": "scheduled",
            "title": _("Scheduled"),
            "help": _("Stories that become public on their own, next first."),
            "count": counts["scheduled"],
            "url": shortcut_url("scheduled"),
            "articles": list(
                scheduled.select_related("region", "published_by").order_by("published_at", "pk")[
                    :QUEUE_SIZE
                ]
            ),
        },
    ]


@register.inclusion_tag("admin/newsroom/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    """The desk for the logged-in user, in a fixed number of queries whatever the volume."""
    user = context["request"].user
    desk = {"mine": None, "queues": None}
    if not user.has_perm("articles.view_article"):
        return desk
    if user.has_perm("articles.verify_article") or user.has_perm("articles.publish_article"):
        desk["queues"] = editor_queues(user)
    author_id = Author.objects.filter(user=user).values_list("pk", flat=True).first()
    if author_id is not None or desk["queues"] is None:
        # Editors who sign stories see them too; a writer always sees their desk.
        desk["mine"] = my_stories(user, author_id)
    return desk
