"""Dumps of the public statements that re-import exactly, and the ones /data/ serves.

    from statements.dumps import export_statements, parse_selection, selected
    export_statements(Path("out.jsonl"), "jsonl", selected(parse_selection(options)))

    from statements.dumps import current_dump, export_dumps
    export_dumps()                 # DATA_DIR/dumps/current: JSON Lines, CSV, …

    from statements.dumps import refresh_dumps, newer_changes
    refresh_dumps()                # written again if the change log moved on
    newer_changes(current_dump())  # public changes since: what /data/ says

``selection`` (which statements, read a chunk at a time), ``files`` (the
JSON Lines and CSV writers, the vocabulary beside them), ``published`` (the
folder /data/ serves, swapped in whole, one writer at a time), ``datapackage``
(its description) and ``follower`` (written again as the archive changes).
The rows themselves are ``statements.formats.dump``'s.
"""

from .files import ExportResult, export_statements, format_of
from .follower import DumpFollower, Outcome, newer_changes, refresh_dumps
from .published import Dump, DumpFile, current_dump, export_dumps
from .selection import Selection, SelectionError, parse_selection, selected

__all__ = [
    "Dump",
    "DumpFile",
    "DumpFollower",
    "ExportResult",
    "Outcome",
    "Selection",
    "SelectionError",
    "current_dump",
    "export_dumps",
    "export_statements",
    "format_of",
    "newer_changes",
    "parse_selection",
    "refresh_dumps",
    "selected",
]
