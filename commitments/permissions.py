"""Who may change what. Every write path (form, API, admin, command) asks these functions.

A *contributor* belongs to one or more administrations (``Membership``) and may change the
commitments those administrations lead or co-own. A *coordinator* (``Profile.is_coordinator``)
or a superuser may change everything. Anonymous users change nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Commitment, Membership, Profile


def user_is_coordinator(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_pgo_is_coordinator", None)
    if cached is None:
        cached = Profile.objects.filter(user=user, is_coordinator=True).exists()
        user._pgo_is_coordinator = cached
    return cached


def ensure_coordinator(user) -> None:
    """Raise PermissionDenied unless ``user`` belongs to the coordination team."""
    if not user_is_coordinator(user):
        raise PermissionDenied(_("Réservé à l'équipe de coordination."))


def administration_ids_of(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_pgo_administration_ids", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("administration_id", flat=True)
        )
        user._pgo_administration_ids = cached
    return cached


def commitments_editable_by(user) -> QuerySet[Commitment]:
    """The commitments ``user`` may change (none for anonymous users)."""
    if user_is_coordinator(user):
        return Commitment.objects.all()
    ids = administration_ids_of(user)
    if not ids:
        return Commitment.objects.none()
    return Commitment.objects.filter(
        Q(lead_administration_id__in=ids) | Q(co_owners__id__in=ids)
    ).distinct()


def commitment_can_edit(user, commitment: Commitment) -> bool:
    if user_is_coordinator(user):
        return True
    ids = administration_ids_of(user)
    if not ids:
        return False
    if commitment.lead_administration_id in ids:
        return True
    return commitment.co_owners.filter(id__in=ids).exists()


def ensure_can_edit(user, commitment: Commitment) -> None:
    """Raise PermissionDenied unless ``user`` may change ``commitment``."""
    if not commitment_can_edit(user, commitment):
        raise PermissionDenied(
            _(
                "Vous ne pouvez pas modifier l'engagement %(number)s : il n'appartient pas à vos administrations."
            )
            % {"number": commitment.number}
        )


def access_commitment_for_edit(user, *, pk: int) -> Commitment:
    """Fetch a commitment for an edit page: 404 when it does not exist or the user may not
    edit it (an outsider does not learn more than a 404)."""
    try:
        return (
            commitments_editable_by(user).select_related("plan", "lead_administration").get(pk=pk)
        )
    except Commitment.DoesNotExist:
        raise Http404(_("Engagement introuvable.")) from None


USER_SOURCES = {"form", "api", "admin"}
_url = URLValidator(schemes=["http", "https"])


def check_actor(*, actor, source: str, commitment: Commitment) -> None:
    """Users (forms, API, admin) must be allowed to edit the commitment; jobs, commands and
    imports are authorised by their caller (a command checks its ``--as`` user)."""
    if source in USER_SOURCES:
        if actor is None or not actor.is_authenticated:
            raise PermissionDenied(_("Connectez-vous pour modifier un engagement."))
        ensure_can_edit(actor, commitment)


def valid_http_url(value: str) -> bool:
    try:
        _url(value)
    except ValidationError:
        return False
    return True
