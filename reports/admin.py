"""The reports in the site administration: read only, for the coordination team; publishing
goes through the service (audited), never through a field edit."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from commitments.permissions import user_is_coordinator

from .models import Report
from .services import report_publish


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("plan", "period_start", "period_end", "version", "status", "published_at")
    list_filter = ("status", "plan")
    list_select_related = ("plan",)
    exclude = ("pdf", "odt", "html", "data")
    readonly_fields = (
        "plan",
        "kind",
        "period_start",
        "period_end",
        "version",
        "corrects",
        "correction_note",
        "status",
        "method_version",
        "data_sha256",
        "generated_at",
        "generated_label",
        "published_at",
        "coordinators_told_at",
    )
    actions = ["publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "odt", "html", "data")

    def has_module_permission(self, request):
        return user_is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_coordinator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publier les brouillons choisis (ils ne changeront plus)"))
    def publish(self, request, queryset):
        if not user_is_coordinator(request.user):
            self.message_user(request, _("Réservé à l'équipe de coordination."), messages.ERROR)
            return
        for report in queryset.filter(status=Report.Status.DRAFT):
            try:
                report_publish(report=report, actor=request.user, source="admin")
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Publié : %(report)s") % {"report": report})
