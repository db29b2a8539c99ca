"""The e-mails of public questions: the asker's confirmation link, the notice to the owning
administration's members. Plain text, in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from commitments.models import Membership, Profile, supported_language


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(supported_language(language)):
        subject = render_to_string(f"civilsociety/emails/{template}_subject.txt", context)
        body = render_to_string(f"civilsociety/emails/{template}_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


def send_confirmation(question, token: str, language: str) -> None:
    if not question.email:
        return
    commitment = question.commitment
    _send(
        to=question.email,
        language=language,
        template="question_confirm",
        context={
            "question": question,
            "commitment": commitment,
            "link": settings.SITE_URL + reverse("civilsociety:question-confirm", args=[token]),
        },
    )


def owner_recipients(commitment) -> list[tuple[str, str]]:
    """(address, language) of the active members of the lead and co-owner administrations."""
    owners = Q(administration_id=commitment.lead_administration_id) | Q(
        administration__in=commitment.co_owners.all()
    )
    user_ids = Membership.objects.filter(owners).values("user_id")
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    languages = dict(Profile.objects.filter(user__in=users).values_list("user_id", "language"))
    return sorted({(u.email, languages.get(u.pk, "fr")) for u in users})


def send_question_notice(question) -> None:
    commitment = question.commitment
    link = settings.SITE_URL + reverse("workspace:question-answer", args=[question.pk])
    for address, language in owner_recipients(commitment):
        _send(
            to=address,
            language=language,
            template="question_notice",
            context={"question": question, "commitment": commitment, "link": link},
        )
