from django import template

from ..models import Rating

register = template.Library()


@register.inclusion_tag("factcheck/_verdict_scale.html")
def verdict_scale():
    """The verdict scale as a table, straight from the data editors maintain."""
    return {"ratings": Rating.objects.all()}
