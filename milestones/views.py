"""The workspace pages of a milestone: where it stands, asking for a new due date or a
cancellation, explaining a delay; and the coordination team's decisions on those requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commitments.permissions import ensure_coordinator

from .forms import (
    DelayExplanationForm,
    MilestoneStatusForm,
    RevisionDecisionForm,
    RevisionRequestForm,
)
from .selectors import access_milestone_for_edit, revision_pending_get, revisions_pending
from .services import (
    milestone_explain_delay,
    milestone_revision_decide,
    milestone_revision_request,
    milestone_set_status,
)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_status_edit(request, pk: int):
    milestone = access_milestone_for_edit(request.user, pk=pk)
    initial = {
        "status": milestone.status,
        "completed_on": milestone.completed_on,
        "evidence_url": milestone.evidence_url,
    }
    form = MilestoneStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = milestone_set_status(
                milestone=milestone,
                status=data["status"],
                completed_on=data["completed_on"],
                evidence_url=data["evidence_url"],
                justification=data["justification"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if changed:
                messages.success(request, _("Le jalon est mis à jour ; le score sera recalculé."))
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("workspace:commitment", pk=milestone.commitment_id)
    return render(
        request,
        "workspace/milestone.html",
        {"milestone": milestone, "form": form, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_revision_new(request, pk: int):
    milestone = access_milestone_for_edit(request.user, pk=pk)
    form = RevisionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revision = milestone_revision_request(
                milestone=milestone,
                kind=data["kind"],
                new_due_date=data["new_due_date"],
                reason=data["reason"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if revision.status == revision.Status.APPROVED:
                messages.success(request, _("Demande enregistrée et validée."))
            else:
                messages.success(
                    request,
                    _(
                        "Demande envoyée à l'équipe de coordination, qui la validera ou la refusera."
                    ),
                )
            return redirect("workspace:commitment", pk=milestone.commitment_id)
    return render(
        request,
        "workspace/milestone_revision.html",
        {"milestone": milestone, "form": form, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_delay_explain(request, pk: int):
    milestone = access_milestone_for_edit(request.user, pk=pk)
    form = DelayExplanationForm(
        request.POST or None, initial={"explanation": milestone.delay_explanation}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = milestone_explain_delay(
                milestone=milestone,
                explanation=form.cleaned_data["explanation"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if changed:
                messages.success(request, _("L'explication du retard est publiée."))
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("workspace:commitment", pk=milestone.commitment_id)
    return render(
        request,
        "workspace/milestone_delay.html",
        {"milestone": milestone, "form": form, "today": timezone.localdate()},
    )


@login_required
def revision_list(request):
    """The coordination team's queue: requests waiting for a decision, the oldest first."""
    ensure_coordinator(request.user)
    return render(
        request,
        "workspace/revisions.html",
        {"revisions": revisions_pending(), "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_decide(request, pk: int):
    ensure_coordinator(request.user)
    revision = revision_pending_get(pk=pk)
    form = RevisionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone_revision_decide(
                revision=revision,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Décision enregistrée."))
            return redirect("workspace:revisions")
    return render(
        request,
        "workspace/revision_decision.html",
        {"revision": revision, "form": form, "today": timezone.localdate()},
    )
