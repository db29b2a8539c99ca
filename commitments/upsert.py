"""Create or update one row from a dict of values, with one audit record per real change.

Shared by the loaders (``sampledata.demo``, ``importexport``): a row is looked up
by its natural key, the new values are set, and only a real difference (old → new, many-to-many
sets included) is saved and audited. An unchanged row writes nothing.

``RowUpsert.prepare`` never writes, so a caller can validate every row first and save them
later, in order (a parent before its children).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from .audit import audit_record, diff_values, model_values

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"


def _unsaved(value: Any) -> bool:
    return isinstance(value, Model) and value.pk is None


@dataclass
class RowUpsert:
    """One row to create or update: ``lookup`` is its natural key, ``values`` the fields to set,
    ``many`` the many-to-many sets to replace (names not given are left alone)."""

    model: type[Model]
    lookup: dict[str, Any]
    values: dict[str, Any]
    many: dict[str, list[Model]]
    instance: Model
    created: bool
    before: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def prepare(
        cls,
        model: type[Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        many: dict[str, Iterable[Model]] | None = None,
    ) -> RowUpsert:
        """Fetch the row (or start a new one) and set the new values; nothing is written.

        A lookup on a parent that is not saved yet (created in the same run) means a new row.
        """
        many_lists = {name: list(objs) for name, objs in (many or {}).items()}
        instance = None
        if not any(_unsaved(v) for v in lookup.values()):
            instance = model._default_manager.filter(**lookup).first()
        created = instance is None
        before: dict[str, Any] = {}
        if instance is None:
            instance = model(**lookup)
        else:
            before = model_values(instance) | {
                name: sorted(map(str, getattr(instance, name).all())) for name in many_lists
            }
        row = cls(model, dict(lookup), dict(values), many_lists, instance, created, before)
        row.apply()
        return row

    def apply(self) -> None:
        """(Re)set the key and the values: parents saved since ``prepare`` get their ids."""
        for key, value in (self.lookup | self.values).items():
            setattr(self.instance, key, value)

    def after(self) -> dict[str, Any]:
        values = model_values(self.instance)
        # A foreign key to a row not saved yet reads as empty: name the new row instead,
        # so a dry run still sees the change.
        for model_field in self.instance._meta.concrete_fields:
            if model_field.many_to_one:
                related = model_field.get_cached_value(self.instance, None)
                if related is not None and related.pk is None:
                    values[model_field.name] = f"+ {related}"
        return values | {name: sorted(map(str, objs)) for name, objs in self.many.items()}

    def changes(self) -> dict[str, list[Any]]:
        return diff_values(self.before, self.after())

    @property
    def action(self) -> str:
        if self.created:
            return CREATE
        return UPDATE if self.changes() else UNCHANGED

    def save(
        self,
        *,
        source: str,
        actor=None,
        actor_label: str = "",
        justification: str = "",
    ) -> str:
        """Validate (``full_clean``), then save and audit if anything changed.

        Returns ``"create"``, ``"update"`` or ``"unchanged"``.
        """
        self.apply()
        self.instance.full_clean()
        changes = self.changes()
        if not self.created and not changes:
            return UNCHANGED
        self.instance.save()
        for name, objs in self.many.items():
            getattr(self.instance, name).set(objs)
        action = CREATE if self.created else UPDATE
        audit_record(
            instance=self.instance,
            action=action,
            source=source,
            changes=changes,
            actor=actor,
            actor_label=actor_label,
            justification=justification,
        )
        # Saved: a later save of the same row compares with what is stored now.
        self.created = False
        self.before = self.after()
        return action


def row_upsert(
    model: type[Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    many: dict[str, Iterable[Model]] | None = None,
    source: str,
    actor=None,
    actor_label: str = "",
) -> tuple[Model, str]:
    """Create or update one row now; returns the instance and what was done."""
    row = RowUpsert.prepare(model, lookup, values, many=many)
    action = row.save(source=source, actor=actor, actor_label=actor_label)
    return row.instance, action
