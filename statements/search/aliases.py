"""Alias expansion: a query that names an actor or place also finds its other names.

    >>> expand_aliases([Clause("قسد"), Clause("الرقة")])
    [AliasExpansion(clauses=(Clause('قسد'),), label='Syrian Democratic Forces', ...),
     AliasExpansion(clauses=(Clause('الرقة'),), label='Raqqa', ...)]

Names are matched on their normalized words (``normalized_text``), longest
first, over runs of plain words of the query (not prefixes or exclusions). A
quoted name is searched as written, without its other names, but still names
its actor (``AliasExpansion.actors``: the search ranks the actor's own
statements first).
"""

from ..arabic import analyze_token, normalized_text, tokenize
from ..models import Actor, ActorAlias, Place, PlaceAlias
from .query import AliasExpansion, Clause

LONGEST_NAME_WORDS = 5
# One-word names shorter than this are too often ordinary words ("IS", "US").
SHORTEST_ONE_WORD_NAME = 3


def _plain(clause) -> bool:
    return isinstance(clause, Clause) and not (
        clause.phrase or clause.prefix or clause.negated
    )


def _quoted(clause) -> bool:
    return isinstance(clause, Clause) and clause.phrase and not clause.negated


def _key(run: list) -> str:
    """The normalized name a run of clauses may be: plain words, or one quoted name."""
    if (len(run) == 1 and _quoted(run[0])) or all(map(_plain, run)):
        return normalized_text(" ".join(c.text for c in run))
    return ""


def _is_candidate(words: list[str]) -> bool:
    """Worth looking up: not a lone stopword or short word."""
    if len(words) > 1:
        return True
    analysed = [w for token, _, _ in tokenize(words[0]) for w in analyze_token(token)]
    return len(words[0]) >= SHORTEST_ONE_WORD_NAME and not all(
        w.stopped for w in analysed
    )


def _lookup(keys: set[str]) -> dict[str, list]:
    """Entities by the normalized names among ``keys``, in two queries."""
    found: dict[str, list] = {}
    for alias_model, link, model in (
        (ActorAlias, "actor", Actor),
        (PlaceAlias, "place", Place),
    ):
        rows = alias_model.objects.filter(normalized__in=keys).values_list(
            "normalized", link
        )
        ids = {pk for _, pk in rows}
        entities = model.objects.prefetch_related("aliases").in_bulk(ids)
        for key, pk in rows:
            found.setdefault(key, []).append(entities[pk])
    return found


def _expansion(run: list[Clause], entities: list) -> AliasExpansion:
    typed = normalized_text(" ".join(c.text for c in run))
    names = {}
    if not _quoted(run[0]):
        for entity in entities:
            for name in entity.names():
                names.setdefault(normalized_text(name), name)
        names.pop(typed, None)
    label = ", ".join(dict.fromkeys(e.name_en or e.name_ar for e in entities))
    actors = tuple(e.pk for e in entities if isinstance(e, Actor))
    return AliasExpansion(tuple(run), label, tuple(names.values()), actors)


def expand_aliases(clauses: list) -> list:
    """The clauses, each run of words that names an entity replaced by an expansion."""
    keys = set()
    for i in range(len(clauses)):
        for n in range(1, LONGEST_NAME_WORDS + 1):
            run = clauses[i : i + n]
            if len(run) == n and _key(run) and _is_candidate([c.text for c in run]):
                keys.add(_key(run))
    found = _lookup(keys) if keys else {}
    out, i = [], 0
    while i < len(clauses):
        for n in range(min(LONGEST_NAME_WORDS, len(clauses) - i), 0, -1):
            key = _key(clauses[i : i + n])
            if key in found:
                run = clauses[i : i + n]
                out.append(_expansion(run, found[key]))
                i += n
                break
        else:
            out.append(clauses[i])
            i += 1
    return out
