"""Export a consultation's proposals in the import's format: importing the export changes
nothing (the round trip)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import fileformat
from .importer import user_can_import_proposals
from .models import Consultation, Proposal


def _label(choices, code: str) -> str:
    with override("fr"):
        return str(dict(choices.choices)[code])


def proposals_rows(consultation: Consultation) -> list[list[str]]:
    proposals = (
        Proposal.objects.filter(consultation=consultation)
        .prefetch_related("commitments")
        .order_by("external_id")
    )
    rows = []
    for p in proposals:
        numbers = sorted(c.number for c in p.commitments.all())
        rows.append(
            [
                consultation.plan.slug,
                consultation.name,
                consultation.start_date.isoformat(),
                consultation.end_date.isoformat(),
                consultation.url,
                p.external_id,
                p.title,
                p.text,
                p.author,
                _label(Proposal.AuthorKind, p.author_kind),
                p.url,
                _label(Proposal.Outcome, p.outcome),
                p.reason,
                "; ".join(str(n) for n in numbers),
            ]
        )
    return rows


def proposals_export(*, consultation: Consultation, fmt: str, actor) -> bytes:
    """The file (``csv`` or ``xlsx``); the coordination team's, like the import."""
    if not user_can_import_proposals(actor):
        raise PermissionDenied(_("Réservé à l'équipe de coordination."))
    rows = proposals_rows(consultation)
    return fileformat.write_xlsx(rows) if fmt == "xlsx" else fileformat.write_csv(rows)
