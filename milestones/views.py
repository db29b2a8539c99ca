from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commitments.permissions import commitments_editable_by

from .forms import MilestoneStatusForm
from .models import Milestone
from .services import milestone_set_status


def access_milestone_for_edit(user, *, pk: int) -> Milestone:
    """404 unless the milestone exists and belongs to a commitment the user may edit."""
    try:
        return Milestone.objects.select_related("commitment__plan").get(
            pk=pk, commitment__in=commitments_editable_by(user).values("pk")
        )
    except Milestone.DoesNotExist:
        raise Http404(_("Jalon introuvable.")) from None


@login_required
@require_http_methods(["GET", "POST"])
def milestone_status_edit(request, pk: int):
    milestone = access_milestone_for_edit(request.user, pk=pk)
    initial = {
        "status": milestone.status,
        "completed_on": milestone.completed_on,
        "evidence_url": milestone.evidence_url,
        "due_date": milestone.due_date,
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
                due_date=data["due_date"],
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
    return render(request, "workspace/milestone.html", {"milestone": milestone, "form": form})
