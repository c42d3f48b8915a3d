"""What the search index holds for each published statement.

The index is a cache of the database: ``manage.py rebuild_index`` recreates it
from ``Statement.objects.for_index()`` at any time. What a search reads back
goes through ``statements.search.engine``::

    reader = current_reader()
    reader.statement_ids(sorted(reader.scores(term("issuer", "12"))))

Ids, not names, go into the keyword fields (issuer, actors, places, tags):
names may contain the comma that separates keywords, ids never do.
"""

from haystack import indexes

from .models import Statement
from .search.fields import ArabicTextField, DigestField, KeywordField, document_digest


class StatementIndex(indexes.SearchIndex, indexes.Indexable):
    text = ArabicTextField(document=True, positions=True)
    # Words as written (normalized, unstemmed): ranks statements with the words
    # as typed first, and checks the words of a quoted phrase. Without
    # positions: they made the import 1.6 times slower (phrases use ``text``'s).
    exact = ArabicTextField(analysis="exact")
    title = ArabicTextField(model_attr="title", boost=3.0)
    names = ArabicTextField()
    issuer = KeywordField()
    actors = KeywordField()
    places = KeywordField()
    tags = KeywordField()
    type = KeywordField()
    language = KeywordField()
    year = KeywordField()
    # YYYY-MM for statements dated to the month or day: the timeline of results.
    month = KeywordField()
    # The date as a number, YYYYMMDD, for ranges and sorting; ``undated`` sorts
    # statements of unknown date after the dated ones in either direction.
    date = indexes.IntegerField(null=True)
    undated = indexes.IntegerField()
    # ``check_index`` compares it with the digest the database gives now: a
    # document whose digest differs is stale.
    digest = DigestField()

    def get_model(self):
        return Statement

    def index_queryset(self, using=None):
        return Statement.objects.for_index()

    def prepare(self, obj: Statement) -> dict:
        prepared = super().prepare(obj)
        prepared["digest"] = document_digest(prepared)
        return prepared

    def prepare_text(self, obj: Statement) -> str:
        return f"{obj.title}\n{obj.body}"

    def prepare_exact(self, obj: Statement) -> str:
        return f"{obj.title}\n{obj.body}"

    def prepare_names(self, obj: Statement) -> str:
        """Every name of the issuer, the actors and the places, so aliases match."""
        entities = [obj.issuer] if obj.issuer else []
        entities += list(obj.actors.all()) + list(obj.places.all())
        return "\n".join(name for entity in entities for name in entity.names())

    def prepare_issuer(self, obj: Statement) -> list[str]:
        return [str(obj.issuer_id)] if obj.issuer_id else []

    def prepare_actors(self, obj: Statement) -> list[str]:
        return [str(a.pk) for a in obj.actors.all()]

    def prepare_places(self, obj: Statement) -> list[str]:
        return [str(p.pk) for p in obj.places.all()]

    def prepare_tags(self, obj: Statement) -> list[str]:
        return [str(t.pk) for t in obj.tags.all()]

    def prepare_type(self, obj: Statement) -> list[str]:
        return [obj.type.code]

    def prepare_language(self, obj: Statement) -> list[str]:
        return [obj.language]

    def prepare_year(self, obj: Statement) -> list[str]:
        return [str(obj.year)] if obj.year else []

    def prepare_month(self, obj: Statement) -> list[str]:
        return [obj.month] if obj.month else []

    def prepare_date(self, obj: Statement) -> int | None:
        if obj.year is None:
            return None
        return int(obj.date_issued.strftime("%Y%m%d"))

    def prepare_undated(self, obj: Statement) -> int:
        return int(obj.year is None)
