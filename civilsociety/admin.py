"""The admin for the coordination team: organisations and their reviewers (audited); the
assessments, self-assessments and questions to read. They change only through the services:
the admin's actions hide an assessment, a question or an answer with a public reason asked on
an intermediate page, through ``services.hide`` as the workspace's moderation page does (the
audit record keeps who and why, the public pages show the reason in place of the content)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.admin import AuditedAdminMixin
from commitments.permissions import user_is_coordinator

from .models import Assessment, Organisation, Question, ReviewerMembership, SelfAssessment
from .services import hide


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


class HideReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Raison publique du masquage"),
        help_text=gettext_lazy("Affichée à la place du contenu masqué."),
        max_length=500,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


KIND_TITLES = {
    "assessment": gettext_lazy("Masquer les évaluations choisies"),
    "question": gettext_lazy("Masquer les questions choisies"),
    "answer": gettext_lazy("Masquer les réponses des questions choisies"),
}


def hide_with_reason(modeladmin, request, queryset, kind: str):
    """The admin action's two steps: first a page asking the public reason (with the chosen
    rows), then ``services.hide`` for each row, the reason given, ``source="admin"``."""
    if not user_is_coordinator(request.user):  # the admin's own checks come first; belt too
        raise PermissionDenied
    form = HideReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        done = already = 0
        for obj in queryset.select_related("commitment"):
            try:
                hidden = hide(
                    kind=kind,
                    obj=obj,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    source="admin",
                )
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{obj} : {' '.join(error.messages)}", messages.ERROR
                )
                continue
            done, already = done + hidden, already + (not hidden)
        if done:
            modeladmin.message_user(
                request,
                _("%(n)s contenu(s) masqué(s) ; la raison est publique.") % {"n": done},
                messages.SUCCESS,
            )
        if already:
            modeladmin.message_user(
                request, _("%(n)s contenu(s) déjà masqué(s).") % {"n": already}, messages.INFO
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": KIND_TITLES[kind],
        "opts": modeladmin.model._meta,
        "objects": list(queryset),
        "kind": kind,
        "form": form,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/civilsociety/hide_reason.html", context)


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
    actions = ["hide_assessments"]

    @admin.action(description=gettext_lazy("Masquer avec une raison publique"))
    def hide_assessments(self, request, queryset):
        return hide_with_reason(self, request, queryset, "assessment")


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
    actions = ["hide_questions", "hide_answers"]

    @admin.action(description=gettext_lazy("Masquer la question avec une raison publique"))
    def hide_questions(self, request, queryset):
        return hide_with_reason(self, request, queryset, "question")

    @admin.action(description=gettext_lazy("Masquer la réponse avec une raison publique"))
    def hide_answers(self, request, queryset):
        return hide_with_reason(self, request, queryset, "answer")
