from copy import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from cica_site.api.exceptions import field_errors
from cica_site.api.fields import StrictCharField, StrictSlugField, StrictURLField


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


class ModelRulesMixin:
    """Apply the model's own rules (full_clean: fields, uniqueness and the database's check
    constraints) to the object as it would be saved: a copy, so nothing changes until the
    whole object passes. Many-to-many values are left to the save."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.URLField: StrictURLField,
    }

    def validate(self, attrs):
        model = self.Meta.model
        obj = copy(self.instance) if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(obj, name, value)
        try:
            obj.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(field_errors(get_error_detail(error))) from error
        return attrs
