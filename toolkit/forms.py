"""Form helpers for the French state design system (DSFR)."""

from __future__ import annotations

from django import forms


class DsfrFormMixin:
    """Adds the design system's classes and error attributes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "fr-select" if isinstance(widget, forms.Select) else "fr-input"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        self._mark_invalid_fields()

    def _mark_invalid_fields(self) -> None:
        for name in self._errors or {}:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-errors"

    def add_service_errors(self, error) -> None:
        """Put a service's ValidationError next to the fields it names."""
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)
        self._mark_invalid_fields()
