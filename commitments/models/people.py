"""Administrations, their members (who may update which commitments), the coordination
team's flag, civil-society partners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .plans import TimeStamped


class Administration(TimeStamped):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministère")
        AGENCY = "agency", _("Agence ou opérateur")
        INDEPENDENT_AUTHORITY = "independent_authority", _("Autorité indépendante")
        JURISDICTION = "jurisdiction", _("Juridiction")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=250, unique=True)
    acronym = models.CharField(_("sigle"), max_length=30, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.MINISTRY)
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    figures_updated_at = models.DateTimeField(
        _("chiffres mis à jour le"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(models.Model):
    """A user who updates the commitments of an administration (a *contributor*)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'une administration")
        verbose_name_plural = _("membres des administrations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "administration"], name="membership_unique_per_administration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.administration}"


def supported_language(code: str | None) -> str:
    """``code`` if the portal speaks it, else its default language (for e-mails to a user)."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Profile(models.Model):
    """Per-user preferences and the coordination-team flag."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(_("langue"), max_length=5, choices=settings.LANGUAGES, default="fr")
    is_coordinator = models.BooleanField(_("équipe de coordination"), default=False)

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self) -> str:
        return str(self.user)


class Partner(models.Model):
    name = models.CharField(_("nom"), max_length=250, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("partenaire de la société civile")
        verbose_name_plural = _("partenaires de la société civile")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
