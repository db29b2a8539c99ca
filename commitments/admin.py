from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import audit_record, diff_values, model_values
from .events import data_changed, method_inputs_changed
from .models import (
    LEAD_IS_CO_OWNER,
    ActionPlan,
    Administration,
    AuditRecord,
    Axis,
    Commitment,
    GlossaryTerm,
    Membership,
    Partner,
    Profile,
    VagueVerb,
)
from .permissions import commitment_can_edit, commitments_editable_by, user_is_coordinator


def _commitment_id_of(obj) -> int | None:
    if isinstance(obj, Commitment):
        return obj.pk
    if getattr(obj, "commitment_id", None):
        return obj.commitment_id
    indicator = getattr(obj, "indicator", None)
    return getattr(indicator, "commitment_id", None)


def _many_values(obj, form) -> dict[str, list[str]]:
    """The many-to-many fields the form edits (co-owners, partners…), as sorted names."""
    names = [f.name for f in obj._meta.many_to_many if f.name in form.fields]
    return {name: sorted(map(str, getattr(obj, name).all())) for name in names}


class AuditedAdminMixin:
    """Every save or delete made in the admin leaves one audit record (many-to-many fields such
    as co-owners included) and, when it touches a commitment, schedules the score recompute
    after the commit."""

    _PENDING = "_pgo_admin_audit"

    def _changed(self, *objs) -> None:
        ids = [i for i in map(_commitment_id_of, objs) if i]
        if ids:
            data_changed(commitment_ids=ids)

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            before = model_values(stored) | _many_values(stored, form)
        super().save_model(request, obj, form, change)
        # recorded once the many-to-many fields are saved too (save_related)
        setattr(request, self._PENDING, (obj, change, before, model_values(obj)))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pending = getattr(request, self._PENDING, None)
        if pending is None or pending[0] is not form.instance:
            return
        delattr(request, self._PENDING)
        obj, change, before, after = pending
        changes = diff_values(before, after | _many_values(obj, form))
        if change and not changes:
            return
        audit_record(
            instance=obj,
            action="update" if change else "create",
            source="admin",
            changes=changes,
            actor=request.user,
            justification=getattr(obj, "justification", "") or "",
        )
        self._changed(obj)

    def save_formset(self, request, form, formset, change):
        befores = {
            o.pk: model_values(type(o).objects.get(pk=o.pk))
            for o in formset.save(commit=False)
            if o.pk
        }
        instances = formset.save()
        for obj in instances:
            changes = diff_values(befores.get(obj.pk, {}), model_values(obj))
            if changes:
                audit_record(
                    instance=obj,
                    action="update" if obj.pk in befores else "create",
                    source="admin",
                    changes=changes,
                    actor=request.user,
                )
                self._changed(obj)
        for obj in formset.deleted_objects:
            audit_record(instance=obj, action="delete", source="admin", actor=request.user)
            self._changed(obj)

    def delete_model(self, request, obj):
        audit_record(instance=obj, action="delete", source="admin", actor=request.user)
        self._changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The changelist's "delete selected" action: one record per row, like one by one."""
        for obj in queryset:
            audit_record(instance=obj, action="delete", source="admin", actor=request.user)
            self._changed(obj)
        super().delete_queryset(request, queryset)


class OwnedByAdministrationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Admin for rows that belong to a commitment: a non-superuser sees and changes only what
    their administrations own (coordinators see everything), like on every other path."""

    commitment_path = "commitment"  # lookup from this model to its Commitment

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if user_is_coordinator(request.user):
            return qs
        editable = commitments_editable_by(request.user).values("pk")
        lookup = "pk__in" if not self.commitment_path else f"{self.commitment_path}__in"
        return qs.filter(**{lookup: editable})

    def _commitment_of(self, obj):
        if obj is None:
            return None
        target = obj
        for part in filter(None, self.commitment_path.split("__")):
            target = getattr(target, part)
        return target

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        commitment = self._commitment_of(obj)
        return commitment is None or commitment_can_edit(request.user, commitment)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        commitment = self._commitment_of(obj)
        return commitment is None or commitment_can_edit(request.user, commitment)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and user_is_coordinator(request.user)

    # Fields only the coordination team may change (who owns what, the original calendar).
    coordinator_only_fields: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if user_is_coordinator(request.user):
            return fields
        return fields + tuple(f for f in self.coordinator_only_fields if f not in fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "commitment" and not user_is_coordinator(request.user):
            kwargs["queryset"] = commitments_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0
    prepopulated_fields = {"slug": ("title",)}


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "period_start", "period_end", "status", "published")
    list_filter = ("status", "published")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [AxisInline]


@admin.register(Administration)
class AdministrationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "contact_email")
    list_filter = ("kind",)
    search_fields = ("name", "acronym", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Partner)
class PartnerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "administration", "created_at")
    list_filter = ("administration",)
    search_fields = ("user__username", "user__email", "administration__name")
    autocomplete_fields = ("administration",)


@admin.register(Profile)
class ProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "language", "is_coordinator")
    list_filter = ("language", "is_coordinator")
    search_fields = ("user__username", "user__email")


class CommitmentAdminForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin chooses the fields shown

    def clean(self):
        data = super().clean()
        lead = data.get("lead_administration")
        if lead is not None and lead in (data.get("co_owners") or ()):
            self.add_error("co_owners", LEAD_IS_CO_OWNER)
        return data


@admin.register(Commitment)
class CommitmentAdmin(OwnedByAdministrationAdmin):
    form = CommitmentAdminForm
    commitment_path = ""
    coordinator_only_fields = ("plan", "number", "lead_administration", "co_owners", "continues")
    list_display = ("number", "title", "plan", "axis", "lead_administration", "ogp_id")
    list_display_links = ("number", "title")
    list_filter = ("plan", "axis", "lead_administration", "ogp_completion")
    search_fields = ("title", "ogp_id", "summary", "objective")
    list_select_related = ("plan", "axis", "lead_administration")
    autocomplete_fields = ("lead_administration", "co_owners", "partners", "continues")
    # The commitment's milestones and indicators are edited on its page: their apps add their
    # inlines with ``commitment_inline`` (commitments does not import its parts' apps).
    part_inlines: list[tuple[int, type]] = []

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *(i for _o, i in sorted(self.part_inlines))]

    fieldsets = (
        (None, {"fields": ("plan", "number", "ogp_id", "axis", "title", "title_en")}),
        (
            _("Contenu"),
            {"fields": ("summary", "problem", "baseline_situation", "objective", "description")},
        ),
        (
            _("Valeurs OGP et types d'action"),
            {
                "fields": (
                    (
                        "value_access_to_information",
                        "value_civic_participation",
                        "value_public_accountability",
                        "value_technology_innovation",
                    ),
                    (
                        "action_law",
                        "action_standard",
                        "action_tool",
                        "action_data",
                        "action_consultation",
                        "action_other",
                    ),
                )
            },
        ),
        (
            _("Responsabilités"),
            {
                "fields": (
                    "lead_administration",
                    "co_owners",
                    "partners",
                    ("contact_name", "contact_role", "contact_email"),
                )
            },
        ),
        (
            _("Calendrier et coût"),
            {
                "fields": (
                    ("start_date", "end_date"),
                    ("cost_amount", "cost_staff_fte", "no_additional_cost"),
                    "cost_funding_source",
                    "cost_is_illustrative",
                )
            },
        ),
        (
            _("Suivi OGP"),
            {
                "fields": (
                    "continues",
                    "ogp_completion",
                    "irm_assessment",
                    "sources",
                    "data_confidence",
                )
            },
        ),
    )


def commitment_inline(*, order: int):
    """Class decorator: show this inline on the commitment's admin page, at ``order``."""

    def register(inline: type) -> type:
        CommitmentAdmin.part_inlines.append((order, inline))
        return inline

    return register


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "source", "action", "object_type", "object_repr")
    list_filter = ("source", "action", "object_type")
    search_fields = ("object_repr", "actor_label", "justification")
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VagueVerb)
class VagueVerbAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("infinitive", "suggestion", "active")
    list_editable = ("active",)
    list_filter = ("active",)
    search_fields = ("infinitive", "suggestion")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _vague_verbs_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _vague_verbs_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _vague_verbs_changed()


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("term", "term_en", "aliases")
    search_fields = ("term", "term_en", "aliases", "definition")
    prepopulated_fields = {"slug": ("term",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _vague_verbs_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _vague_verbs_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        _vague_verbs_changed()


def _vague_verbs_changed() -> None:
    """The verb list or glossary changed: every commitment's measurability may change."""
    method_inputs_changed()
