from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin

from .models import Milestone, MilestoneRevision

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MilestoneStatusForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("État"),
        choices=[c for c in Milestone.Status.choices if c[0] != Milestone.Status.CANCELLED],
        help_text=_("Un abandon se demande à l'équipe de coordination (voir plus bas)."),
    )
    completed_on = forms.DateField(
        label=_("Réalisé le"),
        required=False,
        help_text=_("Obligatoire pour un jalon réalisé."),
        **DATE_WIDGET,
    )
    evidence_url = forms.URLField(
        label=_("Lien vers la preuve"),
        required=False,
        assume_scheme="https",
        help_text=_("Page publique qui montre le livrable (texte publié, jeu de données…)."),
    )
    justification = forms.CharField(
        label=_("Commentaire (public)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevisionRequestForm(DsfrFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Demande"), choices=MilestoneRevision.Kind.choices)
    new_due_date = forms.DateField(
        label=_("Nouvelle échéance demandée"),
        required=False,
        help_text=_("Pour un report seulement."),
        **DATE_WIDGET,
    )
    reason = forms.CharField(
        label=_("Motif (public)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DelayExplanationForm(DsfrFormMixin, forms.Form):
    explanation = forms.CharField(
        label=_("Pourquoi ce jalon est-il en retard ? (public)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Affiché à côté du jalon, avec la date de l'explication."),
    )


class RevisionDecisionForm(DsfrFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("approve", _("Valider")), ("refuse", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif de la décision (public, obligatoire pour un refus)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
