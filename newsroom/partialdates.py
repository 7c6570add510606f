"""Dates known to the year, the month or the day, as journalism knows them.

A quote said "in 2025" or a claim seen "in March 2025" is stored with that
precision, never with an invented day that readers would then be shown. A
`PartialDate` is written in ISO 8601 at its precision ("2025", "2025-03",
"2025-03-15"): that is its database value (so stored dates sort in time order),
its value in the published record and the API, and its JSON-LD. A full date
stored before this field existed reads the same as before ("2025-03-15").

`PartialDateField` is the model field; its form field takes "2025", "03/2025"
or "15/03/2025" (and the ISO forms), refusing anything else with a clear error.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

YEAR, MONTH, DAY = "year", "month", "day"

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_TYPED = re.compile(r"^(?:(\d{1,2})[/.\-\s])?(?:(\d{1,2})[/.\-\s])?(\d{4})$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month of a year or a day; `month` and `day` are 0 when unknown."""

    year: int
    month: int = 0
    day: int = 0

    def __post_init__(self):
        # Raises ValueError for a date that does not exist (31/02/2025, month 13).
        datetime.date(self.year, self.month or 1, self.day or 1)
        if self.day and not self.month:
            raise ValueError("a day needs its month")

    @property
    def precision(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self):
        return self.isoformat()

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        match = _ISO.match(text.strip())
        if not match:
            raise ValueError(f"not an ISO 8601 date: {text!r}")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        return cls(year, month, day)

    @classmethod
    def from_typed(cls, text: str) -> PartialDate:
        """ "2025", "03/2025", "15/03/2025" (French order), or an ISO form."""
        text = re.sub(r"\s*([/.\-])\s*", r"\1", " ".join(text.split()))
        match = _TYPED.match(text)
        if not match:
            return cls.from_iso(text)
        first, second, year = match.groups()
        if second is not None:
            return cls(int(year), int(second), int(first))
        return cls(int(year), int(first) if first else 0)

    @classmethod
    def coerce(cls, value) -> PartialDate | None:
        """A stored, restored or assigned value as a PartialDate (a date is a day)."""
        if value is None or value == "" or isinstance(value, PartialDate):
            return value or None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        return cls.from_iso(str(value))

    def phrase(self) -> str:
        """In a sentence: "le 15 mars 2025" reads "15 mars 2025"; "en mars 2025", "en 2025"."""
        if self.day:
            return formats.date_format(self.first_day, "DATE_FORMAT")
        if self.month:
            return _("in %(month)s") % {
                "month": formats.date_format(self.first_day, "YEAR_MONTH_FORMAT")
            }
        return _("in %(year)s") % {"year": self.year}

    def display(self) -> str:
        """For readers: "15 mars 2025", "mars 2025", "2025" (the interface's language)."""
        if self.day:
            return formats.date_format(self.first_day, "DATE_FORMAT")
        if self.month:
            return formats.date_format(self.first_day, "YEAR_MONTH_FORMAT")
        return str(self.year)


class _Descriptor:
    """Whatever is assigned (a date, an ISO string from the record, a PartialDate), the
    attribute holds a PartialDate or None; assigning something that is no such date is
    refused at once rather than stored. (A stored value that is not a date, written
    around the model, reads None: see `from_db_value`.)"""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__.get(self.field.attname)

    def __set__(self, instance, value):
        try:
            value = PartialDate.coerce(value)
        except (TypeError, ValueError):
            raise ValidationError(
                {self.field.name: PartialDateFormField.default_error_messages["invalid"]},
                code="invalid",
            ) from None
        instance.__dict__[self.field.attname] = value


class PartialDateFormField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "Enter a year (2025), a month and year (03/2025) or a full date (15/03/2025)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "16")
        self.widget.attrs.setdefault("placeholder", _("2025, 03/2025 or 15/03/2025"))
        self.widget.attrs.setdefault("inputmode", "numeric")

    def prepare_value(self, value):
        if isinstance(value, str):
            try:
                value = PartialDate.coerce(value)
            except ValueError:
                return value
        if isinstance(value, datetime.date):
            value = PartialDate.coerce(value)
        if isinstance(value, PartialDate):
            if value.day:
                return f"{value.day:02d}/{value.month:02d}/{value.year}"
            if value.month:
                return f"{value.month:02d}/{value.year}"
            return str(value.year)
        return value

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.from_typed(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != PartialDate.coerce(initial)
        except (ValidationError, ValueError):
            return True


class PartialDateField(models.Field):
    """A date known to the year, month or day, stored as ISO 8601 at that precision."""

    description = _("Date (year, month or day)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 10:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def get_internal_type(self):
        return "CharField"

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, self.attname, _Descriptor(self))

    def from_db_value(self, value, expression, connection):
        try:
            return PartialDate.coerce(value)
        except (TypeError, ValueError):
            return None

    def to_python(self, value):
        try:
            return PartialDate.coerce(value)
        except (TypeError, ValueError):
            raise ValidationError(
                PartialDateFormField.default_error_messages["invalid"], code="invalid"
            ) from None

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return None
        return PartialDate.coerce(value).isoformat()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
