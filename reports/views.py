"""The reports' pages: the public archive, a published report (HTML, PDF, ODT, its data), and
the coordination team's workspace (generate, review, publish, correct)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.permissions import ensure_coordinator
from toolkit.cache import cache_public_page

from . import render as outputs
from . import rules, selectors, services
from .forms import CorrectionForm, GenerateForm

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _filename(report, ext: str) -> str:
    return (
        f"rapport-parlement-{report.plan.slug}-{report.period_start:%Y%m%d}-"
        f"{report.period_end:%Y%m%d}-v{report.version}.{ext}"
    )


@cache_public_page
def archive(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/archive.html",
        {"nav": "reports", "reports": list(selectors.reports_published())},
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report: its stored HTML, exactly as published, and its fingerprint."""
    report = selectors.report_published_get(pk)
    crumb = _("Au %(end)s (version %(version)s)") % {
        "end": date_format(report.period_end, "DATE_FORMAT"),
        "version": report.version,
    }
    return render(
        request,
        "reports/detail.html",
        {
            "nav": "reports",
            "report": report,
            "breadcrumbs": [(reverse("reports:archive"), _("Rapports au Parlement"))],
            "current_crumb": crumb,
        },
    )


def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report, content = selectors.report_file(pk, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, fmt)}"'
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response


def data(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's data in the one byte form its SHA-256 is computed on: anyone can check it
    (``sha256sum``)."""
    report = selectors.report_data_get(pk)
    response = HttpResponse(rules.canonical_json(report.data), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "json")}"'
    response["X-Content-SHA256"] = report.data_sha256
    return response


# --- the coordination team ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def workspace_list(request: HttpRequest) -> HttpResponse:
    ensure_coordinator(request.user)
    form = GenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = services.report_generate(
                plan=form.cleaned_data["plan"],
                start=form.cleaned_data["period_start"],
                end=form.cleaned_data["period_end"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Brouillon généré.") if created else _("Brouillon existant généré à nouveau."),
            )
            return redirect("workspace:report", report.pk)
    return render(
        request,
        "reports/workspace_list.html",
        {"form": form, "reports": list(selectors.reports_for_workspace())},
    )


@login_required
def workspace_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft for review (rendered from its stored data, the way it will be published) or a
    published report (its stored HTML)."""
    ensure_coordinator(request.user)
    report = selectors.report_get(pk)
    body = report.html
    if not report.is_published:
        body = outputs.render_body(
            data=report.data, meta={"data_sha256": report.data_sha256, "draft": True}
        )
    return render(
        request,
        "reports/workspace_detail.html",
        {"report": report, "body": body, "correction_form": CorrectionForm()},
    )


def _act(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    ensure_coordinator(request.user)
    report = selectors.report_get(pk)
    try:
        result = action(report)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("workspace:report", report.pk)
    messages.success(request, success)
    return redirect("workspace:report", getattr(result, "pk", report.pk))


@login_required
@require_POST
def workspace_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda r: services.report_publish(report=r, actor=request.user, source="form"),
        _("Rapport publié : il ne changera plus."),
    )


@login_required
@require_POST
def workspace_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda r: services.report_generate(
            plan=r.plan, start=r.period_start, end=r.period_end, actor=request.user, source="form"
        )[0],
        _("Brouillon généré à nouveau avec les données d'aujourd'hui."),
    )


@login_required
@require_POST
def workspace_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_coordinator(request.user)
    report = selectors.report_get(pk)
    try:
        services.report_delete_draft(report=report, actor=request.user, source="form")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("workspace:report", report.pk)
    messages.success(request, _("Brouillon supprimé."))
    return redirect("workspace:reports")


@login_required
@require_http_methods(["GET", "POST"])
def workspace_correct(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_coordinator(request.user)
    report = selectors.report_get(pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.report_correct(
                report=report, note=form.cleaned_data["note"], actor=request.user, source="form"
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_service_errors(error)
            else:
                for message in error.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, _("Correction en brouillon : relisez-la, puis publiez-la."))
            return redirect("workspace:report", draft.pk)
    return render(
        request,
        "reports/workspace_correct.html",
        {"report": report, "form": form, "today": timezone.localdate()},
    )
