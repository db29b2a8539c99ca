"""Workspace pages (``/espace/``): a reviewer's assessments, the self-assessment and the
answers of the owning administration, the coordination team's moderation and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.limits import (
    INVITES_PER_COORDINATOR_PER_HOUR,
    INVITES_PER_EMAIL_PER_DAY,
    TOO_MANY_INVITATIONS,
    invitation_allowed,
)
from commitments.permissions import (
    access_commitment_for_edit,
    ensure_coordinator,
    user_is_coordinator,
)

from .. import selectors
from ..forms import AnswerForm, AssessmentForm, HideForm, ReviewerInviteForm, SelfAssessmentForm
from ..questions import question_answer
from ..services import (
    ADDED,
    ALREADY,
    INACTIVE,
    INVITED,
    assessment_create,
    hide,
    reviewer_invite,
    self_assessment_set,
)


@login_required
def home(request):
    """What civil society's part asks of this user: assessments for a reviewer, questions to
    answer for a contributor, moderation for the coordination team."""
    organisations = selectors.reviewer_organisations(user=request.user)
    coordinator = user_is_coordinator(request.user)
    return render(
        request,
        "civilsociety/workspace_home.html",
        {
            "organisations": organisations,
            "commitments": list(selectors.assessable_commitments()[:500]) if organisations else [],
            "questions": selectors.questions_to_answer(user=request.user),
            "is_coordinator": coordinator,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request, pk: int):
    organisations = selectors.reviewer_organisations(user=request.user)
    if not organisations:
        raise PermissionDenied(_("Réservé aux évaluateurs des organisations de la société civile."))
    commitment = selectors.assessable_commitment_get(pk=pk)
    form = AssessmentForm(
        request.POST or None,
        organisations=organisations,
        initial={"assessed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment_create(
                organisation=data["organisation"],
                commitment=commitment,
                level=data["level"],
                on_track=data["on_track"],
                text=data["text"],
                evidence_links=data["evidence_links"],
                assessed_on=data["assessed_on"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Votre évaluation est publiée."))
            return redirect("workspace:civilsociety")
    return render(
        request, "civilsociety/assessment_form.html", {"commitment": commitment, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment_edit(request, pk: int):
    commitment = access_commitment_for_edit(request.user, pk=pk)
    current = selectors.self_assessment_of(commitment=commitment)
    initial = {"level": current.level, "note": current.note} if current else {}
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = self_assessment_set(
                commitment=commitment,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if changed:
                messages.success(request, _("L'auto-évaluation est enregistrée."))
            else:
                messages.info(request, _("Aucune modification."))
            return redirect("workspace:commitment", pk=commitment.pk)
    return render(
        request,
        "civilsociety/self_assessment_form.html",
        {"commitment": commitment, "form": form, "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    question = selectors.question_for_answer(user=request.user, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            question_answer(
                question=question,
                answer=form.cleaned_data["answer"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Votre réponse est publiée."))
            return redirect("workspace:civilsociety")
    return render(request, "civilsociety/answer_form.html", {"question": question, "form": form})


@login_required
def moderation(request):
    ensure_coordinator(request.user)
    questions, assessments = selectors.moderation_queue()
    return render(
        request,
        "civilsociety/moderation.html",
        {"questions": questions, "assessments": assessments},
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request, kind: str, pk: int):
    ensure_coordinator(request.user)
    obj = selectors.moderated_object(kind=kind, pk=pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = hide(
                kind=kind,
                obj=obj,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                source="form",
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if done:
                messages.success(request, _("Le contenu est masqué ; la raison est publique."))
            else:
                messages.info(request, _("Ce contenu était déjà masqué."))
            return redirect("workspace:moderation")
    return render(
        request, "civilsociety/hide_form.html", {"object": obj, "kind": kind, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    ensure_coordinator(request.user)
    form = ReviewerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        # the same limits as the contributors' invitations: both send e-mails on request
        if not invitation_allowed(request.user.pk, email):
            form.add_error(
                None,
                TOO_MANY_INVITATIONS
                % {
                    "per_hour": INVITES_PER_COORDINATOR_PER_HOUR,
                    "per_day": INVITES_PER_EMAIL_PER_DAY,
                },
            )
            return render(request, "civilsociety/reviewer_invite.html", {"form": form}, status=429)
        _user, outcome = reviewer_invite(
            email=email,
            organisation=form.cleaned_data["organisation"],
            invited_by=request.user,
            request=request,
        )
        message = {
            INVITED: _("Invitation envoyée à %(email)s."),
            ADDED: _(
                "%(email)s évalue maintenant au nom de cette organisation ; un courriel le lui annonce."
            ),
            ALREADY: _("%(email)s évaluait déjà au nom de cette organisation."),
            INACTIVE: _(
                "%(email)s évalue maintenant au nom de cette organisation, mais son compte est "
                "désactivé : aucun courriel n'a été envoyé."
            ),
        }[outcome]
        messages.success(request, message % {"email": email})
        return redirect("workspace:reviewer-invite")
    return render(request, "civilsociety/reviewer_invite.html", {"form": form})
