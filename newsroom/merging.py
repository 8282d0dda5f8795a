"""Merging a stale form with what was saved meanwhile: the form remembers a fingerprint of
each field as it was opened; on a refusal, a field the writer did not touch takes the saved
value, so that saving again keeps both writers' work. Fields both changed stay as the writer
typed them, shown in the conflict table to merge by hand."""

import hashlib
import json
from datetime import datetime

from django import forms

from .changes import markup_shape


def fingerprint(name, field, value):
    """A short digest of what a field's value says (a datetime to the second, a body by its
    markup without spacing, a related record by its id)."""
    if isinstance(value, datetime):
        value = int(value.timestamp())
    elif name == "body":
        value = markup_shape(value)
    else:
        value = field.prepare_value(value)
        value = "" if value is None else str(value).strip()
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def fingerprints(form, value_of):
    """{name: fingerprint} of the form's stored fields, their values given by `value_of`."""
    return json.dumps(
        {name: fingerprint(name, form.fields[name], value_of(name)) for name in merged(form)}
    )


def merged(form):
    """The fields a merge may fill in: the form's own stored fields but files."""
    stored = {field.name for field in form._meta.model._meta.concrete_fields}
    return [name for name in form.fields if name in stored and name != "cover"]


def untouched(form, name, opened):
    """Whether the writer left the field as it was when the form was opened."""
    value = form.cleaned_data.get(name)
    return opened.get(name) == fingerprint(name, form.fields[name], value)


def put(data, form, name, value):
    """Write `value` into posted `data` as the field's widget would post it."""
    field = form.fields[name]
    widget = getattr(field.widget, "widget", field.widget)  # the admin's related-field wrapper
    value = field.prepare_value(value)
    if isinstance(widget, forms.MultiWidget):
        for index, (part, shown) in enumerate(
            zip(widget.widgets, widget.decompress(value), strict=True)
        ):
            data[f"{name}_{index}"] = part.format_value(shown) or ""
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    else:
        data[name] = widget.format_value(value) or ""
