from django import forms
from django.contrib import admin
from django.utils import timezone

from commitments.admin import OwnedByAdministrationAdmin, commitment_inline
from commitments.permissions import user_is_coordinator

from .models import Indicator, Measurement
from .services import COORDINATOR_ONLY_FIELDS, measurement_errors


@commitment_inline(order=2)
class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    fields = (
        ("name", "kind", "unit", "position"),
        "levels",
        ("baseline_value", "baseline_date", "target_value", "target_date"),
        ("data_source", "update_period_days", "weight"),
        "is_illustrative",
    )
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if user_is_coordinator(request.user):
            return fields
        return (*fields, *(f for f in COORDINATOR_ONLY_FIELDS if f != "commitment"))


class MeasurementAdminForm(forms.ModelForm):
    """The rules of the measurement service (date not in the future, a value or a level of the
    scale), for saves made in the admin."""

    class Meta:
        model = Measurement
        fields = "__all__"  # noqa: DJ007 - the inline chooses the fields shown

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator") or getattr(self.instance, "indicator", None)
        if indicator is None or "value" not in data:
            return data
        errors, _number = measurement_errors(
            indicator=indicator,
            date=data.get("date"),
            value=data.get("value"),
            evidence_url=data.get("evidence_url") or "",
            today=timezone.localdate(),
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error("value" if field == "level" else field, message)
        return data


class MeasurementInline(admin.TabularInline):
    model = Measurement
    form = MeasurementAdminForm
    extra = 0
    fields = ("date", "value", "source", "evidence_url", "comment", "is_illustrative")


@admin.register(Indicator)
class IndicatorAdmin(OwnedByAdministrationAdmin):
    # what defines the indicator's share of the score: the coordination team's alone
    coordinator_only_fields = COORDINATOR_ONLY_FIELDS
    list_display = ("name", "commitment", "kind", "baseline_value", "target_value", "weight")
    list_filter = ("kind", "commitment__plan", "is_illustrative")
    search_fields = ("name", "commitment__title", "data_source")
    list_select_related = ("commitment",)
    autocomplete_fields = ("commitment",)
    inlines = [MeasurementInline]
