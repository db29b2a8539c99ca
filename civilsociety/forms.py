"""Forms of civil society's pages. They parse input; the services check the rules and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toolkit.forms import DsfrFormMixin

from . import rules
from .models import Assessment, Level, Organisation


class QuestionForm(DsfrFormMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Nom affiché"),
        help_text=_("Publié avec votre question (un prénom, un pseudonyme ou une organisation)."),
        max_length=rules.NAME_MAX_LENGTH,
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_(
            "Jamais publiée : elle sert à confirmer votre question et est effacée 30 jours "
            "après la réponse."
        ),
    )
    text = forms.CharField(
        label=_("Votre question"),
        help_text=_("Entre %(min)s et %(max)s caractères, au plus %(links)s liens.")
        % {
            "min": rules.QUESTION_MIN_LENGTH,
            "max": rules.QUESTION_MAX_LENGTH,
            "links": rules.MAX_LINKS,
        },
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=rules.QUESTION_MAX_LENGTH,
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(label=_("Ne pas remplir"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class AssessmentForm(DsfrFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Au nom de l'organisation"), queryset=Organisation.objects.none()
    )
    level = forms.ChoiceField(label=_("Niveau d'achèvement (échelle OGP)"), choices=Level.choices)
    on_track = forms.ChoiceField(
        label=_("L'engagement est-il dans les temps ?"), choices=Assessment.OnTrack.choices
    )
    assessed_on = forms.DateField(
        label=_("Date de l'évaluation"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(
        label=_("Évaluation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=rules.ASSESSMENT_MAX_LENGTH,
    )
    evidence_links = forms.CharField(
        label=_("Liens vers les preuves"),
        help_text=_("Un lien http ou https par ligne, au plus %(n)s.")
        % {"n": rules.MAX_EVIDENCE_LINKS},
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        if len(organisations) == 1:
            field.initial = organisations[0].pk


class SelfAssessmentForm(DsfrFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Niveau d'achèvement (échelle OGP)"), choices=Level.choices)
    note = forms.CharField(
        label=_("Commentaire (public)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=rules.ANSWER_MAX_LENGTH,
    )


class AnswerForm(DsfrFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Réponse publique, signée par votre administration"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=rules.ANSWER_MAX_LENGTH,
    )


class HideForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Raison publique du masquage"),
        help_text=_("Affichée à la place du contenu masqué."),
        max_length=500,
        min_length=5,
    )


class ReviewerInviteForm(DsfrFormMixin, forms.Form):
    email = forms.EmailField(label=_("Adresse électronique de la personne invitée"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
