"""Inline rows of the story editor: compact, ordered by their place on the page.

A row's `position` is not a number to type: it is a hidden input that the
editor's script (static/js/story-editor.js) sets from the rows' order when the
form is sent; the ↑ ↓ buttons move a row, with the keyboard too. Without the
script, rows keep the order they had. Every input of a row has a name a screen
reader can say (the delete box included), and help texts are shown as text,
never as markup (a "<slug>" in a help text is words, not a tag).
"""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from newsroom.numbers import parse_number

COMPACT_TEMPLATE = "admin/edit_inline/compact.html"


def _row_index(prefix: str) -> int:
    tail = prefix.rsplit("-", 1)[-1]
    return parse_number(tail) or 0


class RowOrderForm(forms.ModelForm):
    """A row whose place comes from the page's order (`position` is hidden)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].required = False

    def clean_position(self):
        value = self.cleaned_data.get("position")
        return value if value is not None else _row_index(self.prefix)

    def has_changed(self):
        # A row added and left empty is not a row: its position alone, set by
        # the script, does not make it one.
        changed = super().has_changed()
        if changed and self.instance._state.adding:
            return bool(set(self.changed_data) - {"position"})
        return changed


class RowOrderFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this row")


class HelpTextAsText:
    """Help texts are plain text: the admin prints them as HTML, so escape them."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            formfield.help_text = escape(formfield.help_text)
        return formfield


class OrderedRowsInline(HelpTextAsText):
    """Inline rows ordered by their place on the page (see the module's docstring)."""

    formset = RowOrderFormSet
    form = RowOrderForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        if not issubclass(form, RowOrderForm):
            kwargs["form"] = type(form.__name__, (RowOrderForm, form), {})
        return super().get_formset(request, obj, **kwargs)
