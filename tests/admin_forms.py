"""Build the POST data of the article admin page, inlines included."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article

INLINES = ("bylines", "quotes", "sources", "claims", "corrections")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_post_data(*, fields=None, **inlines):
    """POST data for the article add page: `inlines` maps a prefix to a list of dicts."""
    data = {
        "title": "Crue de l'Orne : la rocade de Caen rouverte jeudi",
        "slug": "crue-orne-rocade-caen",
        "work_type": "news",
        "language": "fr",
        "region": "",
        "tags": "crue, Caen",
        "introduction": "La rocade nord a été fermée deux jours après la crue.",
        "verified_facts": "La préfecture a confirmé la réouverture.",
        "development": "",
        "context": "",
        "hero": "",
        "original_url": "",
    }
    data.update(fields or {})
    for prefix in INLINES:
        rows = inlines.get(prefix, [])
        data.update(management(prefix, len(rows)))
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def transition_data(article, name, **fields):
    """POST data of a workflow button on `article`'s page, as the page shows it."""
    from articles import record

    prefix = f"t-{name}"
    data = {
        f"{prefix}-loaded_version": str(article.version),
        f"{prefix}-loaded_hash": record.live_hash(article),
    }
    data.update({f"{prefix}-{key}": value for key, value in fields.items()})
    return data


def press(client, article, name, **fields):
    """Press the workflow button `name` on `article`'s admin page, as the page offers it:
    inside the story's own form when the user may edit it (what was typed is saved with
    the step), otherwise as its own small form. `fields` are the button's inputs
    (comment, publish_at, change_kind)."""
    from django.urls import reverse

    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    article.refresh_from_db()
    prefix = f"t-{name}"
    if page.status_code == 200 and page.context.get("in_form"):
        data = edit_data(article, _transition=name)
        data.update({f"{prefix}-{key}": value for key, value in fields.items()})
        return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    url = reverse("admin:articles_article_transition", args=[article.pk, name])
    return client.post(url, transition_data(article, name, **fields))


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _unwrap(widget):
    # The admin wraps related-object selects in a widget that adds the "+" link.
    while hasattr(widget, "widget"):
        widget = widget.widget
    return widget


def form_data(page_forms):
    """What a browser posts back from these forms when nothing is touched."""
    data = {}
    for form in page_forms:
        for field in form:
            widget = _unwrap(field.field.widget)
            value = field.value()
            if isinstance(field.field, forms.FileField):
                continue
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(widget, forms.MultiWidget):
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{field.html_name}_{index}"] = "" if part is None else str(part)
            else:
                formatted = widget.format_value(value)
                data[field.html_name] = "" if formatted is None else formatted
    return data


def edit_data(article, **changes):
    """The POST of the article's change page as a superuser opens it now, with `changes`.

    Built from the admin's own form and inline formsets, so it carries the
    hidden `loaded_version`, every inline's management form and row ids.
    """
    User = get_user_model()
    reader = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "page-reader", "reader@example.org", "x"
    )
    request = RequestFactory().get("/")
    request.user = reader
    model_admin = admin.site.get_model_admin(Article)
    obj = model_admin.get_object(request, str(article.pk))
    page_forms = [model_admin.get_form(request, obj, change=True)(instance=obj)]
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        formset = formset_class(
            instance=obj,
            prefix=formset_class.get_default_prefix(),
            queryset=inline.get_queryset(request),
        )
        page_forms += [formset.management_form, *formset.forms]
    data = form_data(page_forms)
    data.update(changes)
    return data


def add_inline_row(data: dict, prefix: str, row: dict) -> dict:
    """`data` with one more row in the inline formset `prefix`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data = dict(data)
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for key, value in row.items():
        data[f"{prefix}-{index}-{key}"] = value
    return data
