from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin


class MeasurementForm(DsfrFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Date de la mesure"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    value = forms.CharField(
        label=_("Valeur"),
        required=False,
        max_length=40,
        help_text=_("Un nombre, par exemple 12,5."),
    )
    level = forms.TypedChoiceField(
        label=_("Niveau atteint"), required=False, coerce=int, choices=()
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=400)
    evidence_url = forms.URLField(
        label=_("Lien vers la preuve"), required=False, assume_scheme="https"
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.kind == "qualitative":
            del self.fields["value"]
            self.fields["level"].choices = list(enumerate(indicator.levels))
            self.fields["level"].required = True
        else:
            del self.fields["level"]
            self.fields["value"].required = True
            if indicator.unit:
                self.fields["value"].label = _("Valeur (%(unit)s)") % {"unit": indicator.unit}
