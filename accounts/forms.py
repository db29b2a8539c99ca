"""Forms of the workspace. They only parse input; the services validate rules and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Administration
from toolkit.forms import DsfrFormMixin


class ImplementationForm(DsfrFormMixin, forms.Form):
    cost_amount = forms.DecimalField(
        label=_("Coût estimé (euros)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    cost_staff_fte = forms.DecimalField(
        label=_("Moyens humains (ETP)"), required=False, min_value=0, max_digits=8, decimal_places=2
    )
    cost_funding_source = forms.CharField(
        label=_("Source de financement"), required=False, max_length=300
    )
    no_additional_cost = forms.BooleanField(label=_("Sans coût supplémentaire"), required=False)
    contact_name = forms.CharField(label=_("Responsable nommé"), required=False, max_length=200)
    contact_role = forms.CharField(
        label=_("Fonction du responsable"), required=False, max_length=200
    )
    contact_email = forms.EmailField(label=_("Courriel du responsable"), required=False)
    justification = forms.CharField(
        label=_("Commentaire (public)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InviteForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(label=_("Adresse électronique de la personne invitée"))
    administration = forms.ModelChoiceField(
        label=_("Administration"), queryset=Administration.objects.order_by("name")
    )
