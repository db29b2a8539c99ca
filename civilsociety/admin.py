"""The admin for the coordination team: organisations and their reviewers (audited); the
assessments, self-assessments and questions to read (they change through the services: hiding
asks for a public reason on the moderation page)."""

from django.contrib import admin

from commitments.admin import AuditedAdminMixin
from commitments.permissions import user_is_coordinator

from .models import Assessment, Organisation, Question, ReviewerMembership, SelfAssessment


class CoordinatorOnlyMixin:
    """Only the coordination team sees civil society's part in the admin."""

    def has_module_permission(self, request):
        return user_is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_coordinator(request.user)

    def has_add_permission(self, request):
        return user_is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return user_is_coordinator(request.user)


class ReadOnlyMixin(CoordinatorOnlyMixin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(CoordinatorOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "website")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ReviewerMembership)
class ReviewerMembershipAdmin(CoordinatorOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "created_at")
    list_filter = ("organisation",)
    search_fields = ("user__username", "user__email", "organisation__name")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("commitment", "organisation", "assessed_on", "level", "is_current", "hidden_at")
    list_filter = ("level", "is_current", "organisation")
    list_select_related = ("commitment", "commitment__plan", "organisation")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("commitment", "level", "set_on")
    list_filter = ("level",)
    list_select_related = ("commitment", "commitment__plan")


@admin.register(Question)
class QuestionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("commitment", "display_name", "confirmed_at", "answered_at", "hidden_at")
    list_filter = ("confirmed_at", "answered_at")
    list_select_related = ("commitment", "commitment__plan")
    # the asker's address is not shown, even to the coordination team
    exclude = ("email", "token_hash")
