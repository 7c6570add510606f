"""Every admin form with an autocomplete (select2) names each box by its field's label.

select2 builds its boxes on jQuery's ready, which may come before or after the page's
load event; static/js/admin-autocomplete.js names them as they are inserted. The list
of pages comes from the admin's registry, so a new autocomplete field is checked too.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from factcheck import tips
from tests.factories import make_user

from .browser import axe_violations, expect
from .conftest import E2E_MARKS, enrol_authenticator, log_in

pytestmark = E2E_MARKS


def forms_with_autocompletes():
    """Every registered model whose admin form or inlines have autocomplete fields."""
    found = []
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label):
        holders = [model_admin, *[inline(model, admin.site) for inline in model_admin.inlines]]
        if any(holder.autocomplete_fields for holder in holders):
            found.append(model)
    return found


def form_address(model) -> str:
    """The add page, or the change page of a new object where nobody may add one."""
    info = (model._meta.app_label, model._meta.model_name)
    if model._meta.label == "factcheck.Tip":
        tip = tips.submit_tip(
            text="On dit que le marché du samedi quitte la place de la mairie.",
            email="",
            consent=False,
            address="192.0.2.10",
        )
        return reverse("admin:%s_%s_change" % info, args=[tip.pk])
    return reverse("admin:%s_%s_add" % info)


def test_every_autocomplete_box_has_its_label_as_name(open_context):
    superuser = make_user("admin", is_superuser=True, is_staff=True)
    enrol_authenticator(superuser)
    page = open_context("administrator")
    log_in(page, "admin")
    models = forms_with_autocompletes()
    assert len(models) >= 8, models  # the list is built, not empty
    for model in models:
        page.goto(form_address(model))
        page.wait_for_load_state("load")
        boxes = page.locator(".select2-selection[role=combobox]:visible")
        expect(boxes.first).to_be_visible()
        for index in range(boxes.count()):
            box = boxes.nth(index)
            labelled_by = (box.get_attribute("aria-labelledby") or "").split()
            assert labelled_by, (model, index)
            label = page.locator(f"#{labelled_by[0]}")
            assert label.evaluate("node => node.tagName") == "LABEL", (model, labelled_by)
        problems = [p for p in axe_violations(page) if "aria-input-field-name" in p]
        assert problems == [], (model, problems)
