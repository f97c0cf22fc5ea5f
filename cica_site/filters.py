"""Filters by natural key, for every app's filtersets: slugs and ISO codes in the query string,
several values allowed (`?dimension=economic&dimension=human`), an unknown one refused."""

import django_filters
from drf_spectacular.utils import extend_schema_field

# A year filter's type in the API schema: a whole year the calendar knows.
WHOLE_YEAR = extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})


def by_natural_key(field_name: str, model, label, key: str = "slug"):
    """Filter on `field_name` (a relation) by its `key` field: `by_natural_key("body", Body, …)`
    reads `?body=senior-officials-committee`."""
    return django_filters.ModelMultipleChoiceFilter(
        field_name=f"{field_name}__{key}",
        to_field_name=key,
        queryset=model.objects.all(),
        label=label,
    )
