from django.contrib import admin

from .models import ReminderOutbox


@admin.register(ReminderOutbox)
class ReminderOutboxAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the reminder job alone (``reminders.services``)."""

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
