"""The admin's own search with the archive's Arabic normalization.

Searching الامن finds الأمن: each word of the search is normalized like the
stored ``normalized`` columns and must appear in one of them, or the search as
typed matches one of the ordinary ``search_fields`` (an external id, say).
"""

from django.db.models import Q

from ..arabic import normalized_text


class NormalizedSearchMixin:
    """Adds ``normalized_search_fields`` to a ModelAdmin's search.

    The fields hold text normalized by ``statements.arabic.normalized_text``.
    """

    normalized_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        words = normalized_text(search_term).split()
        if not words or not self.normalized_search_fields:
            return found, may_have_duplicates
        condition = Q()
        for word in words:
            condition &= self._any_field_contains(word)
        normalized = queryset.filter(condition)
        spans_relations = any("__" in f for f in self.normalized_search_fields)
        return found | normalized, may_have_duplicates or spans_relations

    def _any_field_contains(self, word: str) -> Q:
        either = Q()
        for field in self.normalized_search_fields:
            either |= Q(**{f"{field}__contains": word})
        return either
