from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error body (documentation only; cica_site.api.exceptions writes it)."""

    status = serializers.IntegerField(help_text=_("The HTTP status code."))
    code = serializers.CharField(help_text=_("A stable code, e.g. invalid, not_found, throttled."))
    detail = serializers.CharField(help_text=_("A message for people."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_(
            "Field-by-field messages of a validation error; rules spanning fields under "
            "non_field_errors. Empty for other errors."
        ),
    )
