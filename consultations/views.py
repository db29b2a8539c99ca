"""The consultations' public pages, and the coordination team's import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commitments.permissions import ensure_coordinator
from toolkit.cache import cache_public_page

from . import selectors
from .exporter import proposals_export
from .filters import ProposalFilterSet
from .forms import ProposalDecisionForm, ProposalsImportForm
from .importer import proposals_import
from .services import proposal_decide

PAGE_SIZE = 50
SITE_FILTERS = ("outcome", "author_kind", "commitment", "q")


@cache_public_page
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = list(selectors.consultations_public())
    rows = [(c, selectors.counts_of(c)) for c in consultations]
    return render(request, "consultations/list.html", {"nav": "consultations", "rows": rows})


@cache_public_page
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.consultation_public_get(slug=slug)
    params = request.GET.copy()
    for key in list(params):
        if key not in (*SITE_FILTERS, "page"):
            del params[key]
    params.pop("consultation", None)
    filterset = ProposalFilterSet(
        data=params,
        queryset=selectors.proposals_public().filter(consultation=consultation),
        request=request,
    )
    valid = filterset.is_valid()
    qs = filterset.qs if valid else selectors.proposals_public().none()
    page = Paginator(qs.order_by("external_id", "id"), PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/detail.html",
        {
            "nav": "consultations",
            "consultation": consultation,
            "counts": selectors.counts_of(consultation),
            "reasons": selectors.not_retained_reasons(consultation=consultation),
            "commitments": selectors.commitments_of_consultation(consultation=consultation),
            "form": filterset.form,
            "valid": valid,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(params.get(k) for k in SITE_FILTERS),
            "outcomes": selectors.Outcome.choices,
            "author_kinds": selectors.AuthorKind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposals_import_page(request: HttpRequest) -> HttpResponse:
    ensure_coordinator(request.user)
    form = ProposalsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = proposals_import(
            data=upload.read(),
            filename=upload.name,
            actor=request.user,
            source="form",
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(
        request,
        "consultations/import.html",
        {"form": form, "report": report, "consultations": selectors.consultations_all()},
    )


@login_required
def proposals_export_page(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    ensure_coordinator(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    consultation = selectors.consultation_get(slug=slug)
    content = proposals_export(consultation=consultation, fmt=fmt, actor=request.user)
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="propositions-{slug}.{fmt}"'
    return response


@login_required
def proposals_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordination team's list of a consultation's proposals, each to decide."""
    ensure_coordinator(request.user)
    consultation = selectors.consultation_get(slug=slug)
    proposals = selectors.proposals_all().filter(consultation=consultation)
    return render(
        request,
        "consultations/manage.html",
        {"consultation": consultation, "proposals": proposals},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide_page(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_coordinator(request.user)
    proposal = selectors.proposal_get(pk=pk)
    commitments = selectors.commitments_of_plan(plan_id=proposal.consultation.plan_id)
    initial = {
        "outcome": proposal.outcome,
        "reason": proposal.reason,
        "commitments": [str(c.pk) for c in proposal.commitments.all()],
    }
    form = ProposalDecisionForm(
        request.POST or None,
        initial=initial,
        outcomes=selectors.Outcome.choices,
        commitments=commitments,
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal_decide(
                proposal=proposal,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                commitment_ids=[int(i) for i in form.cleaned_data["commitments"]],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("La suite donnée à la proposition est enregistrée."))
            return redirect("workspace:proposals-manage", slug=proposal.consultation.slug)
    return render(
        request,
        "consultations/decide.html",
        {"form": form, "proposal": proposal},
        status=400 if form.errors else 200,
    )
