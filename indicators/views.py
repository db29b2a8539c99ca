from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import MeasurementForm
from .selectors import access_indicator_for_edit
from .services import measurement_record


@login_required
@require_http_methods(["GET", "POST"])
def measurement_add(request, pk: int):
    indicator = access_indicator_for_edit(request.user, pk=pk)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _measurement, changed, _created = measurement_record(
                indicator=indicator,
                date=data["date"],
                value=data.get("value"),
                level=data.get("level"),
                source=data["source"],
                comment=data["comment"],
                evidence_url=data["evidence_url"],
                actor=request.user,
                channel="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if changed:
                messages.success(request, _("La mesure est enregistrée ; le score sera recalculé."))
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("workspace:commitment", pk=indicator.commitment_id)
    recent = list(indicator.measurements.order_by("-date")[:10])
    for m in recent:
        m.label = indicator.level_label(m.value)
    return render(
        request,
        "workspace/measurement.html",
        {"indicator": indicator, "form": form, "recent": recent},
    )
