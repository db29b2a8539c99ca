from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import MilestoneStatusForm
from .selectors import access_milestone_for_edit
from .services import milestone_set_status


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
