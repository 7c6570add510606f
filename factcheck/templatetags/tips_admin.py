"""Reader tips on the editors' desk (admin index): how many wait, by state."""

from django import template
from django.db.models import Count
from django.urls import reverse

from factcheck.models import Tip

register = template.Library()


@register.inclusion_tag("admin/factcheck/tips_desk.html", takes_context=True)
def tips_desk(context):
    """Counts per triage state in one query; nothing for staff who may not see tips."""
    user = context["request"].user
    if not user.has_perm("factcheck.view_tip"):
        return {"states": None}
    counts = dict(Tip.objects.values_list("state").annotate(n=Count("pk")).order_by())
    url = reverse("admin:factcheck_tip_changelist")
    return {
        "url": url,
        "states": [
            {"label": label, "count": counts.get(value, 0), "url": f"{url}?state__exact={value}"}
            for value, label in Tip.State.choices
        ],
    }
