"""Who may write what in civil society's part.

A *reviewer* belongs to organisations (``ReviewerMembership``) and writes assessments for them
only; being a reviewer gives no right on commitments' data. The owning administration's
contributors (and the coordination team) set the self-assessment and answer questions; only the
coordination team hides. Anonymous visitors ask questions and nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from commitments.permissions import ensure_can_edit, ensure_coordinator, user_is_coordinator

from .models import Organisation, ReviewerMembership

__all__ = [
    "ensure_can_answer",
    "ensure_can_assess",
    "ensure_can_moderate",
    "ensure_can_self_assess",
    "organisation_ids_of",
    "user_is_coordinator",
]


def organisation_ids_of(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_pgo_organisation_ids", None)
    if cached is None:
        cached = frozenset(
            ReviewerMembership.objects.filter(user=user).values_list("organisation_id", flat=True)
        )
        user._pgo_organisation_ids = cached
    return cached


def ensure_can_assess(user, organisation: Organisation) -> None:
    """Only a reviewer of ``organisation`` writes its assessments (not the coordination team:
    an independent assessment is the organisation's own)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Connectez-vous pour publier une évaluation."))
    if organisation.pk not in organisation_ids_of(user):
        raise PermissionDenied(
            _("Vous n'évaluez pas au nom de l'organisation « %(name)s ».")
            % {"name": organisation.name}
        )


def _ensure_owner(user, commitment, message: str) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(message)
    ensure_can_edit(user, commitment)


def ensure_can_self_assess(user, commitment) -> None:
    _ensure_owner(user, commitment, _("Connectez-vous pour modifier l'auto-évaluation."))


def ensure_can_answer(user, commitment) -> None:
    _ensure_owner(user, commitment, _("Connectez-vous pour répondre à une question."))


def ensure_can_moderate(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Réservé à l'équipe de coordination."))
    ensure_coordinator(user)
