"""The story editor's source and claim rows (the story page, FactCheckedArticleAdmin).

A source names its outlet by typing it: `services.outlet_for` finds the outlet
whatever its accents or case, or creates it (homepage from the cited page's
address) in the same transaction as the story's save; no pop-up, no second
page. A claim picks its supporting sources among the page's rows, saved or
just typed: a typed row is referred to by its index on the page ("row-3"),
and `services.resolve_source_refs` turns it into the source saved in the same
transaction, before the write path checks the story's rules.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.admin.rows import RowOrderForm, RowOrderFormSet

from . import services
from .models import CLAIM_FIELDS, Claim, Source

OUTLET_DATALIST = "outlet-names"
ROW_REF = re.compile(r"^(\d+|row-\d+)$")


class SourceRowForm(RowOrderForm):
    outlet_name = forms.CharField(
        label=_("outlet"),
        max_length=150,
        help_text=None,
        widget=forms.TextInput(attrs={"list": OUTLET_DATALIST, "autocomplete": "off"}),
    )

    class Meta:
        model = Source
        fields = ["outlet_name", "kind", "title", "url", "published_on", "archived_url", "position"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "url": forms.URLInput,  # the admin's adds a "Currently:" line to each row
            "archived_url": forms.URLInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.outlet_id and not self.is_bound:
            self.initial["outlet_name"] = self.instance.outlet.name
        self.fields["outlet_name"].help_text = ""
        self.fields["archived_url"].help_text = ""
        self.new_outlet = None

    def has_changed(self):
        if self.instance._state.adding:
            return super().has_changed()
        # The outlet's name as shown is not a change unless it names another outlet.
        changed = set(self.changed_data)
        if "outlet_name" in changed:
            typed = services.find_outlet(self.cleaned_data_or_data("outlet_name"))
            if typed is not None and typed.pk == self.instance.outlet_id:
                changed.discard("outlet_name")
        return bool(changed)

    def cleaned_data_or_data(self, name):
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        return self.data.get(self.add_prefix(name), "")

    def save(self, commit=True):
        name = self.cleaned_data["outlet_name"]
        current = self.instance.outlet if self.instance.outlet_id else None
        if current is None or services.find_outlet(name) != current:
            known = services.find_outlet(name)
            self.instance.outlet = known or services.outlet_for(
                name=name, url=self.cleaned_data.get("url", "")
            )
            if known is None:
                self.new_outlet = self.instance.outlet
        return super().save(commit)


class SourceRowFormSet(RowOrderFormSet):
    datalist = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.datalist = {"id": OUTLET_DATALIST, "options": services.outlet_suggestions()}


class SourceRefsField(forms.MultipleChoiceField):
    """Saved sources of the story by id, or rows typed on the page as "row-<index>"."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return bool(ROW_REF.match(str(value)))


def typed_source_rows(data) -> list[tuple[str, str]]:
    """Choices for the source rows of a sent story page that are not saved yet."""
    try:
        total = int(data.get("sources-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return []
    choices = []
    for index in range(min(total, 150)):
        if data.get(f"sources-{index}-id"):
            continue
        title = (data.get(f"sources-{index}-title") or "").strip()
        outlet = (data.get(f"sources-{index}-outlet_name") or "").strip()
        if title or outlet:
            choices.append((f"row-{index}", " — ".join(part for part in (outlet, title) if part)))
    return choices


class StoryClaimForm(RowOrderForm):
    """A claim row of the story page: its sources are chosen among the page's rows."""

    story_id = None  # set by ClaimInline.get_formset

    source_refs = SourceRefsField(
        label=_("supporting sources"),
        required=False,
        help_text=_(
            "Sources of this story that support the verdict, including rows typed above "
            "and not saved yet."
        ),
    )

    class Meta:
        model = Claim
        fields = list(CLAIM_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = (
            Source.objects.filter(article_id=self.story_id).select_related("outlet")
            if self.story_id
            else Source.objects.none()
        )
        choices = [(str(source.pk), str(source)) for source in saved]
        if self.is_bound:
            choices += typed_source_rows(self.data)
        self.fields["source_refs"].choices = choices
        if self.instance.pk and not self.is_bound:
            self.initial["source_refs"] = [
                str(pk) for pk in self.instance.sources.values_list("pk", flat=True)
            ]

    def clean(self):
        cleaned = super().clean()
        error = services.verdict_in_label_error(cleaned.get("label", ""))
        if error:
            self.add_error("label", error)
        return cleaned

    def clean_source_refs(self):
        refs = self.cleaned_data.get("source_refs") or []
        saved = {value for value, _label in self.fields["source_refs"].choices}
        for ref in refs:
            if ref.isdigit() and ref not in saved:
                raise ValidationError(
                    _("Choose sources cited by this claim's article."), code="foreign_source"
                )
        return refs


def deleted_row_refs(data) -> set[str]:
    """Refs ("12", "row-3") of the source rows marked for deletion in a sent story page."""
    try:
        total = int(data.get("sources-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return set()
    refs = set()
    for index in range(min(total, 150)):
        if data.get(f"sources-{index}-DELETE"):
            pk = str(data.get(f"sources-{index}-id", ""))
            refs.add(pk if pk.isdigit() else f"row-{index}")
    return refs


class StoryClaimFormSet(RowOrderFormSet):
    """A claim may not keep citing a source deleted in the same save."""

    def clean(self):
        super().clean()
        deleted = deleted_row_refs(self.data)
        if not deleted:
            return
        labels = dict(self.forms[0].fields["source_refs"].choices) if self.forms else {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            gone = [ref for ref in form.cleaned_data.get("source_refs") or [] if ref in deleted]
            if gone:
                form.add_error(
                    "source_refs",
                    ValidationError(
                        _(
                            "Claim “%(label)s” cites “%(source)s”, which you are deleting: "
                            "remove it from the claim's sources, or keep the source."
                        ),
                        code="deleted_source",
                        params={
                            "label": form.cleaned_data.get("label") or form.instance.label,
                            "source": labels.get(gone[0], gone[0]),
                        },
                    ),
                )

    def save_sources(self, rows: dict[int, Source]) -> None:
        """Link each claim to the sources it picked, once the page's sources are saved."""
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            claim: Claim = form.instance
            if claim.pk is None:
                continue
            refs = form.cleaned_data.get("source_refs") or []
            chosen = services.resolve_source_refs(refs, rows)
            if {s.pk for s in chosen} != set(claim.sources.values_list("pk", flat=True)):
                claim.sources.set(chosen)
