"""Serializer fields shared by the apps' APIs."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cica_site.dates import PARTIAL_DATE_FORMATS, parse_partial_date

# "2026", "2026-03" or "2026-03-31" in requests; an ISO date in responses.
PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "example": "2026-03",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date as the sources give it: "2026", "2026-03" or "2026-03-31".

    Reads into a (date, precision) pair, the date being the first day of its period; writes
    the stored date in ISO 8601 (its precision is a field of its own beside it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                '"YYYY", "YYYY-MM" or "YYYY-MM-DD": a year, a month or a day; read back as an '
                "ISO date (the first day of the period) beside its precision."
            ),
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> tuple[date, str]:
        try:
            if not isinstance(data, str):
                raise ValueError(PARTIAL_DATE_FORMATS % {"text": data})
            return parse_partial_date(data)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value: date) -> str:
        return value.isoformat()


class StrictStringMixin:
    """Text fields take text only: DRF's own would store the number 2.2e-16 as a title."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    pass


class StrictURLField(StrictStringMixin, serializers.URLField):
    pass


class CountryCodeField(serializers.ChoiceField):
    """Any country by its ISO 3166-1 alpha-2 code (ID, US, KZ); null when none is published."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("The country's ISO 3166-1 alpha-2 code, any country."))
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        super().__init__(choices=list(countries), **kwargs)

    def to_internal_value(self, data):
        if data in (None, "") and self.allow_blank:
            return ""
        code = str(data).strip().upper()
        if code not in self.choices:
            raise serializers.ValidationError(
                _("No country “%(value)s”: give its ISO 3166-1 code, e.g. ID.") % {"value": data}
            )
        return code

    def to_representation(self, value):
        return getattr(value, "code", value) or None
