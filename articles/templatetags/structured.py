"""JSON-LD of list pages: `{% collection_json_ld name stories %}` in a template's meta block."""

import html

from django import template
from django.utils.html import format_html

from .. import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def collection_json_ld(context, name, stories):
    """A CollectionPage of this address whose main entity lists the stories shown."""
    request = context["request"]
    # A name made by {% blocktranslate asvar %} arrives HTML-escaped; JSON wants the text.
    data = structured_data.collection_page(html.unescape(str(name)), request.path, stories)
    return format_html(
        '<script type="application/ld+json">{}</script>', structured_data.json_ld(data)
    )
