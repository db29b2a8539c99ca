"""What the measurability checks read: the vague verbs and the glossary, editable by the
coordination team."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VagueVerb(models.Model):
    """A verb that makes a commitment vague ("Bannir les mots flous"); editable by coordinators."""

    infinitive = models.CharField(_("verbe (infinitif)"), max_length=40, unique=True)
    suggestion = models.CharField(_("alternative concrète suggérée"), max_length=300, blank=True)
    extra_forms = models.CharField(
        _("formes supplémentaires"),
        max_length=500,
        blank=True,
        help_text=_("Pour un verbe irrégulier : ses formes conjuguées, séparées par des virgules."),
    )
    active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("verbe flou")
        verbose_name_plural = _("verbes flous")
        ordering = ["infinitive"]

    def __str__(self) -> str:
        return self.infinitive

    def clean(self) -> None:
        self.infinitive = self.infinitive.strip().lower()


class GlossaryTerm(models.Model):
    """A term explained in place on the site; measurability criterion 7 checks summaries use
    only explained terms."""

    term = models.CharField(_("terme"), max_length=120, unique=True)
    term_en = models.CharField(_("terme (anglais)"), max_length=120, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    aliases = models.CharField(
        _("variantes"), max_length=300, blank=True, help_text=_("Séparées par des virgules.")
    )
    definition = models.TextField(_("définition"), blank=True)
    definition_en = models.TextField(_("définition (anglais)"), blank=True)

    class Meta:
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("glossaire")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(",") if a.strip()]
