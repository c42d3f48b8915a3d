"""Reading a segment's posting lists and field lengths in bulk.

    >>> for docnums, weights in blocks(reader, "text", "سجن".encode()): ...
    >>> for docnums, weights, values in blocks_with_values(...): ...   # positions
    >>> docnums, weights = posting_arrays(reader, "text", "سجن".encode())  # numpy
    >>> field_lengths(reader, "text")                                  # [int]

Whoosh hands out one posting, or one document's field length, per method
call; ``scoring.py`` wants whole posting lists (as numpy arrays, read 128
postings at a time) and every document's length. This reads Whoosh 3's
``W3LeafMatcher`` blocks and length columns through their private attributes
(``_postfile``, ``_data``, ``_perdoc``…), which is why whoosh-reloaded is
pinned to 2.7.5 exactly; ``compatibility.py`` checks at start-up that they
still read what Whoosh reads, and ``tests/test_scoring.py`` compares them at
length. Anything else is read one posting or one document at a time.
"""

import pickle
import zlib
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator
from itertools import accumulate, repeat

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

# Blocks are skipped (not decoded) when the posting list is this many times
# longer than the set of documents still wanted.
SKIP_RATIO = 4
# Whoosh pickles a block as (ids, weights, values) with protocol 2, which
# writes each bytes value (a document's positions) as a call of
# _codecs.encode: for a field with positions, 94% of the unpickling time.
# A tuple of four or more such values starts with these bytes.
_BYTES_TUPLE_START = b"(c_codecs\nencode\n"
_TUPLE2_STOP = b"\x86."
# The most a block's pickle takes before its values: a header, and per
# posting a docnum gap (5 bytes at most) and a weight (9), with the start of
# the values after them.
_PICKLE_START = 16 + len(_BYTES_TUPLE_START)
_PICKLED_POSTING = 14

Block = tuple[list[int], list[float]]


def blocks(
    reader, fieldname: str, btext: bytes, offset: int = 0, within=None
) -> Iterator[Block]:
    """(segment docnums, weights) of each block, without deleted documents.

    ``within`` (top-level docnums; the segment starts at ``offset``) says which
    documents are wanted: blocks without any of them may be skipped unread.
    """
    read = _read(reader, fieldname, btext, offset, within, _ids_and_weights)
    return ((ids, weights) for ids, weights, *_values in read)


def blocks_with_values(
    reader, fieldname: str, btext: bytes, offset: int = 0, within=None
) -> Iterator[tuple[list[int], list[float], list[bytes]]]:
    """As ``blocks``, with each posting's encoded value (its positions)."""
    return _read(reader, fieldname, btext, offset, within, _ids_weights_values)


def _read(
    reader, fieldname: str, btext: bytes, offset: int, within, decode: Callable
) -> Iterator[tuple]:
    matcher = reader.postings(fieldname, btext)
    deleted = frozenset()
    if isinstance(matcher, FilterMatcher):
        matcher, deleted = matcher.child, reader.deleted_docs_set
    if not isinstance(matcher, W3LeafMatcher):
        yield _posting_by_posting(matcher, deleted)
        return
    wanted = _wanted(reader, fieldname, btext, offset, within)
    first = 0
    while matcher.is_active():
        last = matcher._maxid
        if wanted is None or _any_between(wanted, first, last):
            block = decode(matcher)
            if deleted:
                kept = [i for i, doc in enumerate(block[0]) if doc not in deleted]
                block = tuple([column[i] for i in kept] for column in block)
            yield block
        first = last + 1
        matcher._next_block()


def posting_arrays(
    reader, fieldname: str, btext: bytes, offset: int = 0, within=None
) -> tuple[np.ndarray, np.ndarray]:
    """(segment docnums, weights) of the whole posting list as arrays (int64,
    float64), without deleted documents; ``within`` as for ``blocks``.

    The blocks' gaps and weights are gathered into two lists and turned into
    arrays once: a numpy call per block would cost more than the block.
    """
    matcher = reader.postings(fieldname, btext)
    deleted = None
    if isinstance(matcher, FilterMatcher):
        matcher, deleted = matcher.child, reader.deleted_docs_set
    if not isinstance(matcher, W3LeafMatcher):
        read = list(blocks(reader, fieldname, btext, offset, within))
        ids = [doc for block_ids, _weights in read for doc in block_ids]
        weights = [weight for _ids, block_weights in read for weight in block_weights]
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    wanted = _wanted(reader, fieldname, btext, offset, within)
    gaps, weights, lengths, first = [], [], [], 0
    while matcher.is_active():
        last = matcher._maxid
        if wanted is None or _any_between(wanted, first, last):
            block_gaps, block_weights = _raw_block(matcher)
            gaps.extend(block_gaps)
            lengths.append(len(block_gaps))
            if block_weights is None or isinstance(block_weights, float):
                same = 1.0 if block_weights is None else block_weights
                weights.extend([same] * len(block_gaps))
            else:
                weights.extend(block_weights)
        first = last + 1
        matcher._next_block()
    ids, weights = _docnums(gaps, lengths), np.array(weights, dtype=np.float64)
    if deleted:
        gone = np.fromiter(deleted, dtype=np.int64, count=len(deleted))
        kept = ~np.isin(ids, gone)
        ids, weights = ids[kept], weights[kept]
    return ids, weights


def _docnums(gaps: list[int], lengths: list[int]) -> np.ndarray:
    """Docnums from the gaps of consecutive blocks, each block's first gap
    counted from 0: one running sum, less what the blocks before added."""
    ids = np.cumsum(np.array(gaps, dtype=np.int64))
    ends = np.cumsum(lengths)
    before = np.concatenate(([0], ids[ends[:-1] - 1])) if lengths else ids[:0]
    return ids - np.repeat(before, lengths)


def _wanted(
    reader, fieldname: str, btext: bytes, offset: int, within: Collection[int] | None
) -> list[int] | None:
    """The sorted segment docnums of ``within`` when few enough of them are
    wanted from a long posting list that skipping blocks pays; else None."""
    if within is None:
        return None
    if len(within) * SKIP_RATIO >= reader.doc_frequency(fieldname, btext):
        return None
    end = offset + reader.doc_count_all()
    if isinstance(within, np.ndarray):  # sorted (scoring.py's)
        low, high = np.searchsorted(within, (offset, end))
        return (within[low:high] - offset).tolist()
    return sorted(doc - offset for doc in within if offset <= doc < end)


def _any_between(sorted_ids: list[int], low: int, high: int) -> bool:
    i = bisect_left(sorted_ids, low)
    return i < len(sorted_ids) and sorted_ids[i] <= high


def _ids_and_weights(matcher: W3LeafMatcher) -> Block:
    """The current block's docnums and weights, leaving its values unpickled.

    The pickle is cut where the values tuple starts and closed as a pair;
    when it does not start as expected, the whole block is unpickled.
    """
    return _columns(*_raw_block(matcher))


def _raw_block(matcher: W3LeafMatcher) -> tuple:
    """The current block's gaps and weights as stored (weights: None for all
    1.0, one float for all the same, or a tuple).

    Only the start of a block with positions is decompressed: its docnums and
    weights come first, at most ``_PICKLED_POSTING`` bytes a posting, and the
    positions after them are three quarters of the block (and of the time).
    """
    raw = matcher._postfile.get(
        matcher._dataoffset, matcher._nextoffset - matcher._dataoffset
    )
    if matcher._compression:
        inflate = zlib.decompressobj()
        limit = _PICKLE_START + matcher._blocklength * _PICKLED_POSTING
        raw = inflate.decompress(raw, limit)
        if raw.find(_BYTES_TUPLE_START) <= 0:  # no positions (or further on)
            raw += inflate.decompress(inflate.unconsumed_tail) + inflate.flush()
    cut = raw.find(_BYTES_TUPLE_START)
    data = pickle.loads(raw[:cut] + _TUPLE2_STOP if cut > 0 else raw)
    return data[0], data[1]


def _ids_weights_values(matcher: W3LeafMatcher) -> tuple[list[int], list, list]:
    matcher._read_data()
    matcher._read_values()
    ids, weights = _columns(matcher._data[0], matcher._data[1])
    return ids, weights, list(matcher._values)


def _columns(deltas, weights) -> Block:
    """Docnums from the stored gaps; weights of 1.0 or all equal are stored once."""
    ids = list(accumulate(deltas))
    if weights is None:
        weights = repeat(1.0, len(ids))
    elif isinstance(weights, float):
        weights = repeat(weights, len(ids))
    return ids, list(weights)


def _posting_by_posting(matcher, deleted) -> tuple[list[int], list[float], list]:
    ids, weights, values = [], [], []
    while matcher.is_active():
        if matcher.id() not in deleted:
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value())
        matcher.next()
    return ids, weights, values


def field_lengths(reader, fieldname: str) -> list[int]:
    """Each document's length of ``fieldname`` in the segment (0 for none) as
    ``doc_field_length`` decodes it: one byte a document, read in one go."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = (
        perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if hasattr(perdoc, "_cached_reader")
        else None
    )
    if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
        stored = column._dbfile.get(column._basepos, min(column._count, count))
        return [byte_to_length(code) for code in stored] + [0] * (count - len(stored))
    return [reader.doc_field_length(doc, fieldname, 0) or 0 for doc in range(count)]
