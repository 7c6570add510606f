from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

validate_http_url = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


class HttpURLField(models.URLField):
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
