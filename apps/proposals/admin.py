"""Admin: voting policies are configured here; proposals are read here and decided on the site.

Status changes go through the services (timeline, counters, permissions), so
the proposal admin is read-only.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError

from apps.proposals.models import Proposal, StatusChange, VotingPolicy


@admin.register(VotingPolicy)
class VotingPolicyAdmin(admin.ModelAdmin):
    list_display = ["territory", "threshold_percent", "threshold_minimum", "voting_days"]
    search_fields = ["territory__kato_code", "territory__name_kk", "territory__name_ru"]
    autocomplete_fields = ["territory"]
    list_select_related = ["territory"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # The add page takes initial values from the address (?territory=...), and the
        # autocomplete widget looks them up unchecked: "?territory=abc" was an HTTP 500.
        if "territory" in initial:
            try:
                self.model._meta.get_field("territory").formfield().to_python(initial["territory"])
            except ValidationError:
                del initial["territory"]
        return initial


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "reason_code", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "territory", "status", "votes_for", "votes_against", "vote_threshold", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["pk", "title", "territory__kato_code", "author__email"]
    list_select_related = ["territory"]
    show_full_result_count = False
    inlines = [StatusChangeInline]
    exclude = ["search_vector", "search_text", "body_html"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
