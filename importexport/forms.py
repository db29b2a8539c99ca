"""The upload form of the workspace's import page: it checks the file's name and size only;
the import service checks the content."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin


class ImportForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier du plan (.json ou .xlsx, 10 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Vérifier seulement, sans rien enregistrer"), required=False, initial=True
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".json", ".xlsx")):
            raise forms.ValidationError(_("Seuls les fichiers .json et .xlsx sont acceptés."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 10 Mo."))
        return upload
