"""The admin's slug pre-fill, made French like the server's slugs (newsroom/slugs.py)."""

# After Django's urlify.js, which it wraps (static/js/urlify-fr.js).
FRENCH_SLUG_JS = ["admin/js/urlify.js", "js/urlify-fr.js"]


class FrenchSlugPrefill:
    """For admins with `prepopulated_fields` and no Media of their own."""

    class Media:
        js = FRENCH_SLUG_JS
