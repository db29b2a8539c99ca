"""The subscription form: an address, a frequency, and a honeypot field robots fill in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin

from .models import Subscription


class SubscribeForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Format attendu : nom@domaine.fr"),
        max_length=254,
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
    )
    # A honeypot: hidden from people (and from assistive technologies), filled by robots.
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
