from django.contrib import admin

from commitments.admin import MilestoneAdminForm, OwnedByAdministrationAdmin

from .models import Milestone, ReminderOutbox


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


@admin.register(ReminderOutbox)
class ReminderOutboxAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the reminder job alone (``milestones.reminders``)."""

    list_display = (
        "for_date",
        "kind",
        "recipient",
        "language",
        "milestone",
        "indicator",
        "status",
        "attempts",
        "sent_at",
    )
    list_filter = ("status", "kind", "language", "for_date")
    search_fields = ("recipient", "dedup_key", "milestone__title", "indicator__name")
    date_hierarchy = "for_date"
    list_select_related = ("milestone", "indicator")
    ordering = ("-for_date", "-id")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
