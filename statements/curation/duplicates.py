"""Near-duplicate statements: word shingles, MinHash signatures, LSH bands.

The same communiqué often reaches the archive twice, published by two outlets
with a different title, a line of byline or a few spelling changes. Two texts
are near-duplicates when the Jaccard similarity of their sets of three-word
shingles (of the normalized words, ``statements.arabic.normalized_text``) is
0.9 or more. Example::

    matches = find_near_duplicates(normalized_text(body))
    for match in matches:
        print(match.statement.pk, f"{match.similarity:.0%}")

The signatures are kept by ``store_signatures``, called for every save of a
statement's text (``text_saved``, connected in ``StatementsConfig.ready``).

Comparing a text with all 31,000 statements would be slow, so each statement
keeps a signature of 32 minimums (one-permutation MinHash: every shingle is
hashed once into one of 32 bins) cut into 8 bands of 4; the band keys are
stored in ``SignatureBand``. Statements sharing a band key with the text are
the candidates (a pair at 0.9 shares one with probability 0.9998, a pair at
0.5 with 0.4), and only candidates get the exact Jaccard check.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..arabic import normalized_text
from ..models import CHUNK, SignatureBand, Statement, saves_text

SHINGLE_WORDS = 3
BINS = 32
ROWS_PER_BAND = 4
THRESHOLD = 0.9
# What the exact check and the reports read of a candidate. Its normalized
# words are computed from its text: a lookup has 0.2 candidates on average,
# so keeping a normalized copy of every text (78 MiB on the corpus) for them
# would not pay.
CANDIDATE_FIELDS = ("pk", "title", "status", "body")
# A bin no shingle fell into, before densification fills it.
_EMPTY = 1 << 64
# Band keys are stored in a signed 64-bit column.
_KEY_BITS = 63


@dataclass(frozen=True)
class Match:
    """An archived (or about to be archived) statement like the one checked."""

    statement: Statement
    similarity: float


def shingles(normalized: str) -> frozenset[str]:
    """The three-word sequences of a normalized text (the whole text if shorter).

    >>> sorted(shingles("a b c d"))
    ['a b c', 'b c d']
    """
    words = normalized.split()
    if len(words) <= SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|; two empty sets are not alike (0.0)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _hash64(shingle: str, blake2b=hashlib.blake2b, from_bytes=int.from_bytes) -> int:
    # blake2b rather than hash(): Python salts str hashes per process, and the
    # signatures are stored. (The defaults bind the names once: this runs for
    # every shingle of every imported statement.)
    return from_bytes(blake2b(shingle.encode(), digest_size=8).digest(), "little")


def signature(shingle_set: Iterable[str]) -> list[int]:
    """One-permutation MinHash: each shingle's hash picks a bin and competes for
    its minimum. Empty bins borrow from the next full bin to their right
    (densification), so short texts still have comparable signatures."""
    bins = [_EMPTY] * BINS
    for value in map(_hash64, shingle_set):
        index, rest = value % BINS, value // BINS
        if rest < bins[index]:
            bins[index] = rest
    if all(value == _EMPTY for value in bins):
        return []
    dense = []
    for index in range(BINS):
        step = 0
        while bins[(index + step) % BINS] == _EMPTY:
            step += 1
        # The offset keeps a borrowed value distinct from the bin it came from.
        dense.append(bins[(index + step) % BINS] + step * _EMPTY)
    return dense


def band_keys(values: list[int]) -> list[int]:
    """One key per band of ``ROWS_PER_BAND`` values, the band's number mixed in."""
    keys = []
    for band in range(len(values) // ROWS_PER_BAND):
        rows = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        text = f"{band}:" + ",".join(map(str, rows))
        digest = hashlib.blake2b(text.encode("ascii"), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> (64 - _KEY_BITS))
    return keys


def text_keys(normalized: str) -> list[int]:
    """The band keys of a normalized text (none for an empty text)."""
    return band_keys(signature(shingles(normalized)))


def store_signatures(
    statements: Iterable[Statement], keys: dict[int, list[int]] | None = None
) -> None:
    """(Re)write the band keys of saved statements, replacing any older ones.

    The one place signatures are written: on every save of a statement's text
    (``text_saved``), for imports in bulk, and by ``backfill_signatures``.
    ``keys`` maps ``id(statement)`` to keys already computed for it.
    """
    statements = [s for s in statements if s.pk]
    keys = keys or {}
    for start in range(0, len(statements), CHUNK):
        chunk = statements[start : start + CHUNK]
        SignatureBand.objects.filter(statement__in=[s.pk for s in chunk]).delete()
        rows = [
            SignatureBand(statement_id=s.pk, key=key)
            for s in chunk
            for key in keys.get(id(s)) or text_keys(normalized_text(s.body))
        ]
        SignatureBand.objects.bulk_create(rows, batch_size=CHUNK)


def text_saved(sender, instance: Statement, raw=False, update_fields=None, **kwargs):
    """post_save of a statement: its signature follows its text (not for fixtures)."""
    if not raw and saves_text(update_fields):
        store_signatures([instance])


def find_near_duplicates(
    normalized: str, exclude: Iterable[int] = (), keys: list[int] | None = None
) -> list[Match]:
    """Archived statements whose text is 0.9 or more like ``normalized``, most
    alike first; ``exclude`` leaves out statements by id (the one being edited)."""
    keys = text_keys(normalized) if keys is None else keys
    if not keys:
        return []
    candidates = (
        SignatureBand.objects.filter(key__in=keys)
        .exclude(statement_id__in=list(exclude))
        .values_list("statement_id", flat=True)
        .distinct()
    )
    found = Statement.objects.filter(pk__in=list(candidates)).only(*CANDIDATE_FIELDS)
    return best_matches(normalized, archived_words(found))


def archived_words(statements: Iterable[Statement]) -> list[tuple[Statement, str]]:
    """Archived candidates with their normalized words, for ``best_matches``."""
    return [(s, normalized_text(s.body)) for s in statements]


def best_matches(
    normalized: str, candidates: Iterable[tuple[Statement, str]]
) -> list[Match]:
    """The exact check of (statement, its normalized words) candidates: those at
    or above the threshold, most alike first."""
    candidates = list(candidates)
    if not candidates:
        return []
    mine = shingles(normalized)
    matches = []
    for candidate, words in candidates:
        similarity = jaccard(mine, shingles(words))
        if similarity >= THRESHOLD:
            matches.append(Match(candidate, similarity))
    return sorted(matches, key=lambda m: (-m.similarity, m.statement.pk or 0))


class DuplicateFinder:
    """Near-duplicates for an import: in the archive, and earlier in the same
    file (statements not saved yet, created together at the end).

    The archive's bands for all the file's keys are read up front, a thousand
    keys a query, rather than one query per record.
    """

    def __init__(self, keys: Iterable[int]):
        # Per band key: (line, statement, its normalized words) not saved yet.
        self._pending: dict[int, list[tuple[int, Statement, str]]] = defaultdict(list)
        self._archived: dict[int, list[int]] = defaultdict(list)
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), CHUNK):
            rows = SignatureBand.objects.filter(
                key__in=wanted[start : start + CHUNK]
            ).values_list("key", "statement_id")
            for key, statement_id in rows:
                self._archived[key].append(statement_id)

    def archived(self, normalized: str, keys: list[int]) -> list[Match]:
        ids = {pk for key in keys for pk in self._archived.get(key, ())}
        if not ids:
            return []
        candidates = Statement.objects.filter(pk__in=ids).only(*CANDIDATE_FIELDS)
        return best_matches(normalized, archived_words(candidates))

    def earlier(self, normalized: str, keys: list[int]) -> list[tuple[int, Match]]:
        """(line, match) of the statements remembered so far that are alike."""
        pending = (item for key in keys for item in self._pending.get(key, ()))
        seen = {id(s): (line, s, words) for line, s, words in pending}
        found = best_matches(normalized, [(s, w) for _, s, w in seen.values()])
        return [(seen[id(m.statement)][0], m) for m in found]

    def remember(
        self, statement: Statement, normalized: str, line: int, keys: list[int]
    ) -> None:
        """A statement about to be created from ``line``, with its normalized
        words: later records are checked against it."""
        for key in keys:
            self._pending[key].append((line, statement, normalized))
