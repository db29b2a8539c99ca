"""The public audit trail: who changed what and when, newest first."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import FastSerializer, api_url, public_page_url

from ..audit import PRIVATE_CHANGE_FIELDS, REDACTED, public_actor
from ..filters import ChangeFilterSet
from ..models import AuditRecord


def public_changes(record: AuditRecord) -> list[dict]:
    """The record's changes as a list of {field, old, new}, personal data masked."""
    changes = record.changes if isinstance(record.changes, dict) else {}
    result = []
    for name in sorted(changes):
        pair = changes[name]
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if name in PRIVATE_CHANGE_FIELDS:
            old = REDACTED if old not in (None, "") else old
            new = REDACTED if new not in (None, "") else new
        result.append({"field": name, "old": old, "new": new})
    return result


class FieldChangeListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance: AuditRecord) -> list[dict]:
        return public_changes(instance)


class FieldChangeSerializer(FastSerializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)

    class Meta:
        list_serializer_class = FieldChangeListSerializer


class ChangeSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    url = serializers.SerializerMethodField(help_text="Cet objet dans l'API.")
    page_url = serializers.SerializerMethodField(
        help_text="La page publique de l'objet (engagement ou plan), si elle existe."
    )
    created_at = serializers.DateTimeField(help_text="Quand.")
    actor = serializers.SerializerMethodField(help_text="Qui (ou quelle tâche).")
    source = serializers.ChoiceField(choices=AuditRecord.Source.choices)
    action = serializers.ChoiceField(choices=AuditRecord.Action.choices)
    object_type = serializers.CharField()
    object_id = serializers.IntegerField()
    object_repr = serializers.CharField()
    plan = serializers.SlugField(source="plan.slug", allow_null=True)
    commitment = serializers.IntegerField(source="commitment_id", allow_null=True)
    changes = FieldChangeSerializer(
        many=True, source="*", help_text="Chaque champ modifié : ancienne → nouvelle valeur."
    )
    justification = serializers.CharField()

    def get_url(self, obj: AuditRecord) -> str:
        return api_url("change", obj.pk)

    def get_page_url(self, obj: AuditRecord) -> str | None:
        c = obj.commitment
        if c is not None:
            return public_page_url("commitment", plan_slug=c.plan.slug, number=c.number)
        if obj.plan is not None:
            return public_page_url("plan", plan_slug=obj.plan.slug)
        return None

    def get_actor(self, obj: AuditRecord) -> str:
        return public_actor(obj.actor_label)


def changes_for_api() -> QuerySet[AuditRecord]:
    """The public audit trail, newest first: changes to plans, axes, commitments, indicators,
    measurements and milestones of published plans, and civil society's part on them
    (assessments, self-assessments, questions and answers, moderation)."""
    return (
        ChangeFilterSet.public_queryset()
        .select_related("plan", "commitment", "commitment__plan")
        .order_by("-created_at", "-id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Journal des modifications",
        description="Qui a changé quoi et quand, du plus récent au plus ancien. Les adresses "
        "électroniques des personnes sont réduites à leur domaine.",
        tags=["changes"],
    ),
    retrieve=extend_schema(summary="Une modification", tags=["changes"]),
)
class ChangeViewSet(PublicReadOnlyViewSet):
    queryset = changes_for_api()
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilterSet
