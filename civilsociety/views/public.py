"""Public pages: the organisations, asking a question, confirming it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from accounts.login import client_ip
from toolkit.cache import cache_public_page

from .. import selectors
from ..forms import QuestionForm
from ..questions import question_ask, question_confirm


@cache_public_page
def organisation_list(request):
    return render(
        request,
        "civilsociety/organisation_list.html",
        {"nav": "organisations", "organisations": selectors.organisations_public()},
    )


@cache_public_page
def organisation_detail(request, slug: str):
    page = selectors.organisation_page(slug=slug)
    return render(
        request,
        "civilsociety/organisation_detail.html",
        {
            "nav": "organisations",
            "organisation": page.organisation,
            "current": [a for a in page.assessments if a.is_current],
            "older": [a for a in page.assessments if not a.is_current],
        },
    )


@require_http_methods(["GET", "POST"])
def question_new(request, plan_slug: str, number: int):
    commitment = selectors.published_commitment_get(plan_slug=plan_slug, number=number)
    form = QuestionForm(request.POST or None)
    sent = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                question_ask(
                    commitment=commitment,
                    display_name=data["display_name"],
                    email=data["email"],
                    text=data["text"],
                    honeypot=data.get("website", ""),
                    ip=client_ip(request),
                    language=translation.get_language() or "fr",
                )
            except ValidationError as error:
                form.add_service_errors(error)
                status = 400
            else:
                sent = True
        else:
            status = 400
    return render(
        request,
        "civilsociety/question_new.html",
        {"commitment": commitment, "plan": commitment.plan, "form": form, "sent": sent},
        status=status,
    )


def question_confirm_view(request, token: str):
    question = question_confirm(token=token)
    return render(
        request,
        "civilsociety/question_confirmed.html",
        {"question": question},
        status=200 if question else 404,
    )
