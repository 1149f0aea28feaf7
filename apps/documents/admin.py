"""Read-mostly admin: texts change only through the loader (``load_document``)."""

from django.contrib import admin

from apps.documents.models import Annotation, Document, DocumentVersion, Provision, Section


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = [
        "number",
        "loaded_at",
        "source_name",
        "provisions_added",
        "provisions_changed",
        "provisions_removed",
        "provisions_unchanged",
    ]
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "kind", "number", "adopted_on", "is_published", "current_version"]
    list_filter = ["language", "kind", "is_published"]
    search_fields = ["slug", "title", "number"]
    readonly_fields = ["slug", "language", "current_version", "created_at", "updated_at"]
    raw_id_fields = ["territory"]
    fields = [
        "slug",
        "language",
        "kind",
        "title",
        "number",
        "adopted_on",
        "issuer",
        "amendment_note",
        "signatories",
        "source",
        "is_published",
        "current_version",
        "created_at",
        "updated_at",
    ]
    inlines = [VersionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["key", "document", "kind", "number", "heading", "retired_in"]
    list_filter = ["kind", "document"]
    search_fields = ["key", "heading"]
    list_select_related = ["document", "retired_in"]
    raw_id_fields = ["document", "parent", "introduced_in", "retired_in"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Provision)
class ProvisionAdmin(SectionAdmin):
    list_display = ["key", "document", "kind", "number", "introduced_in", "retired_in"]
    search_fields = ["key", "text"]
    list_select_related = ["document", "introduced_in", "retired_in"]
    raw_id_fields = ["document", "section", "introduced_in", "retired_in"]


@admin.register(Annotation)
class AnnotationAdmin(SectionAdmin):
    list_display = ["kind", "document", "text"]
    search_fields = ["text"]
    list_select_related = ["document"]
    raw_id_fields = ["document", "section", "provision"]
