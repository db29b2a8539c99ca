from django.contrib import admin

from commitments.admin import MilestoneAdminForm, OwnedByAdministrationAdmin

from .models import Milestone


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
