"""The subscriptions and their digests, read-only: operators look, people decide by e-mail."""

from __future__ import annotations

from django.contrib import admin

from .models import DigestOutbox, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("target_key", "frequency", "language", "created_at", "confirmed_at")
    list_filter = ("target", "frequency", "language")
    exclude = ("email", "token")  # the address and its secret link stay out of sight


@admin.register(DigestOutbox)
class DigestOutboxAdmin(ReadOnlyAdmin):
    list_display = ("dedup_key", "for_date", "status", "items", "attempts", "sent_at")
    list_filter = ("status", "for_date")
