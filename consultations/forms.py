"""The upload form of the proposals import: it checks the file's name and size only; the
import service checks the content."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin


class ProposalsImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier des propositions (.csv ou .xlsx, 10 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Vérifier seulement, sans rien enregistrer"), required=False, initial=True
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Seuls les fichiers .csv et .xlsx sont acceptés."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 10 Mo."))
        return upload


class ProposalDecisionForm(DsfrFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Suite donnée"))
    reason = forms.CharField(
        label=_("Motif (public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire si la proposition n'est pas retenue."),
    )
    commitments = forms.MultipleChoiceField(
        label=_("Engagements issus de la proposition"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": ""}),
    )

    def __init__(self, *args, outcomes, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes
        self.fields["commitments"].choices = [
            (str(c.pk), f"{c.number}. {c.title}") for c in commitments
        ]
