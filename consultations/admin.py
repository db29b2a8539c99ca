"""Consultations and proposals in the admin: read-only, and for the coordination team only.
They change through the import (workspace or command), which validates and audits."""

from __future__ import annotations

from django.contrib import admin

from commitments.permissions import user_is_coordinator

from .models import Consultation, Proposal


class CoordinatorsReadOnly(admin.ModelAdmin):
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


@admin.register(Consultation)
class ConsultationAdmin(CoordinatorsReadOnly):
    list_display = ("name", "plan", "start_date", "end_date")
    list_filter = ("plan",)


@admin.register(Proposal)
class ProposalAdmin(CoordinatorsReadOnly):
    list_display = ("external_id", "title", "consultation", "outcome")
    list_filter = ("consultation", "outcome", "author_kind")
    search_fields = ("external_id", "title", "author")
