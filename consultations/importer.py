"""Import a consultation's proposals: all or nothing.

1. *Read* the file (CSV or XLSX, ``fileformat``) and every value: types, dates, codes, links
   (http or https only), the consultation's columns identical on every row, each proposal's id
   once, the outcome consistent (``rules``), the commitments numbers of the plan.
2. *Write* only when reading found no error, in one transaction: the consultation, then each
   proposal that is new or changed, each with its audit record. A second import of the same
   file changes nothing. Only the coordination team imports, on every path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commitments.models import ActionPlan, Commitment
from commitments.permissions import user_is_coordinator, valid_http_url
from commitments.upsert import CREATE, UNCHANGED, UPDATE, RowUpsert
from importexport.report import ImportIssue
from importexport.values import Invalid, as_date, as_enum, as_int, as_text, is_empty, shown
from toolkit.cache import data_version_bump_on_commit

from . import fileformat, rules
from .models import Consultation, Proposal

CONSULTATION_COLUMNS = (
    "plan",
    "consultation",
    "consultation_debut",
    "consultation_fin",
    "consultation_lien",
)
PROBLEMS = {
    "reason_required": lambda: _("Une proposition non retenue doit dire pourquoi (motif public)."),
    "no_commitment_when_not_retained": lambda: _(
        "Une proposition non retenue ne peut pas être reliée à un engagement."
    ),
    "commitment_required": lambda: _(
        "Une proposition retenue ou fusionnée doit nommer au moins un engagement."
    ),
    "no_commitment_when_pending": lambda: _(
        "Une proposition à l'étude ne peut pas encore être reliée à un engagement."
    ),
}


@dataclass
class ProposalImportReport:
    consultation: str = ""
    dry_run: bool = False
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("created", "updated", "unchanged"), 0)
    )
    errors: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        if self.errors:
            return [
                _("Import refusé : %(n)s erreur(s). Rien n'a été enregistré.")
                % {"n": len(self.errors)},
                *(f"  - {issue}" for issue in self.errors),
            ]
        head = (
            _("Simulation : rien n'a été enregistré. Consultation « %(name)s ».")
            if self.dry_run
            else _("Consultation « %(name)s » importée.")
        )
        return [
            head % {"name": self.consultation},
            _(
                "  Propositions : %(created)s créée(s), %(updated)s modifiée(s), "
                "%(unchanged)s inchangée(s)"
            )
            % self.counts,
        ]


def user_can_import_proposals(user) -> bool:
    return user is not None and user_is_coordinator(user)


def _text(
    row: fileformat.Row,
    column: str,
    issues: list[ImportIssue],
    *,
    required=False,
    max_length: int | None = None,
) -> str:
    value = row.values.get(column)
    if is_empty(value):
        if required:
            issues.append(row.issue(column, _("Valeur obligatoire.")))
        return ""
    try:
        text = as_text(value, lenient=True).strip()
    except Invalid as exc:
        issues.append(row.issue(column, str(exc)))
        return ""
    if max_length and len(text) > max_length:
        issues.append(row.issue(column, _("%(n)s caractères au plus.") % {"n": max_length}))
    return text


def _link(row: fileformat.Row, column: str, issues: list[ImportIssue]) -> str:
    url = _text(row, column, issues, max_length=500)
    if url and not valid_http_url(url):
        issues.append(
            row.issue(
                column,
                _("Lien invalide « %(value)s » : adresse http:// ou https:// attendue.")
                % {"value": shown(url)},
            )
        )
        return ""
    return url


def _consultation_values(row: fileformat.Row, issues: list[ImportIssue]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "plan": _text(row, "plan", issues, required=True),
        "consultation": _text(row, "consultation", issues, required=True, max_length=300),
        "consultation_lien": _link(row, "consultation_lien", issues),
    }
    for column in ("consultation_debut", "consultation_fin"):
        raw = row.values.get(column)
        if is_empty(raw):
            issues.append(row.issue(column, _("Valeur obligatoire.")))
            values[column] = None
            continue
        try:
            values[column] = as_date(raw, lenient=True)
        except Invalid as exc:
            issues.append(row.issue(column, str(exc)))
            values[column] = None
    return values


def _numbers(row: fileformat.Row, issues: list[ImportIssue]) -> list[int]:
    raw = row.values.get("engagements")
    if is_empty(raw):
        return []
    parts = str(raw).replace(",", ";").split(";") if isinstance(raw, str) else [raw]
    numbers: list[int] = []
    for part in parts:
        if isinstance(part, str) and not part.strip():
            continue
        try:
            number = as_int(part.strip() if isinstance(part, str) else part)
        except Invalid as exc:
            issues.append(row.issue("engagements", str(exc)))
            continue
        if number not in numbers:
            numbers.append(number)
    return sorted(numbers)


@dataclass
class _Parsed:
    row: fileformat.Row
    values: dict[str, Any]
    numbers: list[int]


def _read(rows: list[fileformat.Row], issues: list[ImportIssue]):
    first: dict[str, Any] | None = None
    seen: dict[str, int] = {}
    parsed: list[_Parsed] = []
    for row in rows:
        consultation = _consultation_values(row, issues)
        if first is None:
            first = consultation
        else:
            for column in CONSULTATION_COLUMNS:
                if consultation[column] != first[column] and consultation[column] is not None:
                    issues.append(
                        row.issue(
                            column,
                            _(
                                "Un fichier importe une seule consultation : « %(value)s » "
                                "diffère de la première ligne."
                            )
                            % {"value": shown(str(consultation[column]))},
                        )
                    )
        external_id = _text(row, "identifiant", issues, required=True, max_length=80)
        if external_id:
            if external_id in seen:
                issues.append(
                    row.issue(
                        "identifiant",
                        _("Identifiant « %(id)s » déjà utilisé ligne %(row)s.")
                        % {"id": external_id, "row": seen[external_id]},
                    )
                )
            seen.setdefault(external_id, row.number)
        values: dict[str, Any] = {
            "external_id": external_id,
            "title": _text(row, "titre", issues, required=True, max_length=400),
            "text": _text(row, "texte", issues),
            "author": _text(row, "auteur", issues, max_length=200),
            "url": _link(row, "lien", issues),
            "reason": _text(row, "motif", issues),
        }
        bad_outcome = False
        for column, name, choices, default in (
            ("type_auteur", "author_kind", Proposal.AuthorKind, Proposal.AuthorKind.PSEUDONYM),
            ("suite", "outcome", Proposal.Outcome, Proposal.Outcome.PENDING),
        ):
            raw = row.values.get(column)
            try:
                values[name] = default if is_empty(raw) else as_enum(raw, choices=choices)
            except Invalid as exc:
                issues.append(row.issue(column, str(exc)))
                values[name] = default
                bad_outcome = bad_outcome or name == "outcome"
        numbers = _numbers(row, issues)
        problems = (
            []
            if bad_outcome
            else rules.outcome_problems(
                outcome=values["outcome"], reason=values["reason"], commitment_count=len(numbers)
            )
        )
        for column, code in problems:
            issues.append(row.issue(column, PROBLEMS[code]()))
        parsed.append(_Parsed(row, values, numbers))
    return first, parsed


def _resolve(first: dict[str, Any], parsed: list[_Parsed], issues: list[ImportIssue]):
    where, number = parsed[0].row.where, parsed[0].row.number
    plan = ActionPlan.objects.filter(slug=first["plan"]).first()
    if plan is None:
        issues.append(
            ImportIssue(
                where,
                number,
                "plan",
                _("Plan inconnu « %(slug)s ».") % {"slug": shown(first["plan"])},
            )
        )
        return None, {}
    start, end = first["consultation_debut"], first["consultation_fin"]
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and start > end:
        issues.append(
            ImportIssue(
                where,
                number,
                "consultation_fin",
                _("La consultation ne peut pas se clore avant de s'ouvrir."),
            )
        )
    slug = slugify(first["consultation"])[:120]
    if not slug:
        issues.append(ImportIssue(where, number, "consultation", _("Nom sans lettre ni chiffre.")))
    other = Consultation.objects.filter(slug=slug).exclude(plan=plan).first()
    if other is not None:
        issues.append(
            ImportIssue(
                where,
                number,
                "consultation",
                _("Une consultation de ce nom prépare déjà un autre plan (%(plan)s).")
                % {"plan": other.plan.slug},
            )
        )
    commitments = {c.number: c for c in Commitment.objects.filter(plan=plan)}
    for item in parsed:
        for n in item.numbers:
            if n not in commitments:
                issues.append(
                    item.row.issue(
                        "engagements",
                        _("Le plan « %(plan)s » n'a pas d'engagement numéro %(n)s.")
                        % {"plan": plan.slug, "n": n},
                    )
                )
    return plan, commitments


def proposals_import(
    *,
    data: bytes,
    filename: str,
    actor,
    source: str = "import",
    dry_run: bool = False,
) -> ProposalImportReport:
    """Import the proposals file; on any error nothing is written and every error is named by
    its sheet (or « CSV »), row and column."""
    if not user_can_import_proposals(actor):
        raise PermissionDenied(_("Réservé à l'équipe de coordination."))
    report = ProposalImportReport(dry_run=dry_run)
    issues = report.errors
    rows = fileformat.read(data, filename, issues)
    if issues:
        return report
    first, parsed = _read(rows, issues)
    assert first is not None
    plan, commitments = _resolve(first, parsed, issues)
    if issues or plan is None:
        return report
    report.consultation = first["consultation"]
    try:
        with transaction.atomic():
            consultation = RowUpsert.prepare(
                Consultation,
                {"slug": slugify(first["consultation"])[:120]},
                {
                    "plan": plan,
                    "name": first["consultation"],
                    "start_date": first["consultation_debut"],
                    "end_date": first["consultation_fin"],
                    "url": first["consultation_lien"],
                },
            )
            consultation.save(source=source, actor=actor)
            for item in parsed:
                row = RowUpsert.prepare(
                    Proposal,
                    {
                        "consultation": consultation.instance,
                        "external_id": item.values["external_id"],
                    },
                    {k: v for k, v in item.values.items() if k != "external_id"},
                    many={"commitments": [commitments[n] for n in item.numbers]},
                )
                try:
                    action = row.save(source=source, actor=actor)
                except ValidationError as exc:
                    for name, messages in exc.message_dict.items():
                        issues.extend(item.row.issue(name, m) for m in messages)
                    continue
                key = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged"}[action]
                report.counts[key] += 1
            if issues or dry_run:
                raise _Rollback
            data_version_bump_on_commit()
    except _Rollback:
        pass
    return report


class _Rollback(Exception):
    pass
