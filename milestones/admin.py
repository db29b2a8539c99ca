from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commitments.admin import OwnedByAdministrationAdmin, commitment_inline
from commitments.permissions import user_is_coordinator

from .models import Milestone


class MilestoneAdminForm(forms.ModelForm):
    """The rules of the milestone service, for saves made in the admin."""

    class Meta:
        model = Milestone
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin and inline choose the fields shown

    def clean(self):
        data = super().clean()
        if data.get("status") == Milestone.Status.COMPLETED and not data.get("evidence_url"):
            self.add_error("evidence_url", _("Un jalon réalisé doit avoir un lien vers sa preuve."))
        due, original = data.get("due_date"), data.get("original_due_date")
        if due and original and due != original and not (data.get("justification") or "").strip():
            self.add_error("justification", _("Expliquez pourquoi l'échéance change."))
        return data


@commitment_inline(order=1)
class MilestoneInline(admin.StackedInline):
    model = Milestone
    form = MilestoneAdminForm
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if user_is_coordinator(request.user) else (*fields, "original_due_date")

    fields = (
        ("reference", "position", "title"),
        "deliverable",
        ("start_date", "original_due_date", "due_date"),
        ("status", "completed_on", "weight"),
        "evidence_url",
        "justification",
        "is_illustrative",
    )


@admin.register(Milestone)
class MilestoneAdmin(OwnedByAdministrationAdmin):
    form = MilestoneAdminForm
    coordinator_only_fields = ("commitment", "reference", "original_due_date")
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
