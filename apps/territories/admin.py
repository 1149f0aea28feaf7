from django.contrib import admin

from apps.territories.models import Residency, StaffRole, Territory
from apps.territories.services import territory_set_population


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    """Reference data comes from the classifier import; only population figures are edited here."""

    list_display = ["kato_code", "name_ru", "name_kk", "kind", "depth", "population"]
    list_filter = ["kind", "depth"]
    search_fields = ["kato_code", "name_kk", "name_ru", "name_en"]
    readonly_fields = [
        "kato_code",
        "parent",
        "path",
        "depth",
        "kind",
        "name_kk",
        "name_ru",
        "name_en",
        "valid_from",
        "valid_to",
    ]
    fields = [*readonly_fields, "population", "population_year", "population_source"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        territory_set_population(
            actor=request.user,
            territory=obj,
            population=form.cleaned_data["population"],
            year=form.cleaned_data["population_year"],
            source=form.cleaned_data["population_source"],
        )


@admin.register(Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = ["user", "territory", "status", "iin_last4", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__display_name", "territory__kato_code"]
    list_select_related = ["user", "territory", "decided_by"]
    readonly_fields = ["user", "territory", "status", "iin_last4", "reason", "decided_by", "decided_at"]
    exclude = ["iin_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """Staff roles in the admin are for superusers; administrators use the staff console."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # end a role instead: the record of who could act when must stay


@admin.register(StaffRole)
class StaffRoleAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "role", "territory", "valid_from", "valid_to", "granted_by"]
    list_filter = ["role"]
    search_fields = ["user__email", "territory__kato_code", "territory__name_ru", "territory__name_kk"]
    list_select_related = ["user", "territory", "granted_by"]
    raw_id_fields = ["user", "territory", "granted_by"]

    def save_model(self, request, obj, form, change):
        if not change and obj.granted_by_id is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
