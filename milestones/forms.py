from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin

from .models import Milestone


class MilestoneStatusForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=Milestone.Status.choices)
    completed_on = forms.DateField(
        label=_("Réalisé le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Obligatoire pour un jalon réalisé."),
    )
    evidence_url = forms.URLField(
        label=_("Lien vers la preuve"),
        required=False,
        assume_scheme="https",
        help_text=_("Page publique qui montre le livrable (texte publié, jeu de données…)."),
    )
    due_date = forms.DateField(
        label=_("Échéance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("La changer demande une justification ; l'échéance initiale reste affichée."),
    )
    justification = forms.CharField(
        label=_("Justification (publique)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour un abandon ou un report."),
    )
