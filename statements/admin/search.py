"""The admin's own searches with the archive's Arabic analysis.

Statements are found by their words (``statements.curation.words``): each
word of the search stands for its stem, so الامن, والأمن and للأمن all find
الأمن, and a statement must hold every stem; or the search is exactly its
external id. Both are index lookups: Django's own search (``LIKE '%…%'`` on
the title and the id) read every statement, three times a page with the
count and the year choices (1.4 s at 31,523 statements). Actors and places
are found by their normalized aliases.
"""

from django.db.models import Q

from ..arabic import normalized_text
from ..curation.words import having_stems, search_stems


class WordsSearchMixin:
    """A statement ModelAdmin's search: the external id exactly, else the words.

    (``search_fields`` must name a field for Django to show the search box;
    they are not searched with ``LIKE``.)
    """

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        by_id = queryset.filter(external_id=term)
        if by_id.exists():
            return by_id, False  # an external id names one statement
        stems = search_stems(term)
        if not stems:  # only stopwords or punctuation
            return by_id, False
        # Alone, not ORed with the id: an OR made SQLite read every row.
        return having_stems(queryset, stems), False


class NormalizedSearchMixin:
    """Adds ``normalized_search_fields`` to a ModelAdmin's search.

    The fields hold text normalized by ``statements.arabic.normalized_text``;
    each word of the search must appear in one of them.
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
