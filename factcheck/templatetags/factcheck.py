from django import template
from django.template.loader import get_template

from articles.templatetags.cards import joined_cards

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


def _claim_cards(story) -> str:
    context = {"story": story, "card": story.card}
    return get_template("factcheck/_claim_cards.html").render(context)


@register.simple_tag
def claim_cards(stories, rating=None) -> str:
    """The fact-check index's cards: each story's `listed_claims` (its published
    claims of `rating`, or all), rendered once per worker, version, address,
    language and verdict filter (articles/templatetags/cards.py)."""
    return joined_cards(stories, "claims", rating.slug if rating else None, _claim_cards)
