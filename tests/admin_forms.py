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
