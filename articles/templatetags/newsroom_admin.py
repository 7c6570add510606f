"""The admin index as a newsroom desk: what waits for an editor, where a writer's stories are."""

import calendar
import datetime

from django import template
from django.db.models import Count, Max, Min, Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
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


def count_each(**querysets):
    """Count each queryset on its own: each uses its status index, whereas one
    aggregate with a filter per queue would read the whole archive."""
    return {name: queryset.count() for name, queryset in querysets.items()}


def my_stories(user, author_id):
    """Counts per state of the stories `user` signs, and the latest of them."""
    mine = Article.objects.by_user(user)
    # One grouped count per status, then scheduled ones taken out of "published".
    per_status = dict(
        Article.objects.filter(pk__in=mine.values("pk"))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    scheduled = Article.objects.filter(pk__in=mine.values("pk")).scheduled().count()
    counts = {
        "mine": per_status.get(Status.DRAFT, 0),
        "awaiting": per_status.get(Status.SUBMITTED, 0),
        "verified": per_status.get(Status.VERIFIED, 0),
        "scheduled": scheduled,
        "published": per_status.get(Status.PUBLISHED, 0) - scheduled,
        "withdrawn": per_status.get(Status.WITHDRAWN, 0),
    }
    # The changelist's "mine" is my drafts; the other shortcuts list everyone's
    # stories, so they are narrowed to the user's byline.
    byline = {"author": author_id} if author_id else {}
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
    to_publish = Article.objects.verified()
    scheduled = Article.objects.scheduled()
    counts = count_each(verify=to_verify, publish=to_publish, scheduled=scheduled)
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


@register.inclusion_tag("admin/date_hierarchy.html")
def calendar_hierarchy(cl):
    """The admin's date drill-down without scanning the table.

    Django's own lists the years, months and days that have rows, with a
    DISTINCT over the filtered list: seconds at a million stories. Here the
    years come from the first and last dates (two index lookups) and months
    and days from the calendar; a month without stories gives an empty list.
    """
    field_name = cl.date_hierarchy
    year_field, month_field, day_field = (
        f"{field_name}__{part}" for part in ("year", "month", "day")
    )
    year, month, day = (cl.params.get(f) for f in (year_field, month_field, day_field))
    year, month, day = (v[-1] if isinstance(v, list) else v for v in (year, month, day))

    def link(filters):
        return cl.get_query_string(filters, [f"{field_name}__"])

    if year and month and day:
        date = datetime.date(int(year), int(month), int(day))
        return {
            "show": True,
            "back": {
                "link": link({year_field: year, month_field: month}),
                "title": capfirst(formats.date_format(date, "YEAR_MONTH_FORMAT")),
            },
            "choices": [{"title": capfirst(formats.date_format(date, "MONTH_DAY_FORMAT"))}],
        }
    if year and month:
        days = calendar.monthrange(int(year), int(month))[1]
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: number}),
                    "title": capfirst(
                        formats.date_format(
                            datetime.date(int(year), int(month), number), "MONTH_DAY_FORMAT"
                        )
                    ),
                }
                for number in range(1, days + 1)
            ],
        }
    if year:
        return {
            "show": True,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": [
                {
                    "link": link({year_field: year, month_field: number}),
                    "title": capfirst(
                        formats.date_format(
                            datetime.date(int(year), number, 1), "YEAR_MONTH_FORMAT"
                        )
                    ),
                }
                for number in range(1, 13)
            ],
        }
    bounds = cl.model._default_manager.aggregate(first=Min(field_name), last=Max(field_name))
    if not bounds["first"]:
        return {"show": False}
    first, last = (timezone.localtime(bounds[k]).year for k in ("first", "last"))
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": link({year_field: str(number)}), "title": str(number)}
            for number in range(last, first - 1, -1)
        ],
    }
