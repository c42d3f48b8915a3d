"""The curators' admin: statements and the vocabularies they refer to."""

from django.contrib import admin

from .models import Actor, ActorAlias, Place, PlaceAlias, Statement, StatementType, Tag


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en", "aliases__name"]
    inlines = [ActorAliasInline]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en", "aliases__name"]
    inlines = [PlaceAliasInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(StatementType)
class StatementTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "date_issued", "type", "status"]
    list_filter = ["status", "type", "language"]
    date_hierarchy = "date_issued"
    search_fields = ["title", "external_id"]
    autocomplete_fields = ["issuer", "places", "tags", "actors"]
    readonly_fields = [
        "sha256",
        "normalized_hash",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
