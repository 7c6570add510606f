from django import template

from ..history import readable_change_message

register = template.Library()


@register.filter
def change_message(entry):
    """A history entry's change in words (newsroom/history.py)."""
    return readable_change_message(entry)
