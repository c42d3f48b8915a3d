"""What curators' work rests on: near-duplicates, history and the workflow rules.

``duplicates`` finds statements that repeat a text (MinHash signatures kept
with every save of a text), ``history`` records who changed what when saves
come in bulk, ``workflow`` says who may give a statement which status::

    from statements.curation import find_near_duplicates
    matches = find_near_duplicates(normalized_text(body))
"""

from .duplicates import find_near_duplicates, store_signatures
from .history import record_history, save_with_history
from .workflow import allowed_statuses, may_edit, status_choices

__all__ = [
    "allowed_statuses",
    "find_near_duplicates",
    "may_edit",
    "record_history",
    "save_with_history",
    "status_choices",
    "store_signatures",
]
