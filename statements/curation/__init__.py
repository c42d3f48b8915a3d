"""What curators' work rests on: near-duplicates, words, history, workflow rules.

``duplicates`` finds statements that repeat a text (MinHash signatures kept
with every save of a text), ``words`` keeps the stems of each text for the
admin's search, ``history`` records who changed what when saves come in bulk,
``workflow`` says who may give a statement which status::

    from statements.curation import find_near_duplicates, having_stems
    matches = find_near_duplicates(normalized_text(body))
    found = having_stems(Statement.objects.all(), search_stems("الامن"))
"""

from .duplicates import find_near_duplicates, store_signatures
from .history import record_history, save_with_history
from .words import having_stems, search_stems, store_words
from .workflow import allowed_statuses, may_edit, status_choices

__all__ = [
    "allowed_statuses",
    "find_near_duplicates",
    "having_stems",
    "may_edit",
    "record_history",
    "save_with_history",
    "search_stems",
    "status_choices",
    "store_signatures",
    "store_words",
]
