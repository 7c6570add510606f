"""Model fields of the project.

Every text column of our models is declared with the classes below rather than
Django's: they store text without invisible control characters (newsroom/text.py),
whoever writes it. A test checks that no model declares a text field otherwise.
"""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.text import clean_text

validate_http_url = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


class CleanTextMixin:
    """Text without control characters, whatever the writer.

    `to_python` serves forms and `full_clean()`, and Django also calls it for
    every value sent to the database (saves, `update()`, `bulk_create()`,
    filters); `pre_save` keeps the instance equal to what was stored. A form
    still refuses a NUL byte with a message next to the field (Django's own
    check): only there would a silent removal surprise.
    """

    multiline = False

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        cleaned = clean_text(value, multiline=self.multiline)
        if cleaned is not value:
            setattr(model_instance, self.attname, cleaned)
        return cleaned

    def deconstruct(self):
        # The column is Django's: migrations need not know about the cleaning.
        name, path, args, kwargs = super().deconstruct()
        return name, getattr(self, "migration_path", path), args, kwargs


class CharField(CleanTextMixin, models.CharField):
    migration_path = "django.db.models.CharField"


class TextField(CleanTextMixin, models.TextField):
    multiline = True
    migration_path = "django.db.models.TextField"


class MarkdownField(TextField):
    """Rich text stored as Markdown (rendered by newsroom.markup for readers).

    The one hook for the admin's rich-text editor: every form for such a field,
    admin or not, gets the toolbar and preview (newsroom.richtext.MarkdownEditor),
    unless the form chose a widget other than a plain textarea.
    """

    def formfield(self, **kwargs):
        from django import forms

        from newsroom.richtext import MarkdownEditor

        widget = kwargs.get("widget")
        kind = widget if isinstance(widget, type) else type(widget)
        if widget is None or (
            issubclass(kind, forms.Textarea) and not issubclass(kind, MarkdownEditor)
        ):
            kwargs["widget"] = MarkdownEditor
        return super().formfield(**kwargs)


class SlugField(CleanTextMixin, models.SlugField):
    migration_path = "django.db.models.SlugField"


class EmailField(CleanTextMixin, models.EmailField):
    migration_path = "django.db.models.EmailField"


class HttpURLField(CleanTextMixin, models.URLField):
    """A URL readers can open: http or https only, never javascript: or data:."""

    default_validators = [validate_http_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("assume_scheme", "https")
        field = super().formfield(**kwargs)
        if isinstance(field, forms.URLField):
            field.validators = [v for v in field.validators if not isinstance(v, URLValidator)]
            field.validators.append(validate_http_url)
        return field
