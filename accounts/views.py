"""The workspace (``/espace/``): what a contributor's administrations must update, and the
coordination team's tools. Views parse input and call one service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commitments.permissions import (
    access_commitment_for_edit,
    administration_ids_of,
    ensure_coordinator,
    user_is_coordinator,
)
from commitments.selectors import plans_all
from commitments.services import IMPLEMENTATION_FIELDS, commitment_update_implementation

from .forms import ImplementationForm, InviteForm
from .invitations import ADDED, ALREADY, INACTIVE, INVITED, invite_contributor
from .limits import (
    INVITES_PER_COORDINATOR_PER_HOUR,
    INVITES_PER_EMAIL_PER_DAY,
    TOO_MANY_INVITATIONS,
    invitation_allowed,
)
from .selectors import (
    api_token_of,
    milestones_to_update,
    workspace_commitment,
    workspace_commitments,
    workspace_history,
)
from .services import api_token_regenerate


@login_required
def home(request):
    today = timezone.localdate()
    coordinator = user_is_coordinator(request.user)
    commitments = workspace_commitments(user=request.user, coordinator=coordinator)
    milestones = list(milestones_to_update(user=request.user, as_of=today)[:200])
    return render(
        request,
        "workspace/home.html",
        {
            "commitments": list(commitments[:500]),
            "milestones": milestones,
            "late": [m for m in milestones if m.urgency == 0],
            "soon": [m for m in milestones if m.urgency == 1],
            "is_coordinator": coordinator,
            "has_administrations": bool(administration_ids_of(request.user)),
            "today": today,
            "plans": list(plans_all()) if coordinator else [],
        },
    )


@login_required
def commitment(request, pk: int):
    c = workspace_commitment(user=request.user, pk=pk)
    history = workspace_history(commitment=c)
    return render(
        request,
        "workspace/commitment.html",
        {"commitment": c, "history": history, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def implementation_edit(request, pk: int):
    c = access_commitment_for_edit(request.user, pk=pk)
    initial = {name: getattr(c, name) for name in IMPLEMENTATION_FIELDS}
    form = ImplementationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        justification = data.pop("justification", "")
        try:
            changed = commitment_update_implementation(
                commitment=c,
                actor=request.user,
                source="form",
                justification=justification,
                **{k: v for k, v in data.items() if k in IMPLEMENTATION_FIELDS},
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if changed:
                messages.success(request, _("Les informations de mise en œuvre sont enregistrées."))
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("workspace:commitment", pk=c.pk)
    return render(request, "workspace/implementation.html", {"commitment": c, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    ensure_coordinator(request.user)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not invitation_allowed(request.user.pk, email):
            form.add_error(
                None,
                TOO_MANY_INVITATIONS
                % {
                    "per_hour": INVITES_PER_COORDINATOR_PER_HOUR,
                    "per_day": INVITES_PER_EMAIL_PER_DAY,
                },
            )
            return render(request, "workspace/invite.html", {"form": form}, status=429)
        _user, outcome = invite_contributor(
            email=email,
            administration=form.cleaned_data["administration"],
            invited_by=request.user,
            request=request,
        )
        message = {
            INVITED: _("Invitation envoyée à %(email)s."),
            ADDED: _(
                "%(email)s est maintenant membre de cette administration ; un courriel le lui "
                "annonce."
            ),
            ALREADY: _("%(email)s était déjà membre de cette administration."),
            INACTIVE: _(
                "%(email)s est maintenant membre de cette administration, mais son compte est "
                "désactivé : aucun courriel n'a été envoyé."
            ),
        }[outcome]
        messages.success(request, message % {"email": email})
        return redirect("workspace:invite")
    return render(request, "workspace/invite.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """Show the user's API token; POST creates or replaces it (the old one stops working)."""
    if request.method == "POST":
        api_token_regenerate(user=request.user)
        messages.success(request, _("Nouveau jeton créé : l'ancien ne fonctionne plus."))
        return redirect("workspace:api-token")
    return render(request, "workspace/api_token.html", {"token": api_token_of(user=request.user)})
