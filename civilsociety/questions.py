"""Public questions: asked by anyone (limits, honeypot), published once the address is
confirmed by a link, answered by the owning administration, the asker's address erased
``ERASE_AFTER_DAYS`` after the question closed."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.audit import audit_record
from commitments.events import data_changed
from commitments.models import Commitment
from commitments.permissions import administration_ids_of

from . import emails, limits, rules
from .models import Question
from .permissions import ensure_can_answer
from .services import fingerprint

PUBLIC_ASKER = "question publique"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def question_ask(
    *,
    commitment: Commitment,
    display_name: str,
    email: str,
    text: str,
    honeypot: str = "",
    ip: str = "unknown",
    language: str = "fr",
) -> Question:
    """Record a question and send the link that confirms the address; nothing is public until
    then. Refused (nothing recorded, nothing sent) with a clear message: a filled honeypot, too
    many questions from this address or for this e-mail, too long, too many links."""
    if honeypot:
        raise ValidationError(
            {
                "__all__": _(
                    "Votre envoi ressemble à un envoi automatique : il n'est pas enregistré."
                )
            }
        )
    if not commitment.plan.published:
        raise ValidationError({"__all__": _("Cet engagement n'est pas publié.")})
    display_name = " ".join((display_name or "").split())
    email = (email or "").strip().lower()
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if not display_name:
        errors["display_name"] = _("Indiquez le nom à afficher avec votre question.")
    elif len(display_name) > rules.NAME_MAX_LENGTH:
        errors["display_name"] = _("Le nom affiché dépasse %(n)s caractères.") % {
            "n": rules.NAME_MAX_LENGTH
        }
    elif rules.links_in(display_name):
        errors["display_name"] = _("Le nom affiché ne peut pas contenir de lien.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Adresse électronique invalide.")
    if len(text) < rules.QUESTION_MIN_LENGTH:
        errors["text"] = _("La question est trop courte (au moins %(n)s caractères).") % {
            "n": rules.QUESTION_MIN_LENGTH
        }
    elif len(text) > rules.QUESTION_MAX_LENGTH:
        errors["text"] = _("La question dépasse %(n)s caractères.") % {
            "n": rules.QUESTION_MAX_LENGTH
        }
    elif rules.links_in(text) > rules.MAX_LINKS:
        errors["text"] = _("Au plus %(n)s liens par question.") % {"n": rules.MAX_LINKS}
    if errors:
        raise ValidationError(errors)
    which = limits.exceeded(ip, email)
    if which == "ip":
        raise ValidationError(
            {
                "__all__": _(
                    "Trop de questions envoyées depuis votre connexion. Réessayez dans une heure."
                )
            }
        )
    if which == "email":
        raise ValidationError(
            {
                "__all__": _(
                    "Trop de questions envoyées pour cette adresse électronique. Réessayez dans "
                    "une heure."
                )
            }
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        question = Question.objects.create(
            commitment=commitment,
            display_name=display_name,
            email=email,
            text=text,
            token_hash=token_hash(token),
        )
        # not audited yet: an unconfirmed question is not data of the portal (it may be
        # anyone's typing with anyone's address); its confirmation is the recorded creation
        transaction.on_commit(lambda: emails.send_confirmation(question, token, language))
    limits.count(ip, email)
    return question


def question_confirm(*, token: str, now: datetime.datetime | None = None) -> Question | None:
    """Publish the question whose link this is; idempotent (a second click changes nothing).
    None for an unknown or expired link. The owning administration's members are told."""
    if not token or len(token) > 100:
        return None
    now = now or timezone.now()
    with transaction.atomic():
        question = (
            Question.objects.select_for_update()
            .select_related("commitment", "commitment__plan")
            .filter(token_hash=token_hash(token), email_erased_at__isnull=True)
            .first()
        )
        if question is None:
            return None
        if question.confirmed_at is not None:
            return question
        question.confirmed_at = now
        question.save(update_fields=["confirmed_at", "updated_at"])
        audit_record(
            instance=question,
            action="create",
            source="form",
            actor_label=PUBLIC_ASKER,
            # the texts by their fingerprint: hidden content must not stay readable in the
            # public history
            changes={"text_sha256": [None, fingerprint(question.text)]},
        )
        data_changed(commitment_ids=[question.commitment_id])
        transaction.on_commit(lambda: emails.send_question_notice(question))
    return question


def question_answer(
    *, question: Question, answer: str, actor, source: str, now: datetime.datetime | None = None
) -> Question:
    """The owning administration's public answer, dated and signed by the administration. A
    second answer replaces the first (the history keeps both)."""
    commitment = question.commitment
    ensure_can_answer(actor, commitment)
    answer = (answer or "").strip()
    if question.confirmed_at is None or question.hidden_at is not None:
        raise ValidationError({"answer": _("Cette question n'est pas publiée.")})
    if not answer:
        raise ValidationError({"answer": _("La réponse ne peut pas être vide.")})
    if len(answer) > rules.ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"answer": _("La réponse dépasse %(n)s caractères.") % {"n": rules.ANSWER_MAX_LENGTH}}
        )
    now = now or timezone.now()
    ids = administration_ids_of(actor)
    if commitment.lead_administration_id and (not ids or commitment.lead_administration_id in ids):
        signer_id = commitment.lead_administration_id
    else:
        owned = [a.pk for a in commitment.co_owners.all() if a.pk in ids]
        signer_id = owned[0] if owned else commitment.lead_administration_id
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        before = question.answer
        if before == answer:
            return question
        question.answer = answer
        if question.answered_at is None:
            question.answered_at = now
        question.answered_by = actor
        question.answer_administration_id = signer_id
        question.save()
        audit_record(
            instance=question,
            action="update",
            source=source,
            actor=actor,
            changes={"answer_sha256": [fingerprint(before), fingerprint(answer)]},
        )
        data_changed(commitment_ids=[commitment.pk])
    return question


def erase_expired_addresses(*, as_of: datetime.date) -> int:
    """Erase the askers' addresses that are due (closed ``ERASE_AFTER_DAYS`` days ago, or never
    confirmed and asked that long ago). Idempotent: run twice, erases once. Returns how many."""
    limit = as_of - datetime.timedelta(days=rules.ERASE_AFTER_DAYS)
    tz = timezone.get_current_timezone()
    cutoff = datetime.datetime.combine(limit + datetime.timedelta(days=1), datetime.time(), tz)
    due = Question.objects.filter(email_erased_at__isnull=True).filter(
        Q(confirmed_at__isnull=True, created_at__lt=cutoff)
        | Q(confirmed_at__isnull=False, answered_at__lt=cutoff)
        | Q(confirmed_at__isnull=False, hidden_at__lt=cutoff)
    )
    erased = 0
    now = timezone.now()
    with transaction.atomic():
        for question in due.select_for_update().order_by("id"):
            closed = question.closed_at
            if not rules.erase_due(
                closed_on=timezone.localtime(closed).date() if closed else None,
                asked_on=timezone.localtime(question.created_at).date(),
                confirmed=question.confirmed_at is not None,
                as_of=as_of,
            ):
                continue
            Question.objects.filter(pk=question.pk).update(
                email="", token_hash="", email_erased_at=now
            )
            if question.confirmed_at is not None:
                audit_record(
                    instance=question,
                    action="update",
                    source="job",
                    actor_label="pgo",
                    changes={"email_erased_at": [None, now.isoformat()]},
                    justification=_("Adresse de la personne effacée 30 jours après la clôture."),
                )
            erased += 1
    return erased
