"""Build the POST data of the article admin page, inlines included."""

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
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "hero_focal_x": "50",
        "hero_focal_y": "50",
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

    from tests.articles.test_editing import edit_data

    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    article.refresh_from_db()
    prefix = f"t-{name}"
    if page.status_code == 200 and page.context.get("in_form"):
        data = edit_data(article, _transition=name)
        data.update({f"{prefix}-{key}": value for key, value in fields.items()})
        return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    url = reverse("admin:articles_article_transition", args=[article.pk, name])
    return client.post(url, transition_data(article, name, **fields))
