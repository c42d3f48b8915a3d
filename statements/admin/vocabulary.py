"""The vocabularies statements refer to: actors and places with their aliases,
tags and statement types, each with its history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import Actor, ActorAlias, Place, PlaceAlias, StatementType, Tag
from .search import NormalizedSearchMixin


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


class NamedEntityAdmin(NormalizedSearchMixin, SimpleHistoryAdmin):
    """Actors and places: found by any of their names, however spelled."""

    list_display = ["name_ar", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en"]
    # Every name is also an alias, stored normalized (الامن finds الأمن).
    normalized_search_fields = ("aliases__normalized",)
    autocomplete_fields = ["parent"]


@admin.register(Actor)
class ActorAdmin(NamedEntityAdmin):
    inlines = [ActorAliasInline]


@admin.register(Place)
class PlaceAdmin(NamedEntityAdmin):
    inlines = [PlaceAliasInline]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(StatementType)
class StatementTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]
