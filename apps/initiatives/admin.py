from django.contrib import admin

from apps.initiatives.models import CheckPolicy


@admin.register(CheckPolicy)
class CheckPolicyAdmin(admin.ModelAdmin):
    """How many residents' disputes send a completion back, per territory (like the voting policy)."""

    list_display = ("territory", "disputes_minimum")
    search_fields = ("territory__name_kk", "territory__name_ru", "territory__name_en", "territory__kato_code")
    raw_id_fields = ("territory",)
