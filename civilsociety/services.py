"""Every write of civil society's part (assessments, self-assessments, reviewers, moderation):
each owns its transaction, checks who writes, leaves one audit record and marks the public pages
stale. Questions and answers are in ``questions.py``."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.invitations import account_for, password_link, send_account_email
from commitments.audit import audit_record, diff_values, model_values
from commitments.events import data_changed
from commitments.models import Commitment
from commitments.permissions import ensure_coordinator, valid_http_url

from . import rules
from .models import Assessment, Level, Organisation, Question, ReviewerMembership, SelfAssessment
from .permissions import ensure_can_assess, ensure_can_moderate, ensure_can_self_assess

# The text is audited by its fingerprint: a text hidden by the coordination team must not stay
# readable in the public history.
AUDITED_ASSESSMENT_FIELDS = (
    "organisation",
    "assessed_on",
    "level",
    "on_track",
    "evidence_links",
    "is_current",
)


def fingerprint(text: str) -> str:
    """What the audit trail keeps of a public text: its SHA-256 (empty for no text)."""
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def _clean_links(links: list[str] | str) -> list[str]:
    if isinstance(links, str):
        links = links.split()
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > rules.MAX_EVIDENCE_LINKS:
        raise ValidationError(
            {
                "evidence_links": _("Au plus %(n)s liens.") % {"n": rules.MAX_EVIDENCE_LINKS},
            }
        )
    for link in cleaned:
        if len(link) > 500 or not valid_http_url(link):
            raise ValidationError(
                {
                    "evidence_links": _(
                        "Lien invalide : « %(link)s » (seules les adresses http ou https sont "
                        "acceptées)."
                    )
                    % {"link": link[:100]}
                }
            )
    return cleaned


def _require_published(commitment: Commitment) -> None:
    if not commitment.plan.published:
        raise ValidationError({"commitment": _("Cet engagement n'est pas publié.")})


def assessment_create(
    *,
    organisation: Organisation,
    commitment: Commitment,
    level: str,
    on_track: str,
    text: str,
    evidence_links: list[str] | str = (),  # type: ignore[assignment]
    assessed_on: datetime.date | None = None,
    actor,
    source: str,
    today: datetime.date | None = None,
) -> Assessment:
    """Record a dated assessment by ``organisation``. The latest one (by date, then by
    recording) is current; the others stay in the history."""
    ensure_can_assess(actor, organisation)
    _require_published(commitment)
    today = today or timezone.localdate()
    assessed_on = assessed_on or today
    errors: dict[str, str] = {}
    if level not in Level.values:
        errors["level"] = _("Niveau inconnu : choisissez-en un sur l'échelle OGP.")
    if on_track not in Assessment.OnTrack.values:
        errors["on_track"] = _("Réponse inconnue : oui, non ou impossible à dire.")
    text = (text or "").strip()
    if not text:
        errors["text"] = _("L'évaluation ne peut pas être vide.")
    elif len(text) > rules.ASSESSMENT_MAX_LENGTH:
        errors["text"] = _("L'évaluation dépasse %(n)s caractères.") % {
            "n": rules.ASSESSMENT_MAX_LENGTH
        }
    if assessed_on > today:
        errors["assessed_on"] = _("La date de l'évaluation ne peut pas être dans le futur.")
    if errors:
        raise ValidationError(errors)
    links = _clean_links(evidence_links)
    with transaction.atomic():
        current = (
            Assessment.objects.select_for_update()
            .filter(commitment=commitment, organisation=organisation, is_current=True)
            .first()
        )
        is_current = current is None or assessed_on >= current.assessed_on
        if is_current and current is not None:
            Assessment.objects.filter(pk=current.pk).update(is_current=False)
            audit_record(
                instance=current,
                action="update",
                source=source,
                actor=actor,
                changes={"is_current": [True, False]},
            )
        assessment = Assessment.objects.create(
            commitment=commitment,
            organisation=organisation,
            assessed_on=assessed_on,
            level=level,
            on_track=on_track,
            text=text,
            evidence_links=links,
            is_current=is_current,
            author=actor,
        )
        audit_record(
            instance=assessment,
            action="create",
            source=source,
            actor=actor,
            changes={
                k: [None, v] for k, v in model_values(assessment, AUDITED_ASSESSMENT_FIELDS).items()
            }
            | {"text_sha256": [None, fingerprint(text)]},
        )
        data_changed(commitment_ids=[commitment.pk])
    return assessment


def self_assessment_set(
    *,
    commitment: Commitment,
    level: str,
    note: str = "",
    actor,
    source: str,
    today: datetime.date | None = None,
) -> SelfAssessment | None:
    """The owning administration's own completion level; returns None when nothing changed."""
    ensure_can_self_assess(actor, commitment)
    if level not in Level.values:
        raise ValidationError({"level": _("Niveau inconnu : choisissez-en un sur l'échelle OGP.")})
    note = (note or "").strip()
    if len(note) > rules.ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Le commentaire dépasse %(n)s caractères.") % {"n": rules.ANSWER_MAX_LENGTH}}
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        current = SelfAssessment.objects.select_for_update().filter(commitment=commitment).first()
        fields = ("level", "note")
        before = model_values(current, fields) if current else {}
        if current is not None and current.level == level and current.note == note:
            return None
        if current is None:
            current = SelfAssessment(commitment=commitment)
        current.level, current.note, current.set_on, current.set_by = level, note, today, actor
        current.save()
        audit_record(
            instance=current,
            action="update" if before else "create",
            source=source,
            actor=actor,
            changes=diff_values(before, model_values(current, fields)),
        )
        data_changed(commitment_ids=[commitment.pk])
    return current


# --- moderation ----------------------------------------------------------------------------

HIDEABLE = ("assessment", "question", "answer")


def hide(*, kind: str, obj: Assessment | Question, reason: str, actor, source: str) -> bool:
    """Hide an assessment, a question or an answer with a public reason (coordination team
    only). The placeholder shows the reason; the audit trail keeps who and why. Returns False
    when it was already hidden."""
    ensure_can_moderate(actor)
    reason = (reason or "").strip()
    if len(reason) < 5 or len(reason) > 500:
        raise ValidationError(
            {"reason": _("Donnez une raison publique (entre 5 et 500 caractères).")}
        )
    if kind not in HIDEABLE:
        raise ValidationError(
            {"kind": _("Seuls une évaluation, une question ou une réponse se masquent.")}
        )
    prefix = "answer_" if kind == "answer" else ""
    if kind == "answer" and not getattr(obj, "answered_at", None):
        raise ValidationError({"kind": _("Cette question n'a pas de réponse.")})
    with transaction.atomic():
        model = type(obj)
        obj = model.objects.select_for_update().get(pk=obj.pk)
        if getattr(obj, f"{prefix}hidden_at") is not None:
            return False
        now = timezone.now()
        model.objects.filter(pk=obj.pk).update(
            **{
                f"{prefix}hidden_at": now,
                f"{prefix}hidden_reason": reason,
                f"{prefix}hidden_by": actor,
                "updated_at": now,
            }
        )
        audit_record(
            instance=obj,
            action="update",
            source=source,
            actor=actor,
            changes={f"{prefix}hidden_reason": ["", reason]},
            justification=reason,
        )
        data_changed(commitment_ids=[obj.commitment_id])
    return True


# --- reviewers -----------------------------------------------------------------------------

INVITED, ADDED, ALREADY, INACTIVE = "invited", "added", "already", "inactive"


def reviewer_invite(*, email: str, organisation: Organisation, invited_by, request=None):
    """Make ``email`` a reviewer of ``organisation`` (coordination team only), with the same
    accounts, links and e-mails as a contributor's invitation. Returns (user, outcome)."""
    ensure_coordinator(invited_by)
    email = email.strip().lower()
    with transaction.atomic():
        user, created = account_for(email=email, request=request)
        membership, new = ReviewerMembership.objects.get_or_create(
            user=user, organisation=organisation
        )
        if new:
            audit_record(
                instance=membership,
                action="create",
                source="form",
                actor=invited_by,
                changes={"user": [None, email], "organisation": [None, organisation.slug]},
            )
    address = user.email or email
    if not user.is_active:
        return user, INACTIVE
    context = {"user": user, "organisation": organisation, "invited_by": invited_by}
    if created or not user.has_usable_password():
        transaction.on_commit(
            lambda: send_account_email(
                user, address, "reviewer_invitation", context | {"link": password_link(user)}
            )
        )
        return user, INVITED
    if new:
        from django.conf import settings
        from django.urls import reverse

        link = settings.SITE_URL + reverse("workspace:civilsociety")
        transaction.on_commit(
            lambda: send_account_email(
                user, address, "reviewer_membership", context | {"link": link}
            )
        )
        return user, ADDED
    return user, ALREADY
