"""Published statements listed from the index: an actor's, a place's, a tag's, a
year's or a month's, by date, and the counts the home and issuer pages show.

The index holds every published statement with its issuer, named actors,
places, tags, year and month as keyword values. Each value's documents, the
date order and the counts are read once per index version (``engine.Reader``),
so a page costs what it shows, not what the archive holds: counting the
largest place's statements in the database took a minute at 315,000.

    statements = listed("issuer", [12, 15])        # a Sequence: len() and slices
    page = Paginator(statements, 20).get_page(3)   # Django's paginator reads both
    statements.months()                            # [("2020-03", 4), …]
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ..models import Statement
from .engine import Reader, current_reader
from .facets import month_counts


class Listed(Sequence):
    """Statements of the index by date (``docs``: all of them when None)."""

    def __init__(self, reader: Reader, docs: Collection[int] | None, newest: bool):
        self.reader, self.docs, self.newest = reader, docs, newest

    def __len__(self) -> int:
        return self.reader.doc_count() if self.docs is None else len(self.docs)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        docs = self.reader.by_date(self.docs, self.newest, start, stop)
        return Statement.objects.in_order(self.reader.statement_ids(docs))

    def months(self) -> list[tuple[str, int]]:
        """(YYYY-MM, count) of the statements dated to a month or a day."""
        docs = self.reader.all_documents() if self.docs is None else self.docs
        return month_counts(self.reader, docs)

    def without(self, other: "Listed") -> "Listed":
        """These statements less those of ``other``."""
        mine = self.reader.all_documents() if self.docs is None else self.docs
        theirs = frozenset() if other.docs is None else other.docs
        return Listed(self.reader, frozenset(mine) - theirs, self.newest)


def listed(field: str, values: Iterable, newest: bool = True) -> Listed:
    """The statements with any of ``values`` in the keyword field ``field``
    (issuer, actors, places, tags: ids; year: YYYY; month: YYYY-MM)."""
    reader = current_reader()
    postings = reader.keyword_postings(field)
    found = [postings[key] for key in map(str, values) if key in postings]
    docs = found[0] if len(found) == 1 else frozenset().union(*found)
    return Listed(reader, docs, newest)


def value_counts(field: str) -> dict[str, int]:
    """Each value of a keyword field with its number of published statements.

    (A value whose statements were all removed keeps its term in the index
    until segments merge, with no documents: it is left out.)
    """
    postings = current_reader().keyword_postings(field)
    return {value: len(docs) for value, docs in postings.items() if docs}


@dataclass(frozen=True)
class Summary:
    """The archive in numbers, as the home page shows it."""

    count: int
    issuers: int
    places: int
    first_year: int | None
    months: list[tuple[str, int]]


def summary() -> Summary:
    return Summary(
        count=current_reader().doc_count(),
        issuers=len(value_counts("issuer")),
        places=len(value_counts("places")),
        first_year=min(years(), default=None),
        months=Listed(current_reader(), None, True).months(),
    )


def years() -> list[int]:
    """The years that have published statements, oldest first."""
    return sorted(int(year) for year in value_counts("year"))
