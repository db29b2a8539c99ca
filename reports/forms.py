from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan
from toolkit.forms import DsfrFormMixin


class GenerateForm(DsfrFormMixin, forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=ActionPlan.objects.order_by("-period_start", "slug"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez un plan de la liste.")},
    )
    period_start = forms.DateField(
        label=_("Début de la période"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (JJ/MM/AAAA).")},
    )
    period_end = forms.DateField(
        label=_("Fin de la période (chiffres arrêtés à cette date)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide (JJ/MM/AAAA).")},
    )


class CorrectionForm(DsfrFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Ce que cette correction corrige (public)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Dites ce que cette correction corrige.")},
    )
