"""Importing statement files, in the pipeline's order: read, validate, store.

    from statements.ingest import import_paths
    summary = import_paths([Path("seeds")], default_status="published")

``readers`` (one per format; encodings), ``records`` (validation),
``store`` (one transaction a file; ``names`` finds or creates the vocabulary
a file names, ``results`` is what it reports) and ``gazetteer`` (places and
actors with their spellings).
"""

from .gazetteer import load_gazetteer
from .readers import FORMATS, RecordError, UnreadableFile, statement_format
from .results import FileResult, ImportSummary, NearDuplicate
from .store import find_existing, import_paths, read_records

__all__ = [
    "FORMATS",
    "FileResult",
    "ImportSummary",
    "NearDuplicate",
    "RecordError",
    "UnreadableFile",
    "find_existing",
    "import_paths",
    "load_gazetteer",
    "read_records",
    "statement_format",
]
