"""The query language: user input to clauses and filters, for any input at all.

Also the values a query is made of on its way through the search: clauses,
alias expansions (``aliases.py``) and the terms to mark (``QueryTerms``).

Words are ANDed; ``"quoted phrases"`` (also «…» and “…”), ``-exclusion``,
``a OR b``, ``prefix*``, and the filters ``issuer:`` ``type:`` ``tag:``
``place:`` ``lang:`` and ``date:2019``, ``date:2019-03..2020``. Nothing here
raises: unbalanced quotes or brackets, lone operators, control characters and
over-long input become a cleaned query and, where something was cut, a notice::

    >>> parse_query('قسد "التحالف الدولي" -تركيا issuer:SDF').filters
    {'issuer': ['SDF']}
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 500
# The filters, as ``name:value`` in a query and as parameters of a request.
FILTERS = ("issuer", "type", "tag", "place", "lang")
# Quote marks that open and close a phrase: ASCII, Arabic guillemets, typographic.
_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“", "»": "«"}
_TOKEN = re.compile(
    r"(?P<neg>-)?(?:(?P<field>[a-z]+):)?"
    r'(?:(?P<open>["«“„»])(?P<phrase>[^"»”“«]*)(?P<close>["»”“«])?|(?P<word>[^\s"«»“”„]+))'
)


@dataclass(frozen=True)
class Clause:
    """Words that must (or, negated, must not) occur: one word, a phrase or a prefix."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False


@dataclass(frozen=True)
class AnyOf:
    """``a OR b OR c``: at least one of the clauses."""

    clauses: tuple[Clause, ...]
    negated: bool = False


@dataclass(frozen=True)
class AliasExpansion:
    """Words of the query that name an entity, and the entity's other names
    (none for a quoted name: it is searched as written)."""

    clauses: tuple[Clause, ...]
    label: str
    names: tuple[str, ...]
    # The actors named (not places): their own statements rank first.
    actors: tuple[int, ...] = ()


@dataclass(frozen=True)
class QueryTerms:
    """What a query matches, for marking it in a text: stems, stem prefixes,
    exact phrases (normalized words)."""

    stems: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    # Names matched as sequences of stems (another spelling of a searched name).
    stem_phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stems or self.prefixes or self.phrases or self.stem_phrases)


@dataclass
class ParsedQuery:
    clauses: list[Clause | AnyOf] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause | AnyOf]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause | AnyOf]:
        return [c for c in self.clauses if c.negated]


def clean_input(text: str) -> tuple[str, list[str]]:
    """Control characters out, brackets to spaces, cut to the maximum length."""
    notices = []
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Cs"} else c for c in text)
    text = re.sub(r"[()\[\]{}]", " ", text)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notices.append(
            _("The query was cut to its first %(n)d characters.")
            % {"n": MAX_QUERY_LENGTH}
        )
    return text.strip(), notices


def parse_date_bound(text: str, end: bool) -> datetime.date:
    """``2019`` → 2019-01-01 (or 2019-12-31 as an end); ``2019-03`` likewise."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) if g else None for g in match.groups())
    if day:
        return datetime.date(year, month, day)
    if month:
        if not end:
            return datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)


def parse_date_filter(value: str) -> tuple[datetime.date | None, datetime.date | None]:
    """``2019``, ``2019-03..2020``, ``..2020`` or ``2019..`` to a (from, to) pair."""
    start, sep, stop = value.partition("..")
    if not sep:
        stop = start
    return (
        parse_date_bound(start, end=False) if start else None,
        parse_date_bound(stop, end=True) if stop else None,
    )


def _apply_filter(query: ParsedQuery, name: str, value: str) -> bool:
    """Record a ``name:value`` filter; False when ``name`` is not a filter."""
    if name == "date":
        try:
            query.date_from, query.date_to = parse_date_filter(value)
        except ValueError:
            query.notices.append(
                _(
                    "Ignored date:%(value)s; "
                    "write date:2019, date:2019-03 or date:2019..2020."
                )
                % {"value": value}
            )
        return True
    if name in FILTERS:
        if value:
            query.filters.setdefault(name, []).append(value)
        return True
    return False


def _clause(match: re.Match) -> Clause | None:
    negated = bool(match["neg"])
    if match["open"] is not None:
        text = match["phrase"].strip()
        return Clause(text, phrase=True, negated=negated) if text else None
    word = match["word"].strip("-*'")
    if not word or not any(c.isalnum() for c in word):
        return None
    prefix = match["word"].endswith("*") and len(word) >= 2
    return Clause(word, prefix=prefix, negated=negated)


def parse_query(text: str) -> ParsedQuery:
    """Parse user input; never raises. See the module docstring for the language."""
    cleaned, notices = clean_input(text)
    query = ParsedQuery(notices=notices)
    pending_or = False
    for match in _TOKEN.finditer(cleaned):
        name = match["field"]
        if name and _apply_filter(
            query, name, (match["phrase"] or match["word"] or "").strip()
        ):
            continue
        if match["word"] in {"OR", "|"}:
            pending_or = bool(query.clauses)
            continue
        if match["word"] in {"AND", "&&"}:
            continue
        clause = _clause(match) if not name else Clause(f"{name}:{match['word'] or ''}")
        if clause is None:
            continue
        if pending_or and not clause.negated and not query.clauses[-1].negated:
            previous = query.clauses.pop()
            options = previous.clauses if isinstance(previous, AnyOf) else (previous,)
            query.clauses.append(AnyOf((*options, clause)))
        else:
            query.clauses.append(clause)
        pending_or = False
    return query
