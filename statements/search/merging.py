"""How the index's segments are merged: small ones together, never into a large one.

Every commit writes new segments, and merging keeps their number down.
Whoosh's own policy (``MERGE_SMALL``, a Fibonacci rule) now and then rewrites
most of the index, in pure Python: importing the nine synthetic files of the
315,000-statement archive, every third file took three times as long (80
instead of 260 records a second). ``merge_tiers`` merges only segments under
half of ``MERGED_MAX_DOCUMENTS``, and only into one of at most that many
documents, so a statement is rewritten two or three times at most and an
import costs the same per statement whatever the archive's size. The index
then holds about N / ``MERGED_MAX_DOCUMENTS`` large segments (5 to 10 at
315,000), which a search reads one after the other. A segment with a third
of its documents deleted is rewritten too, to drop them.

    writer.commit(mergetype=merge_tiers)
"""

from whoosh.reading import SegmentReader

MERGED_MAX_DOCUMENTS = 64_000
# Merge once this many segments are small enough to.
MERGE_AT = 4


def merge_tiers(writer, segments: list) -> list:
    """Whoosh's ``mergetype`` contract: merge some ``segments`` into the
    writer's new one and return the segments kept as they are."""
    chosen = _to_merge(segments)
    if len(chosen) < MERGE_AT:
        return segments
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in chosen]


def _to_merge(segments: list) -> list:
    """The smallest mergeable segments, as many as fit in one merged segment."""
    mergeable = sorted(
        (s for s in segments if _mergeable(s)), key=lambda s: s.doc_count()
    )
    chosen, total = [], 0
    for segment in mergeable:
        if total + segment.doc_count() > MERGED_MAX_DOCUMENTS:
            break
        chosen.append(segment)
        total += segment.doc_count()
    return chosen


def _mergeable(segment) -> bool:
    small = segment.doc_count() < MERGED_MAX_DOCUMENTS // 2
    return small or segment.deleted_count() * 3 > segment.doc_count_all()
