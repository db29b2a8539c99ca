from django import forms
from django.contrib import admin
from django.utils import timezone

from commitments.admin import OwnedByAdministrationAdmin, commitment_inline
from commitments.permissions import user_is_coordinator

from .models import Milestone, MilestoneRevision
from .services import COORDINATOR_ONLY_FIELDS, DERIVED_FIELDS, milestone_admin_errors


class MilestoneAdminForm(forms.ModelForm):
    """The rules of the milestone services, for saves made in the admin (``actor`` is set by
    the ModelAdmin or the inline for each request)."""

    actor = None

    class Meta:
        model = Milestone
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin and inline choose the fields shown

    def clean(self):
        data = super().clean()
        before = Milestone.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        values = {name: data[name] for name in self.fields if name in data}
        errors = milestone_admin_errors(
            before=before, values=values, actor=self.actor, today=timezone.localdate()
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data


def _with_actor(form_class: type[MilestoneAdminForm], actor) -> type[MilestoneAdminForm]:
    return type(form_class.__name__, (form_class,), {"actor": actor})


@commitment_inline(order=1)
class MilestoneInline(admin.StackedInline):
    model = Milestone
    form = MilestoneAdminForm
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), *DERIVED_FIELDS)
        if user_is_coordinator(request.user):
            return fields
        return (*fields, *(f for f in COORDINATOR_ONLY_FIELDS if f != "commitment"))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_actor(formset.form, request.user)
        return formset

    fields = (
        ("reference", "position", "title"),
        "deliverable",
        ("start_date", "original_due_date", "due_date", "reference_due_date"),
        ("status", "completed_on", "weight", "counts_in_score"),
        "evidence_url",
        "justification",
        ("delay_explanation", "delay_explained_on"),
        "is_illustrative",
    )


@admin.register(Milestone)
class MilestoneAdmin(OwnedByAdministrationAdmin):
    form = MilestoneAdminForm
    coordinator_only_fields = COORDINATOR_ONLY_FIELDS
    readonly_fields = DERIVED_FIELDS
    list_display = (
        "title",
        "commitment",
        "due_date",
        "original_due_date",
        "status",
        "completed_on",
    )
    list_filter = (
        "status",
        "commitment__plan",
        "commitment__lead_administration",
        "is_illustrative",
    )
    search_fields = ("title", "deliverable", "reference", "commitment__title")
    date_hierarchy = "due_date"
    list_select_related = ("commitment",)
    autocomplete_fields = ("commitment",)

    def get_form(self, request, obj=None, **kwargs):
        return _with_actor(super().get_form(request, obj, **kwargs), request.user)


@admin.register(MilestoneRevision)
class MilestoneRevisionAdmin(admin.ModelAdmin):
    """Read-only: requests are made and decided in the workspace or through the API, which
    apply them to the milestone and audit them."""

    list_display = ("requested_on", "milestone", "kind", "timely", "status", "decided_on")
    list_filter = ("status", "kind", "timely")
    search_fields = ("milestone__title", "reason", "decision_reason")
    list_select_related = ("milestone",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
