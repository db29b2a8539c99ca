from django.contrib import admin

from commitments.admin import OwnedByAdministrationAdmin, commitment_inline

from .models import Indicator, Measurement


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


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = ("date", "value", "source", "evidence_url", "comment", "is_illustrative")


@admin.register(Indicator)
class IndicatorAdmin(OwnedByAdministrationAdmin):
    coordinator_only_fields = ("commitment", "reference", "baseline_value", "baseline_date")
    list_display = ("name", "commitment", "kind", "baseline_value", "target_value", "weight")
    list_filter = ("kind", "commitment__plan", "is_illustrative")
    search_fields = ("name", "commitment__title", "data_source")
    list_select_related = ("commitment",)
    autocomplete_fields = ("commitment",)
    inlines = [MeasurementInline]
