"""The rich-text editor of the admin: a Markdown textarea with a toolbar and a preview.

Stories, claims, biographies and site pages are stored as Markdown: the published
record hashes it, the importer and the demo write it, and `newsroom.markup` renders
it for readers. The editor keeps that storage and hides the syntax instead of
replacing it: its buttons write the Markdown (bold, italic, link, list, heading,
quote), its preview asks the server to render the text with the very function the
public pages use, and a paste from a word processor is converted on the server
(`html_to_markdown`: bold, italics, links, lists and headings kept, the rest
dropped). Without JavaScript it is a plain textarea.

Every Markdown model field (`newsroom.fields.MarkdownField`) gets the widget from its
``formfield()``: a new rich-text field has the toolbar in any form, admin or not.
The two endpoints are the staff's only (the admin's own login check), POST only,
CSRF-protected, and refuse oversized text with 413.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.markup import PASTE_MAX_CHARS, html_to_markdown, render_markdown

# Far beyond any story section; a preview of more is refused rather than rendered.
PREVIEW_MAX_CHARS = 200_000


class MarkdownEditor(AdminTextareaWidget):
    """A textarea with formatting buttons and an in-place preview (static/js/markdown-editor.js)."""

    template_name = "newsroom/widgets/markdown_editor.html"
    # label, Markdown action, keyboard shortcut (with Ctrl or ⌘)
    buttons = [
        (gettext_lazy("Bold"), "bold", "B"),
        (gettext_lazy("Italic"), "italic", "I"),
        (gettext_lazy("Link"), "link", "K"),
        (gettext_lazy("Bulleted list"), "bullets", ""),
        (gettext_lazy("Numbered list"), "numbers", ""),
        (gettext_lazy("Heading"), "heading", ""),
        (gettext_lazy("Quotation"), "quote", ""),
    ]

    class Media:
        js = ["js/markdown-editor.js"]
        css = {"all": ["css/markdown-editor.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            buttons=self.buttons,
            preview_url=reverse("richtext_preview"),
            paste_url=reverse("richtext_paste"),
        )
        return context


def _text_of(request, name, limit):
    """The posted field `name`, or a JSON error response."""
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    text = request.POST.get(name, "")
    if len(text) > limit:
        return None, JsonResponse({"error": _("This text is too long to be shown.")}, status=413)
    return text, None


def preview(request):
    """The posted Markdown as readers will see it: the public pages' own rendering."""
    text, refusal = _text_of(request, "text", PREVIEW_MAX_CHARS)
    if refusal is not None:
        return refusal
    return JsonResponse({"html": render_markdown(text)})


def paste(request):
    """Clipboard HTML (Word, Google Docs, a web page) as Markdown to insert."""
    html, refusal = _text_of(request, "html", PASTE_MAX_CHARS)
    if refusal is not None:
        return refusal
    return JsonResponse({"markdown": html_to_markdown(html)})


# Under /admin/ (never cached, never public), behind the admin's login check and CSRF.
urlpatterns = [
    path("redaction/apercu/", admin.site.admin_view(preview), name="richtext_preview"),
    path("redaction/coller/", admin.site.admin_view(paste), name="richtext_paste"),
]
