"""A commitment's public history, written for people: one sentence per change ("Échéance
reportée du 12 mars au 30 juin 2016 : motif…"), dates in words, codes as their labels, the
levels of a qualitative indicator by their name; the fields that only serve the machinery (keys
such as "j1", weights, positions, the revision bookkeeping) are left out."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.audit import PRIVATE_CHANGE_FIELDS, REDACTED, public_actor
from public.templatetags.pgo import num

MODEL_LABELS = {
    "commitment": gettext_lazy("engagement"),
    "milestone": gettext_lazy("jalon"),
    "milestonerevision": gettext_lazy("demande de report ou d'abandon"),
    "indicator": gettext_lazy("indicateur"),
    "measurement": gettext_lazy("mesure"),
    "actionplan": gettext_lazy("plan"),
    "axis": gettext_lazy("axe"),
    "administration": gettext_lazy("administration"),
    "assessment": gettext_lazy("évaluation indépendante"),
    "selfassessment": gettext_lazy("auto-évaluation"),
    "question": gettext_lazy("question publique"),
    "report": gettext_lazy("rapport au Parlement"),
}
MODELS = {
    "commitment": ("commitments", "Commitment"),
    "milestone": ("milestones", "Milestone"),
    "milestonerevision": ("milestones", "MilestoneRevision"),
    "indicator": ("indicators", "Indicator"),
    "measurement": ("indicators", "Measurement"),
    "actionplan": ("commitments", "ActionPlan"),
    "axis": ("commitments", "Axis"),
    "administration": ("commitments", "Administration"),
    "assessment": ("civilsociety", "Assessment"),
    "selfassessment": ("civilsociety", "SelfAssessment"),
    "question": ("civilsociety", "Question"),
    "report": ("reports", "Report"),
}
# Internal: keys and ranks ("j1", "i2", positions), weights, what the method derives, and the
# bookkeeping of revisions (their dates and deciders are said in the sentence).
HIDDEN_FIELDS = {
    "measurability_failures",
    "is_illustrative",
    "cost_is_illustrative",
    "position",
    "reference",
    "weight",
    "counts_in_score",
    "reference_due_date",
    "reference_at_request",
    "timely",
    "requested_at",
    "requested_by",
    "requested_label",
    "decided_at",
    "decided_by",
    "decided_label",
    "source",
    "recorded_by",
    "update_period_days",
    "delay_explained_on",
    "email",  # an asker's address is never published
    "token_hash",
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    record: Any
    object_label: str
    changes: list[Change]
    actor: str = ""  # public form: an e-mail address shows as its domain only
    sentence: str = ""  # what happened, in one sentence
    object_repr: str = ""  # the object's name, its dates in words


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def _when(value: Any) -> str:
    parsed = _date(value)
    return date_format(parsed, "DATE_FORMAT") if parsed else "—"


def value_text(field: models.Field | None, value: Any, levels: list[str] | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if levels and field is not None and field.name == "value":
        try:
            index = int(float(value))
        except (TypeError, ValueError):
            index = -1
        if 0 <= index < len(levels):
            return f"« {levels[index]} »"
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(field, models.ForeignKey):
        return str(value) if not isinstance(value, int) else _("modifié")
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return num(value)
        except (ArithmeticError, ValueError, TypeError):
            return str(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        return date_format(parsed, "DATE_FORMAT") if parsed else value
    if isinstance(field, models.DateField) and isinstance(value, str):
        parsed_date = parse_date(value)
        return date_format(parsed_date, "DATE_FORMAT") if parsed_date else value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    text = str(value)
    return text if len(text) <= 240 else text[:239] + "…"


def _milestone_sentence(record: Any, changes: dict[str, list]) -> str:
    title = record.object_repr
    if record.action == "create":
        due = changes.get("due_date", [None, None])[1]
        if due:
            return _("Jalon « %(title)s » ajouté, échéance le %(date)s.") % {
                "title": title,
                "date": _when(due),
            }
        return _("Jalon « %(title)s » ajouté, échéance à préciser.") % {"title": title}
    if "due_date" in changes:
        old, new = changes["due_date"]
        old_date, new_date = _date(old), _date(new)
        if old_date and new_date:
            template = (
                _("Échéance du jalon « %(title)s » reportée du %(old)s au %(new)s.")
                if new_date > old_date
                else _("Échéance du jalon « %(title)s » avancée du %(old)s au %(new)s.")
            )
            return template % {"title": title, "old": _when(old), "new": _when(new)}
        if new_date:
            return _("Échéance du jalon « %(title)s » fixée au %(new)s.") % {
                "title": title,
                "new": _when(new),
            }
        return _("Échéance du jalon « %(title)s » à préciser (elle était le %(old)s).") % {
            "title": title,
            "old": _when(old),
        }
    if changes.get("status", [None, None])[1] == "completed":
        return _("Jalon « %(title)s » réalisé le %(date)s.") % {
            "title": title,
            "date": _when(changes.get("completed_on", [None, None])[1]),
        }
    if changes.get("status", [None, None])[1] == "cancelled":
        return _("Jalon « %(title)s » abandonné.") % {"title": title}
    return ""


def _revision_sentence(record: Any, changes: dict[str, list]) -> str:
    new = {name: pair[1] for name, pair in changes.items()}
    if record.action == "create" and new.get("kind") == "reschedule":
        if new.get("reference_at_request"):
            sentence = _("Échéance reportée du %(old)s au %(date)s (demande du %(asked)s)") % {
                "old": _when(new.get("reference_at_request")),
                "asked": _when(new.get("requested_on")),
                "date": _when(new.get("new_due_date")),
            }
        else:
            sentence = _("Échéance fixée au %(date)s (demande du %(asked)s)") % {
                "asked": _when(new.get("requested_on")),
                "date": _when(new.get("new_due_date")),
            }
    elif record.action == "create":
        sentence = _("Abandon demandé le %(asked)s") % {"asked": _when(new.get("requested_on"))}
    else:
        sentence = _("Demande de report ou d'abandon")
    status = new.get("status")
    if status == "approved":
        sentence += _(" : validé le %(date)s") % {"date": _when(new.get("decided_on"))}
    elif status == "refused":
        sentence += _(" : refusé le %(date)s") % {"date": _when(new.get("decided_on"))}
    if new.get("timely") is False:
        sentence += _(" (demandé après l'échéance : sans effet sur le score)")
    sentence += "."
    reason = (new.get("reason") or "").strip()
    if reason and not (record.justification or "").strip():
        sentence += " " + _("Motif : %(reason)s") % {"reason": reason}
    return sentence


_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def dates_in_words(text: str) -> str:
    """« … — 2016-01-12: 67.5 » → « … — 12 janvier 2016: 67.5 »."""
    return _ISO_DATE.sub(lambda m: _when(m.group(1)), text)


def _measurement_sentence(record: Any, changes: dict[str, list], scale: list[str] | None) -> str:
    indicator = record.object_repr.rsplit(" — ", 1)[0]
    new = {name: pair[1] for name, pair in changes.items()}
    if record.action == "create" and new.get("date"):
        value = value_text(_field("measurement", "value"), new.get("value"), scale)
        return _("Mesure du %(date)s pour l'indicateur « %(name)s » : %(value)s.") % {
            "date": _when(new.get("date")),
            "name": indicator,
            "value": value,
        }
    return _("Mesure de l'indicateur « %(name)s » modifiée.") % {"name": indicator}


def _field(object_type: str, name: str) -> models.Field | None:
    app_model = MODELS.get(object_type)
    if app_model is None:
        return None
    try:
        return apps.get_model(*app_model)._meta.get_field(name)  # type: ignore[return-value]
    except FieldDoesNotExist:
        return None


def _sentence(record: Any, changes: dict[str, list], scale: list[str] | None) -> str:
    if record.object_type == "milestone":
        return _milestone_sentence(record, changes)
    if record.object_type == "milestonerevision":
        return _revision_sentence(record, changes)
    if record.object_type == "measurement":
        return _measurement_sentence(record, changes, scale)
    return ""


def history_entries(
    records: list[Any], *, levels: dict[int, list[str]] | None = None
) -> list[HistoryEntry]:
    """``levels``: the scale of each qualitative indicator's measurements, by measurement id,
    so a measured level reads as its name rather than its number."""
    entries = []
    for record in records:
        app_model = MODELS.get(record.object_type)
        model = apps.get_model(*app_model) if app_model else None
        raw = {
            name: pair
            for name, pair in (record.changes or {}).items()
            if isinstance(pair, list) and len(pair) == 2
        }
        scale = (
            (levels or {}).get(record.object_id) if record.object_type == "measurement" else None
        )
        changes = []
        for name, pair in raw.items():
            if name in HIDDEN_FIELDS:
                continue
            field_obj = None
            label = name
            if model is not None:
                try:
                    field_obj = model._meta.get_field(name)
                    label = str(getattr(field_obj, "verbose_name", name))
                except FieldDoesNotExist:
                    pass
            if record.action == "create" and (
                pair[1] in (None, "", [], False) or isinstance(field_obj, models.ForeignKey)
            ):
                continue  # a creation lists what was filled in, not every empty field
            old = value_text(field_obj, pair[0], scale)
            new = value_text(field_obj, pair[1], scale)
            if name in PRIVATE_CHANGE_FIELDS:  # personal data: say it changed, not what to
                old, new = (REDACTED if old else old), (REDACTED if new else new)
            changes.append(Change(label=label[:1].upper() + label[1:], old=old, new=new))
        entries.append(
            HistoryEntry(
                record=record,
                object_label=str(MODEL_LABELS.get(record.object_type, record.object_type)),
                changes=changes,
                actor=public_actor(record.actor_label),
                sentence=_sentence(record, raw, scale),
                object_repr=dates_in_words(record.object_repr),
            )
        )
    return entries
