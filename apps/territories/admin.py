from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect

from apps.core.feedback import error_messages
from apps.territories.models import Residency, StaffRole, Territory
from apps.territories.services import staff_role_end, staff_role_grant, territory_set_population


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
    raw_id_fields = ["user", "territory"]

    def get_fields(self, request, obj=None):
        return (
            ["user", "territory", "role", "valid_from", "valid_to"]
            if obj is None
            else ["user", "territory", "role", "valid_from", "granted_by", "valid_to"]
        )

    def get_readonly_fields(self, request, obj=None):
        # An existing role is only ever shortened (ended): the record of who could act when must stay.
        return [] if obj is None else ["user", "territory", "role", "valid_from", "granted_by"]

    def save_model(self, request, obj, form, change):
        """Through the services, as on the staff console: scope, periods and the enrolment link apply."""
        try:
            if change:
                staff_role_end(actor=request.user, staff_role=StaffRole.objects.get(pk=obj.pk), on=obj.valid_to)
            else:
                saved = staff_role_grant(
                    actor=request.user,
                    user=obj.user,
                    territory=obj.territory,
                    role=obj.role,
                    valid_from=obj.valid_from,
                    valid_to=obj.valid_to,
                )
                obj.pk = saved.pk
        except (ValidationError, PermissionDenied) as error:
            # The admin's save_model cannot return form errors: say why and keep nothing half-written.
            raise AdminRefusal(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AdminRefusal as refusal:
            error_messages(request, refusal.error)
            return HttpResponseRedirect(request.get_full_path())


class AdminRefusal(Exception):
    def __init__(self, error):
        super().__init__(str(error))
        self.error = error
