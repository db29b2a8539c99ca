"""The coordination team's import and export pages of the workspace."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from commitments.permissions import ensure_coordinator
from commitments.selectors import plan_get

from .exporter import plan_export as export_service
from .forms import ImportForm
from .importer import plan_import as import_service


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    ensure_coordinator(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_service(
            data=upload.read(),
            filename=upload.name,
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(request, "workspace/import.html", {"form": form, "report": report})


@login_required
def plan_export(request, slug: str, fmt: str):
    ensure_coordinator(request.user)
    if fmt not in ("json", "xlsx"):
        raise Http404
    plan = plan_get(slug=slug)
    content = export_service(plan=plan, fmt=fmt)
    content_type = (
        "application/json"
        if fmt == "json"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
    return response
