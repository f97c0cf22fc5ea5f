"""Filters by natural key, for every app's filtersets: slugs and ISO codes in the query string,
several values allowed (`?dimension=economic&dimension=human`), an unknown one refused."""

import django_filters


def by_natural_key(field_name: str, model, label, key: str = "slug"):
    """Filter on `field_name` (a relation) by its `key` field: `by_natural_key("body", Body, …)`
    reads `?body=senior-officials-committee`."""
    return django_filters.ModelMultipleChoiceFilter(
        field_name=f"{field_name}__{key}",
        to_field_name=key,
        queryset=model.objects.all(),
        label=label,
    )
