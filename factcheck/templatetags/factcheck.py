from django import template

from ..models import Rating

register = template.Library()


@register.inclusion_tag("factcheck/_verdict_scale.html")
def verdict_scale():
    """The verdict scale as a table, straight from the data editors maintain."""
    return {"ratings": Rating.objects.all()}


@register.inclusion_tag("factcheck/_tips_policy.html")
def tips_policy():
    """What happens to a reader's tip and e-mail, from the settings that decide it."""
    from django.conf import settings
    from django.urls import reverse

    return {"days": settings.TIP_EMAIL_RETENTION_DAYS, "tip_url": reverse("factcheck:tip")}
