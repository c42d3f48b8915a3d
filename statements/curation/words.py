"""The words of each statement for the admin's search: its distinct stems, indexed.

Every save of a statement's text writes the distinct stems of its title and
text to ``StatementWords`` (``words_saved``, connected in
``StatementsConfig.ready``); imports write them in bulk (``store_words``).
They are the site search's stems (``statements.arabic.word_stems``), so
الامن, والأمن and للأمن all stand for امن. The database indexes them
(migration 0006), and ``having_stems`` finds the statements holding every
stem of a search::

    having_stems(Statement.objects.all(), search_stems("والأمن في الرقة"))

SQLite answers from its FTS5 table, PostgreSQL from its GIN index, another
database by reading the words.
"""

from collections.abc import Iterable

from django.db import connections
from django.db.models import Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from ..arabic import word_stems
from ..models import CHUNK, Statement, StatementWords, saves_text

# Migration 0006's FTS5 table over StatementWords (SQLite only).
FTS_TABLE = "statements_statementwords_fts"


def joined_stems(stems: Iterable[str]) -> str:
    """What ``StatementWords.stems`` holds: the distinct stems, sorted, spaced."""
    return " ".join(sorted(set(stems)))


def statement_stems(title: str, body: str) -> str:
    """The stems of a statement with this title and text.

    >>> statement_stems("عن الأمن", "قوات الأمن وللأمن")
    'امن قوه'
    """
    return joined_stems([*word_stems(title), *word_stems(body)])


def search_stems(search: str) -> list[str]:
    """The distinct stems of a search's words; none for stopwords and punctuation."""
    return list(dict.fromkeys(word_stems(search)))


def store_words(
    statements: Iterable[Statement], stems: dict[int, str] | None = None
) -> None:
    """(Re)write the words of saved statements; ``stems`` maps ``id(statement)``
    to what ``statement_stems`` gave for it already (an import's records)."""
    stems = stems or {}
    rows = [
        StatementWords(statement_id=s.pk, stems=_stems(s, stems))
        for s in statements
        if s.pk
    ]
    StatementWords.objects.bulk_create(
        rows,
        batch_size=CHUNK,
        update_conflicts=True,
        unique_fields=["statement"],
        update_fields=["stems"],
    )


def _stems(statement: Statement, known: dict[int, str]) -> str:
    if id(statement) in known:
        return known[id(statement)]
    return statement_stems(statement.title, statement.body)


def words_saved(sender, instance: Statement, raw=False, update_fields=None, **kwargs):
    """post_save of a statement: its words follow its text (not for fixtures)."""
    if not raw and saves_text(update_fields):
        store_words([instance])


def having_stems(queryset, stems: list[str]):
    """The statements of ``queryset`` whose words hold every one of ``stems``
    (all of them for no stems)."""
    if not stems:
        return queryset
    by_index = BY_VENDOR.get(connections[queryset.db].vendor, by_scan)
    return by_index(queryset, stems)


def by_fts5(queryset, stems: list[str]):
    """``having_stems`` from migration 0006's FTS5 table (SQLite)."""
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return queryset.filter(pk__in=RawSQL(sql, [fts5_query(stems)]))


def by_tsvector(queryset, stems: list[str]):
    """``having_stems`` from migration 0006's GIN index (PostgreSQL): the same
    expression as the index's, and the same parser for the stems searched."""
    sql = (
        "SELECT statement_id FROM statements_statementwords "
        "WHERE to_tsvector('simple', stems) @@ plainto_tsquery('simple', %s)"
    )
    return queryset.filter(pk__in=RawSQL(sql, [" ".join(stems)]))


def by_scan(queryset, stems: list[str]):
    """``having_stems`` by reading every statement's words (other databases)."""
    # Spaces around the column and each stem: a whole stem, not part of one.
    spaced = Concat(Value(" "), "words__stems", Value(" "), output_field=TextField())
    return queryset.alias(spaced=spaced).filter(
        *(Q(spaced__contains=f" {stem} ") for stem in stems)
    )


BY_VENDOR = {"sqlite": by_fts5, "postgresql": by_tsvector}


def fts5_query(stems: list[str]) -> str:
    """An FTS5 query for every one of ``stems``, each quoted: a stem is then a
    string to find, never an operator (OR, NEAR) or a syntax error (", *).

    >>> fts5_query(["امن", 'a"b'])
    '"امن" AND "a""b"'
    """
    return " AND ".join('"' + stem.replace('"', '""') + '"' for stem in stems)
