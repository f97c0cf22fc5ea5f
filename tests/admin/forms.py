"""Turn an admin change page into the POST data its form would send back."""

from datetime import date

from django import forms


def _as_post_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_as_post_value(v) for v in value]
    return value


def change_form_data(response, **overrides) -> dict:
    """The values an admin add/change page shows, as its form would post them, with
    `overrides` applied (a value of None leaves the field out, e.g. an unticked checkbox)."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None and isinstance(form.fields[name], forms.ModelMultipleChoiceField):
            continue
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = _as_post_value(value)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = _as_post_value(value)
    return data
